/**
 * Runs one scenario variant: set up `given`, then for each step let the IdP model plan requests, send
 * them, check every exchange, evaluate the step's expectations, and finally clean up what the run created.
 */
import { completeDraft, SCENARIO_RULE } from "../rules/index.ts";
import type { ExchangeRecord, ScenarioResult, StepResult } from "../../reports/index.ts";
import { toCurl, type Exchange } from "../http/exchange.ts";
import { createScimClient, type ScimClient, type ScimClientOptions } from "../http/scim-client.ts";
import type { IdpModel } from "../idp/idp-model.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import { buildDirectory } from "../scenario/fixtures.ts";
import type { Capability, OptionValue } from "../scenario/scenario-schema.ts";
import {
  fromTokenControls,
  NO_REFUSED_CREDENTIAL,
  type RefusedCredential,
} from "../session/refused-credential.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { cleanupScenario, scenarioResources, seedGiven } from "./scenario-setup.ts";
import type { TokenState } from "./runner-steps.ts";
import { StepRun, type VariantRun } from "./step-run.ts";
import { adaptToUserSchema, type UserSchemaInfo } from "./user-schema-fit.ts";

export interface ScenarioRunContext {
  target: StartedScimTarget;
  capabilities: ReadonlySet<Capability>;
  /** The session's refused credential (`tokenControl`); default: from the target's token controls, if any. */
  refusedCredential?: RefusedCredential;
  /**
   * The target's User schema, when discovered: the variant's mapping is adapted to it (attributes the
   * target lacks left out, recorded as an info finding); a variant that still does not fit is not applicable.
   */
  userSchema?: UserSchemaInfo;
  model: IdpModel;
  runId: string;
  seed: number;
  /** Position of this variant in the run; makes prefixes and exchange ids unique. */
  ordinal: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onStepEnd?: (step: StepResult) => void | Promise<void>;
  /**
   * Makes the variant's client; the run engine passes the session's (which records every exchange in the
   * run's store). Default: a plain client.
   */
  createClient?: (options: ScimClientOptions & { idPrefix: string }) => ScimClient;
  /** `--keep`: what the variant created is handed over here instead of deleted. */
  keep?: (kind: "Users" | "Groups", id: string) => void;
}

const GROUP_STEPS = new Set([
  "assignGroup",
  "renameGroup",
  "addMembers",
  "removeMembers",
  "deleteGroup",
  "disassociateGroup",
]);

/** Capabilities a scenario needs: its `appliesTo` plus what its steps imply. */
export function requiredCapabilities(variant: ScenarioVariant): Capability[] {
  const needed = new Set<Capability>(variant.scenario.appliesTo ?? ["users"]);
  for (const step of variant.scenario.steps) {
    if (GROUP_STEPS.has(step.do)) needed.add("groups");
    if (step.do === "expireToken" || step.do === "rotateToken") needed.add("tokenControl");
    if (step.do === "syncPassword") needed.add("password");
  }
  if (Object.keys(variant.scenario.given?.groups ?? {}).length > 0) needed.add("groups");
  return [...needed];
}

export function toExchangeRecord(exchange: Exchange): ExchangeRecord {
  const record: ExchangeRecord = {
    id: exchange.id,
    label: exchange.label,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    request: { ...exchange.request },
    curl: toCurl(exchange),
  };
  if (exchange.response !== undefined) {
    const { status, headers, bodyText, truncated } = exchange.response;
    record.response = { status, headers, body: bodyText, ...(truncated ? { truncated } : {}) };
  }
  if (exchange.error !== undefined) record.error = { ...exchange.error };
  return record;
}

/** The client's sequence number of an exchange (`s3.x12` → 12). */
const sendOrder = (exchange: Exchange): number => Number(/(\d+)$/.exec(exchange.id)?.[1] ?? 0);

/** A fresh result for a variant, passed until something says otherwise. */
function newResult(variant: ScenarioVariant): ScenarioResult {
  const { scenario } = variant;
  return {
    id: scenario.id,
    title: scenario.title,
    ...(variant.file !== undefined ? { file: variant.file } : {}),
    idp: scenario.idp,
    variant: variant.name,
    tags: scenario.tags ?? [],
    actions: [...new Set(scenario.steps.map((s) => s.do))],
    status: "passed",
    durationMs: 0,
    steps: [],
    exchanges: [],
    findings: [],
  };
}

/**
 * Why the variant cannot run on this target (capabilities, options, User schema), or its resolved options,
 * adapted to the target's User schema (`dropped`: the attributes left out of the mapping).
 */
function preflight(
  variant: ScenarioVariant,
  ctx: ScenarioRunContext,
):
  | { options: Record<string, OptionValue>; dropped: string[]; inferred: boolean }
  | { status: "notApplicable" | "errored"; reason: string } {
  const missing = requiredCapabilities(variant).filter((c) => !ctx.capabilities.has(c));
  if (missing.length > 0)
    return {
      status: "notApplicable",
      reason: `the target lacks: ${missing.join(", ")}${missing.includes("tokenControl") ? ` (${NO_REFUSED_CREDENTIAL})` : ""}`,
    };
  let options: Record<string, OptionValue>;
  try {
    options = ctx.model.resolveOptions(variant.options);
  } catch (e) {
    return { status: "errored", reason: `invalid options: ${(e as Error).message}` };
  }
  if (ctx.userSchema === undefined) return { options, dropped: [], inferred: false };
  try {
    const adapted = adaptToUserSchema(variant, ctx.model, options, ctx.userSchema);
    return "notApplicable" in adapted ? { status: "notApplicable", reason: adapted.notApplicable } : adapted;
  } catch (e) {
    return {
      status: "errored",
      reason: `adapting the mapping to the target's User schema: ${(e as Error).message}`,
    };
  }
}

/** The info finding recording the attributes left out of the variant's mapping. */
function adaptationFinding(
  variant: ScenarioVariant,
  ordinal: number,
  ready: { dropped: string[]; inferred: boolean },
): ScenarioResult["findings"][number] {
  const {
    exchangeIds: _ids,
    evidence,
    ...draft
  } = completeDraft({
    ruleId: SCENARIO_RULE.mappingAdapted,
    message: `The target's User schema (/Schemas, RFC 7643 §7) has no ${ready.dropped.join(", ")}: left out of the ${variant.scenario.idp} attribute mapping, as an admin would, and the scenario ran without ${ready.dropped.length === 1 ? "it" : "them"}${ready.inferred ? " (inferred: no source says the admin can unmap it)" : ""}.`,
    evidence: ["[S6]"],
  });
  return {
    ...draft,
    ...(evidence !== undefined ? { evidence: [...evidence] } : {}),
    id: `s${ordinal}.f0`,
    scenarioId: variant.scenario.id,
    variant: variant.name,
    exchangeIds: [],
    ...(ready.inferred ? { inferred: true } : {}),
  };
}

/** Runs one variant against a started target. Never throws: problems become findings or an errored status. */
export async function runScenarioVariant(
  variant: ScenarioVariant,
  ctx: ScenarioRunContext,
): Promise<ScenarioResult> {
  const started = performance.now();
  const result = newResult(variant);
  const finish = (): ScenarioResult => {
    result.durationMs = Math.round(performance.now() - started);
    return result;
  };
  const ready = preflight(variant, ctx);
  if (!("options" in ready)) {
    Object.assign(result, ready);
    return finish();
  }
  if (ready.dropped.length > 0) result.findings.push(adaptationFinding(variant, ctx.ordinal, ready));
  const prefix = `scimh-${ctx.runId}-${ctx.ordinal}`;
  const state = buildDirectory(variant.scenario, ready.options, {
    runPrefix: prefix,
    seed: ctx.seed,
    variant: variant.name,
  });
  const token: TokenState = { current: ctx.target.token };
  const refusedCredential =
    ctx.refusedCredential ??
    (ctx.target.tokenControls !== undefined ? fromTokenControls(ctx.target.tokenControls) : undefined);
  const exchanges: Exchange[] = [];
  const client = (ctx.createClient ?? createScimClient)({
    baseUrl: ctx.target.baseUrl,
    token: () => token.current,
    timeoutMs: ctx.timeoutMs,
    idPrefix: `s${ctx.ordinal}.x`,
    onExchange: (e) => {
      exchanges.push(e);
    },
  });
  const run: VariantRun = {
    variant,
    model: ctx.model,
    target: ctx.target,
    state,
    client,
    token,
    refusedCredential,
    reported: new Set(),
    toFinding: findingMaker(variant, ctx.ordinal, exchanges),
  };
  try {
    if (requiredCapabilities(variant).includes("tokenControl") && refusedCredential !== undefined) {
      // A token of its own where the target issues them, so that expiring it cannot disturb scenarios beside this one.
      token.current = await refusedCredential.accepted();
    }
    const setup = await seedGiven(state, client, variant.scenario);
    if (setup.error !== undefined) Object.assign(result, { status: "errored", reason: setup.error });
    else await runSteps(run, ctx, result);
    if (ctx.keep !== undefined)
      for (const r of scenarioResources(state, setup.seeded)) ctx.keep(r.kind, r.id);
    else result.cleanup = await cleanupScenario(state, client, setup.seeded);
  } catch (e) {
    result.status = "errored";
    result.reason = `harness error: ${(e as Error).stack ?? String(e)}`;
  } finally {
    await client.close();
  }
  // In send order (the client numbers exchanges when it sends them): concurrent requests finish in any order.
  result.exchanges = exchanges.sort((a, b) => sendOrder(a) - sendOrder(b)).map(toExchangeRecord);
  if (result.status === "passed" && result.steps.some((s) => s.status === "failed")) result.status = "failed";
  if (result.status === "passed" && result.steps.some((s) => s.status === "errored"))
    result.status = "errored";
  return finish();
}

/** Report findings of this variant, numbered `s<ordinal>.f<n>`, with the curl line of their exchange. */
function findingMaker(
  variant: ScenarioVariant,
  ordinal: number,
  exchanges: readonly Exchange[],
): VariantRun["toFinding"] {
  let count = 0;
  return (f, stepIndex, inferred) => {
    const { exchangeIds = [], evidence, ...rest } = completeDraft(f);
    const first = exchangeIds[0];
    const exchange = first !== undefined ? exchanges.find((e) => e.id === first) : undefined;
    return {
      ...rest,
      ...(evidence !== undefined ? { evidence: [...evidence] } : {}),
      id: `s${ordinal}.f${++count}`,
      scenarioId: variant.scenario.id,
      variant: variant.name,
      stepIndex,
      exchangeIds: [...exchangeIds],
      ...(exchange !== undefined ? { curl: toCurl(exchange) } : {}),
      ...(inferred ? { inferred } : {}),
    };
  };
}

/** Runs the steps in order; after a step errors, or the run is interrupted, the rest are skipped with why. */
async function runSteps(run: VariantRun, ctx: ScenarioRunContext, result: ScenarioResult): Promise<void> {
  let stopReason: string | undefined;
  for (const [index, step] of run.variant.scenario.steps.entries()) {
    const stepRun = new StepRun(run, index, step);
    if (ctx.signal?.aborted) stopReason ??= "the run was interrupted";
    if (stopReason !== undefined) stepRun.skip(stopReason);
    else if (!stepRun.skipWhileQuarantined()) {
      await stepRun.execute();
      if (stepRun.status === "errored") stopReason = `step ${index} (${step.do}) errored`;
    }
    const stepResult = stepRun.result();
    result.steps.push(stepResult);
    await ctx.onStepEnd?.(stepResult);
  }
}
