/**
 * Runs one scenario variant: set up `given`, then for each step let the IdP model plan requests, send
 * them, check every exchange, evaluate the step's expectations, and finally clean up what the run created.
 */
import type { ExchangeRecord, Finding, ScenarioResult, StepResult } from "../../reports/index.ts";
import { toCurl, type Exchange } from "../http/exchange.ts";
import { createScimClient, type ScimClient } from "../http/scim-client.ts";
import type { IdpModel, ModelFinding, ModelStep, PlannedRequest, StepContext } from "../idp/idp-model.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import { buildDirectory, scopedStep } from "../scenario/fixtures.ts";
import type { Capability, Step } from "../scenario/scenario-schema.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { checkExchange } from "../checks/exchange-checks.ts";
import { getByPointer } from "./json-pointer.ts";
import { checkResponseExpectations, checkStateExpectation } from "./step-expectations.ts";
import { cleanupScenario, seedGiven } from "./scenario-setup.ts";
import { runRunnerStep, type TokenState } from "./runner-steps.ts";
import { variantMisfit, type UserSchemaInfo } from "./user-schema-fit.ts";

export interface ScenarioRunContext {
  target: StartedScimTarget;
  capabilities: ReadonlySet<Capability>;
  /** The target's User schema, when discovered: variants whose user attributes do not fit are not applicable. */
  userSchema?: UserSchemaInfo;
  model: IdpModel;
  runId: string;
  seed: number;
  /** Position of this variant in the run; makes prefixes and exchange ids unique. */
  ordinal: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onStepEnd?: (step: StepResult) => void | Promise<void>;
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

const isRunnerStep = (step: Step): step is Extract<Step, { do: "expireToken" | "rotateToken" | "request" }> =>
  step.do === "expireToken" || step.do === "rotateToken" || step.do === "request";

/** Runs one variant against a started target. Never throws: problems become findings or an errored status. */
export async function runScenarioVariant(
  variant: ScenarioVariant,
  ctx: ScenarioRunContext,
): Promise<ScenarioResult> {
  const { scenario } = variant;
  const started = performance.now();
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    ...(variant.file !== undefined ? { file: variant.file } : {}),
    idp: scenario.idp,
    variant: variant.name,
    tags: scenario.tags ?? [],
    status: "passed",
    durationMs: 0,
    steps: [],
    exchanges: [],
    findings: [],
  };
  const finish = (): ScenarioResult => {
    result.durationMs = Math.round(performance.now() - started);
    return result;
  };
  const missing = requiredCapabilities(variant).filter((c) => !ctx.capabilities.has(c));
  if (missing.length > 0) {
    result.status = "notApplicable";
    result.reason = `the target lacks: ${missing.join(", ")}`;
    return finish();
  }

  const prefix = `scimh-${ctx.runId}-${ctx.ordinal}`;
  let options: Record<string, string | number | boolean>;
  try {
    options = ctx.model.resolveOptions(variant.options);
  } catch (e) {
    result.status = "errored";
    result.reason = `invalid options: ${(e as Error).message}`;
    return finish();
  }
  const misfit =
    ctx.userSchema === undefined ? undefined : variantMisfit(variant, ctx.model, options, ctx.userSchema);
  if (misfit !== undefined) {
    result.status = "notApplicable";
    result.reason = misfit;
    return finish();
  }
  const state = buildDirectory(scenario, options, {
    runPrefix: prefix,
    seed: ctx.seed,
    variant: variant.name,
  });
  const token: TokenState = { current: ctx.target.token };
  const exchanges: Exchange[] = [];
  const client = createScimClient({
    baseUrl: ctx.target.baseUrl,
    token: () => token.current,
    timeoutMs: ctx.timeoutMs,
    idPrefix: `s${ctx.ordinal}.x`,
    onExchange: (e) => {
      exchanges.push(e);
    },
  });
  let findingCount = 0;
  const toFinding = (f: ModelFinding, stepIndex: number | undefined, inferred: boolean): Finding => {
    const exchange = f.exchangeId !== undefined ? exchanges.find((e) => e.id === f.exchangeId) : undefined;
    const { exchangeId: _omit, ...rest } = f;
    return {
      ...rest,
      id: `s${ctx.ordinal}.f${++findingCount}`,
      scenarioId: scenario.id,
      variant: variant.name,
      ...(stepIndex !== undefined ? { stepIndex } : {}),
      exchangeIds: f.exchangeId !== undefined ? [f.exchangeId] : [],
      ...(exchange !== undefined ? { curl: toCurl(exchange) } : {}),
      ...(inferred ? { inferred } : {}),
    };
  };

  try {
    if (requiredCapabilities(variant).includes("tokenControl") && ctx.target.tokenControls !== undefined) {
      // A token of its own, so that expiring it cannot disturb scenarios running beside this one.
      token.current = await ctx.target.tokenControls.issueToken();
    }
    const setup = await seedGiven(state, client, scenario);
    if (setup.error !== undefined) {
      result.status = "errored";
      result.reason = setup.error;
    } else {
      await runSteps(variant, ctx, state, client, token, result, toFinding);
    }
    result.cleanup = await cleanupScenario(state, client, setup.seeded);
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

async function runSteps(
  variant: ScenarioVariant,
  ctx: ScenarioRunContext,
  state: DirectoryState,
  client: ScimClient,
  token: TokenState,
  result: ScenarioResult,
  toFinding: (f: ModelFinding, stepIndex: number | undefined, inferred: boolean) => Finding,
): Promise<void> {
  let stopReason: string | undefined;
  const reported = new Set<string>(); // target-wide rules already reported in this scenario
  for (const [index, step] of variant.scenario.steps.entries()) {
    const t0 = performance.now();
    const provenance = isRunnerStep(step)
      ? { inferred: false, evidence: [] }
      : ctx.model.provenance(step as ModelStep, state.options);
    const stepResult: StepResult = {
      index,
      action: step.do,
      ...(step.title !== undefined ? { title: step.title } : {}),
      inferred: provenance.inferred || variant.scenario.inferred === true,
      ...(provenance.evidence.length > 0 ? { evidence: provenance.evidence } : {}),
      status: "passed",
      durationMs: 0,
      exchangeIds: [],
      findings: [],
    };
    const push = async () => {
      stepResult.durationMs = Math.round(performance.now() - t0);
      result.steps.push(stepResult);
      await ctx.onStepEnd?.(stepResult);
    };
    if (ctx.signal?.aborted) stopReason ??= "the run was interrupted";
    if (stopReason !== undefined) {
      stepResult.status = "skipped";
      stepResult.reason = stopReason;
      await push();
      continue;
    }
    if (state.quarantine !== undefined && step.do !== "rotateToken" && step.do !== "request") {
      stepResult.status = "skipped";
      stepResult.reason = `not sent: the IdP has quarantined the app (${state.quarantine.reason})`;
      if (!isRunnerStep(step) && ctx.model.recordWhileQuarantined !== undefined) {
        const kept = ctx.model.recordWhileQuarantined(scopedStep(step, state) as ModelStep, state);
        stepResult.reason += kept
          ? "; the source change is recorded and provisioned by the first cycle after the quarantine"
          : "; a later cycle does not replay this change";
      }
      await push();
      continue;
    }
    const findings: ModelFinding[] = [];
    const notes: string[] = [];
    const sent: { request: PlannedRequest; exchange: Exchange }[] = [];
    const wasQuarantined = state.quarantine !== undefined;
    const stepCtx: StepContext = {
      state,
      fail: (f) => findings.push(f),
      quarantine: (reason, evidence, exchangeId) => {
        state.quarantine = { reason, evidence, ...(exchangeId !== undefined ? { exchangeId } : {}) };
      },
      note: (m) => notes.push(m),
    };
    try {
      if (isRunnerStep(step)) {
        await runRunnerStep(step, ctx.target, state, client, token, stepCtx, sent, reported);
      } else {
        const plan = ctx.model.plan(scopedStep(step, state) as ModelStep, stepCtx);
        // Requests sent together with an earlier one (`concurrentWith`), until the plan yields them.
        const early = new Map<PlannedRequest, Promise<Exchange>>();
        let next = plan.next();
        while (!next.done) {
          const request = next.value;
          let pending = early.get(request);
          if (pending !== undefined) early.delete(request);
          else {
            pending = client.send(request);
            for (const other of request.concurrentWith ?? []) early.set(other, client.send(other));
          }
          const exchange = await pending;
          sent.push({ request, exchange });
          findings.push(...checkExchange(exchange, reported));
          next = plan.next(exchange);
        }
        for (const [request, pending] of early) {
          const exchange = await pending;
          sent.push({ request, exchange });
          findings.push(...checkExchange(exchange, reported));
        }
      }
      const main = sent.findLast((s) => s.request.main === true) ?? sent.at(-1);
      for (const [name, pointer] of Object.entries(step.capture ?? {})) {
        state.vars.set(name, getByPointer(main?.exchange.response?.body, pointer));
      }
      const severity = step.expect?.severity;
      const expected = (fs: ModelFinding[]): ModelFinding[] =>
        severity === undefined ? fs : fs.map((f) => ({ ...f, severity }));
      findings.push(...expected(checkResponseExpectations(step.expect, main?.exchange, state)));
      if (state.quarantine !== undefined && !wasQuarantined && step.expect?.quarantined !== true) {
        findings.push({
          ruleId: "idp.quarantined",
          severity: "error",
          title: "The IdP quarantined the app",
          message: `${ctx.model.name} stops provisioning: ${state.quarantine.reason}`,
          evidence: state.quarantine.evidence,
          ...(state.quarantine.exchangeId !== undefined ? { exchangeId: state.quarantine.exchangeId } : {}),
        });
      }
      for (const expectation of step.expect?.state ?? []) {
        const { findings: stateFindings, exchange } = await checkStateExpectation(expectation, state, client);
        findings.push(...expected(stateFindings));
        if (exchange !== undefined) sent.push({ request: { ...exchange.intent, role: "read" }, exchange });
      }
    } catch (e) {
      stepResult.status = "errored";
      stepResult.reason = (e as Error).message;
      stopReason = `step ${index} (${step.do}) errored`;
    }
    stepResult.exchangeIds = sent.map((s) => s.exchange.id);
    stepResult.findings = findings.map((f) => toFinding(f, index, stepResult.inferred));
    if (notes.length > 0) stepResult.reason = [stepResult.reason, ...notes].filter(Boolean).join("; ");
    if (stepResult.status === "passed" && stepResult.findings.some((f) => f.severity === "error"))
      stepResult.status = "failed";
    await push();
  }
}
