/**
 * `scim-harness load` as a suite of the one engine: T tenants (provisioning jobs) each replay an IdP's
 * initial cycle for N users, M groups and K memberships against the target at once, with the requests the
 * IdP model itself builds (`IdpModel.plan`, driven by `drivePlan`), paced per tenant or open loop, bounded
 * in time, and measured per request kind. What it created it deletes again at the end.
 *
 * The cycle, per tenant, in the order Entra runs an initial cycle (users before groups, §1.2 [S3]):
 * 1. users: one `assignUser` step per user (Entra: the activity probe once [C1] (inferred timing), then a
 *    lookup by filter and a create on the miss [S1] [S6]);
 * 2. managers (when the model maps the manager): one `updateUser { manager }` step per user with one, the
 *    manager second pass (§1.5.5 [C7]; a manager not yet provisioned is set in a later pass [S7]);
 * 3. groups: one `assignGroup` step per group (lookup by displayName, create, one PATCH adding its members,
 *    §1.6 [S1] [C4]; the maximum number of members per PATCH is not documented, §1.6.4).
 */
import type { Exchange } from "../http/exchange.ts";
import type { LoadResult } from "../../reports/load-schema.ts";
import { completeDraft } from "../rules/index.ts";
import { drivePlan, stepContext, type StepSink } from "../idp/drive-plan.ts";
import { getIdpModel, type IdpName } from "../idp/index.ts";
import type { IdpModel, ModelStep, PlannedRequest } from "../idp/idp-model.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import type { OptionValue } from "../scenario/scenario-schema.ts";
import type { ResourceKind } from "../session/cleanup-registry.ts";
import type { TargetSession } from "../session/target-session.ts";
import { createValueSource } from "../session/value-source.ts";
import type { SuiteContext, SuiteRunner } from "../runner/run-suites.ts";
import { buildLoadDirectory, groupKey, managerOf, userKey } from "./load-directory.ts";
import { answerClass, histogramOf, kindsOf, timelineOf, totalsOf, type LoadSample } from "./load-stats.ts";
import { loadProjection, loadVerdict } from "./load-verdict.ts";
import { Pacer, retryAfterMs } from "./pacer.ts";

export interface LoadOptions {
  idp: IdpName;
  users: number;
  groups: number;
  memberships: number;
  tenants: number;
  /** Requests per second per tenant; undefined: open loop (as fast as the target answers). */
  perTenantPerSecond: number | undefined;
  /** Requests in flight per tenant. */
  concurrency: number;
  /** The cycle stops starting new work after this long (cleanup still runs). */
  maxDurationMs: number;
  p99MaxMs?: number;
  errorRateMax?: number;
  /** Retries of one request after a 429 (each after its Retry-After); default 5. */
  maxRetries?: number;
  /** How often progress is logged; default 2 000 ms. */
  progressMs?: number;
}

/** Entra's pacing per job: "at least 25 requests per second per tenant" (§1.10 [S1] [S15]). */
export const ENTRA_RATE_PER_TENANT = 25;
/** Wait after a 429 without Retry-After before the retry (the harness's choice; Entra's is not documented). */
const DEFAULT_RETRY_WAIT_MS = 1000;

/** What the harness does on a 429, with the evidence (B24). */
export const RETRY_POLICY =
  "On 429 the tenant pauses for the Retry-After asked (1 s when absent) and resends only the refused request, up to 5 times, as a 2025 forum answer says Entra does [S17] (grade D, unverified); Microsoft says non-gallery jobs have no client-side rate limiting and older reports saw 429s retried only in the next cycle [S16] [S18], where a 429 can quarantine the job (B24).";

/** Options the load gives the model: Entra maps the manager, to replay the second pass (§1.5.5). */
const LOAD_MODEL_OPTIONS: Partial<Record<IdpName, Record<string, OptionValue>>> = {
  entra: { manager: true },
};

/** A human description of the request mix, for the report. */
function mixDescription(idp: IdpName, managers: boolean): string {
  if (idp === "entra")
    return [
      "per tenant: the activity probe once (inferred timing [C1]);",
      "per user a userName lookup by filter and a POST on the miss [S1] [S6];",
      managers
        ? "then the manager second pass, one PATCH per user with a manager (§1.5.5 [C7], no-flag casing inferred);"
        : "",
      "then per group a displayName lookup, a POST and one PATCH adding its members (§1.6 [S1] [C4]; members per PATCH not documented).",
    ]
      .filter(Boolean)
      .join(" ");
  return `per tenant: one assignUser step per user${managers ? ", a manager pass" : ""}, then one assignGroup step per group, as the ${idp} model sends them.`;
}

const resourceOf = (path: string): ResourceKind | undefined =>
  path.startsWith("/Users") ? "Users" : path.startsWith("/Groups") ? "Groups" : undefined;

/** `PATCH /Users (manager)`: method, resource, and what the request is for (the role; the phase's name for updates). */
const kindOf = (request: PlannedRequest, phase: string): string =>
  `${request.method} /${resourceOf(request.path) ?? "other"} (${request.role === "update" ? phase : request.role})`;

interface Tenant {
  index: number;
  name: string;
  credential: "own" | "shared";
  state: DirectoryState;
  pacer: Pacer;
  /** Sends a request of `phase` of the cycle: paced, measured, retried after a 429; or unmeasured (cleanup). */
  request: (request: PlannedRequest, pacer: Pacer, phase: string | undefined) => Promise<Exchange>;
  created: { kind: ResourceKind; id: string }[];
  close: () => Promise<void>;
  cycleMs: number;
  samples: LoadSample[];
}

/** The measurements of the run, shared by the tenants. */
class LoadRecorder {
  readonly samples: LoadSample[] = [];
  readonly findings = new Map<string, { count: number; example: string }>();
  rateLimited = 0;
  withRetryAfter = 0;
  retryAfterAskedMs = 0;
  retryAfterMaxMs = 0;
  retried = 0;

  finding(ruleId: string, message: string): void {
    const seen = this.findings.get(ruleId);
    if (seen === undefined) this.findings.set(ruleId, { count: 1, example: message });
    else seen.count++;
  }
}

/** The load suite; after `run`, `result()` holds the `load` block of the report. */
export function loadSuite(options: LoadOptions): SuiteRunner & { result(): LoadResult | undefined } {
  const model = getIdpModel(options.idp);
  let result: LoadResult | undefined;
  return {
    name: "load",
    size: options.tenants,
    result: () => result,
    async run(ctx) {
      result = await runLoad(ctx, model, options);
    },
  };
}

async function openTenant(
  session: TargetSession,
  model: IdpModel,
  modelOptions: Record<string, OptionValue>,
  options: LoadOptions,
  recorder: LoadRecorder,
  index: number,
  t0: number,
  deadline: number,
): Promise<Tenant> {
  const name = `t${index + 1}`;
  const issued = await session.tokenControls?.issueToken();
  const client = session.client({
    idPrefix: `load.${name}.`,
    record: false,
    ...(issued !== undefined ? { token: issued } : {}),
  });
  const state = buildLoadDirectory(
    options,
    options.idp,
    modelOptions,
    `${session.prefix}-${name}`,
    createValueSource(session.seed, session.runId).fork("load", name),
  );
  const pacer = new Pacer(options.perTenantPerSecond);
  const maxRetries = options.maxRetries ?? 5;
  const tenant: Tenant = {
    index,
    name,
    credential: issued !== undefined ? "own" : "shared",
    state,
    pacer,
    created: [],
    cycleMs: 0,
    samples: [],
    close: () => client.close(),
    async request(request, pacer, phase) {
      const measure = phase !== undefined;
      for (let attempt = 0; ; attempt++) {
        await pacer.slot();
        const started = performance.now();
        const exchange = await client.send(request);
        const latencyMs = performance.now() - started;
        const status = exchange.response?.status;
        const answer = status !== undefined ? answerClass(status) : (exchange.error?.kind ?? "other");
        const limited = status === 429;
        const retry = limited && attempt < maxRetries && (!measure || performance.now() < deadline);
        const ok = status !== undefined && status < 400 && exchange.error === undefined;
        const sample: LoadSample = {
          kind: kindOf(request, phase ?? "cleanup"),
          tenant: index,
          startMs: started - t0,
          latencyMs,
          answer,
          error: !ok && !retry,
        };
        if (measure) {
          recorder.samples.push(sample);
          tenant.samples.push(sample);
        }
        if (limited && measure) {
          recorder.rateLimited++;
          const asked = retryAfterMs(exchange.response?.headers["retry-after"]);
          if (asked !== undefined) {
            recorder.withRetryAfter++;
            recorder.retryAfterAskedMs += asked;
            recorder.retryAfterMaxMs = Math.max(recorder.retryAfterMaxMs, asked);
          }
          recorder.retried += retry ? 1 : 0;
        }
        if (retry) {
          pacer.pause(retryAfterMs(exchange.response?.headers["retry-after"]) ?? DEFAULT_RETRY_WAIT_MS);
          continue;
        }
        const id = (exchange.response?.body as { id?: unknown } | undefined)?.id;
        const kind = resourceOf(request.path);
        if (request.method === "POST" && status === 201 && typeof id === "string" && kind !== undefined) {
          tenant.created.push({ kind, id });
          session.cleanup.track(kind, id);
        }
        return exchange;
      }
    },
  };
  return tenant;
}

/** Runs `steps` through the model with `concurrency` in flight; stops starting new ones after the deadline. */
async function runPhase(
  phase: string,
  tenant: Tenant,
  model: IdpModel,
  steps: readonly ModelStep[],
  concurrency: number,
  deadline: number,
  recorder: LoadRecorder,
): Promise<number> {
  let next = 0;
  let skipped = 0;
  const sink: StepSink = { findings: [], notes: [] };
  const context = stepContext(tenant.state, sink);
  const worker = async () => {
    while (next < steps.length) {
      const step = steps[next++]!;
      if (performance.now() >= deadline || tenant.state.quarantined !== undefined) {
        skipped++;
        continue;
      }
      await drivePlan(model.plan(step, context), (request) => tenant.request(request, tenant.pacer, phase));
      for (const draft of sink.findings.splice(0))
        recorder.finding(draft.ruleId, completeDraft(draft).message);
      sink.notes.length = 0;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, steps.length)) }, worker));
  return skipped;
}

/** The initial cycle of one tenant; returns the steps not started (deadline, quarantine). */
async function runCycle(
  tenant: Tenant,
  model: IdpModel,
  options: LoadOptions,
  managers: boolean,
  deadline: number,
  recorder: LoadRecorder,
): Promise<number> {
  const started = performance.now();
  const users = Array.from({ length: options.users }, (_, i): ModelStep => ({
    do: "assignUser",
    user: userKey(i),
  }));
  const managerSteps: ModelStep[] = [];
  if (managers) {
    for (let i = 0; i < options.users; i++) {
      const manager = managerOf(i);
      if (manager !== undefined) managerSteps.push({ do: "updateUser", user: userKey(i), set: { manager } });
    }
  }
  const groups = Array.from({ length: options.groups }, (_, g): ModelStep => ({
    do: "assignGroup",
    group: groupKey(g),
  }));
  let skipped = 0;
  for (const [phase, steps] of [
    ["users", users],
    ["manager", managerSteps],
    ["groups", groups],
  ] as const)
    skipped += await runPhase(phase, tenant, model, steps, options.concurrency, deadline, recorder);
  tenant.cycleMs = performance.now() - started;
  return skipped;
}

/** Deletes what the tenant created (groups first), with its own credential and pace; forgets the deleted. */
async function cleanTenant(
  tenant: Tenant,
  session: TargetSession,
  concurrency: number,
): Promise<{ attempted: number; deleted: number; failures: string[] }> {
  const items = [...tenant.created].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "Groups" ? -1 : 1));
  const summary = { attempted: 0, deleted: 0, failures: [] as string[] };
  const pacer = new Pacer(undefined); // unpaced, but a Retry-After still pauses it
  let next = 0;
  const deleteNext = async (kind: ResourceKind): Promise<void> => {
    while (next < items.length && items[next]!.kind === kind) {
      const item = items[next++]!;
      summary.attempted++;
      const path = `/${item.kind}/${encodeURIComponent(item.id)}`;
      const exchange = await tenant.request(
        { role: "delete", label: `load cleanup: DELETE ${path}`, method: "DELETE", path },
        pacer,
        undefined,
      );
      const status = exchange.response?.status;
      if (status !== undefined && (status < 300 || status === 404)) {
        summary.deleted++;
        session.cleanup.forget(item.kind, item.id);
      } else summary.failures.push(`DELETE ${path}: ${status ?? exchange.error?.kind}`);
    }
  };
  for (const kind of ["Groups", "Users"] as const)
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => deleteNext(kind)));
  return summary;
}

async function runLoad(ctx: SuiteContext, model: IdpModel, options: LoadOptions): Promise<LoadResult> {
  const { session, emit } = ctx;
  const recorder = new LoadRecorder();
  const modelOptions = model.resolveOptions(LOAD_MODEL_OPTIONS[options.idp] ?? {});
  const managers = model.userAttributes?.(modelOptions).sent.some((p) => p.endsWith(":manager")) === true;
  const t0 = performance.now();
  const deadline = t0 + options.maxDurationMs;
  const tenants: Tenant[] = [];
  for (let i = 0; i < options.tenants; i++)
    tenants.push(await openTenant(session, model, modelOptions, options, recorder, i, t0, deadline));
  const total = options.tenants * (options.users * (managers ? 3 : 2) + options.groups * 3);
  await emit.log(
    `load: ${options.tenants} tenant(s) × ${options.users} users, ${options.groups} groups, ${options.memberships} memberships (${options.idp}); about ${total} requests, ${options.perTenantPerSecond === undefined ? "open loop" : `${options.perTenantPerSecond} req/s per tenant`}, stops after ${Math.round(options.maxDurationMs / 1000)} s`,
  );
  const progress = setInterval(() => {
    const t = (performance.now() - t0) / 1000;
    const recent = recorder.samples.filter((s) => s.startMs >= (t - 2) * 1000);
    const totals = totalsOf(recent);
    void emit.log(
      `load: ${t.toFixed(0)} s  ${recorder.samples.length}/~${total} requests  ${(recent.length / 2).toFixed(0)} req/s  p99 ${totals.latencyMs.p99.toFixed(1)} ms  errors ${recorder.samples.filter((s) => s.error).length}  429s ${recorder.rateLimited}`,
    );
  }, options.progressMs ?? 2000);
  progress.unref();
  let skipped = 0;
  try {
    const results = await Promise.all(
      tenants.map((tenant) => runCycle(tenant, model, options, managers, deadline, recorder)),
    );
    skipped = results.reduce((a, b) => a + b, 0);
  } finally {
    clearInterval(progress);
  }
  const durationMs = performance.now() - t0;
  const measured = [...recorder.samples];
  await emit.log(`load: cycle done in ${(durationMs / 1000).toFixed(1)} s; deleting what it created`);
  const cleanups = await Promise.all(tenants.map((t) => cleanTenant(t, session, options.concurrency)));
  await Promise.all(tenants.map((t) => t.close()));
  const stoppedEarly =
    skipped > 0
      ? `${skipped} step(s) not started: ${tenants.some((t) => t.state.quarantined !== undefined) ? `the ${options.idp} model quarantined the job` : `--max-duration ${Math.round(options.maxDurationMs / 1000)} s reached`}`
      : undefined;
  if (stoppedEarly !== undefined) emit.incomplete(`load: ${stoppedEarly}`);
  const totals = totalsOf(measured);
  const logical = totals.requests - recorder.retried;
  const errorRate = logical === 0 ? 0 : totals.errors / logical;
  const base = {
    idp: options.idp,
    model: mixDescription(options.idp, managers),
    users: options.users,
    groups: options.groups,
    memberships: options.memberships,
    tenants: options.tenants,
    pacing: {
      mode: options.perTenantPerSecond === undefined ? ("open-loop" as const) : ("paced" as const),
      ...(options.perTenantPerSecond !== undefined ? { perTenantPerSecond: options.perTenantPerSecond } : {}),
      concurrencyPerTenant: options.concurrency,
    },
    durationMs: Math.round(durationMs),
    ...(stoppedEarly !== undefined ? { stoppedEarly } : {}),
    ...totals,
    errorRate: Math.round(errorRate * 1e6) / 1e6,
    kinds: kindsOf(measured),
    rateLimit: {
      responses: recorder.rateLimited,
      withRetryAfter: recorder.withRetryAfter,
      retryAfterAskedMs: recorder.retryAfterAskedMs,
      retryAfterMaxMs: recorder.retryAfterMaxMs,
      waitedMs: Math.round(tenants.reduce((a, t) => a + t.pacer.waitedMs, 0)),
      policy: RETRY_POLICY,
    },
    tenantResults: tenants.map((t) => ({
      tenant: t.name,
      credential: t.credential,
      cycleMs: Math.round(t.cycleMs),
      requests: t.samples.length,
      errors: t.samples.filter((s) => s.error).length,
      rateLimited: t.samples.filter((s) => s.answer === "429").length,
      retryAfterWaitMs: Math.round(t.pacer.waitedMs),
      ...(t.state.quarantined !== undefined ? { quarantined: t.state.quarantined.reason } : {}),
    })),
    timeline: timelineOf(measured, durationMs),
    histogram: histogramOf(measured),
    projection: loadProjection(options, Math.max(0, ...tenants.map((t) => t.cycleMs))),
    modelFindings: [...recorder.findings].map(([ruleId, f]) => ({ ruleId, ...f })),
    cleanup: {
      attempted: cleanups.reduce((a, c) => a + c.attempted, 0),
      deleted: cleanups.reduce((a, c) => a + c.deleted, 0),
      failures: cleanups.flatMap((c) => c.failures).slice(0, 50),
    },
  };
  return { ...base, verdict: loadVerdict(base, options) };
}
