/**
 * One step of a scenario variant being run: what it needs (the variant's run: model, state, client, token)
 * and what it produces (exchanges, findings, notes, status), in one object instead of long parameter lists.
 */
import { scopedStep } from "../scenario/fixtures.ts";
import { SCENARIO_RULE } from "../rules/index.ts";
import type { Finding, StepResult } from "../../reports/index.ts";
import { checkExchange } from "../checks/exchange-checks.ts";
import type { ScimClient } from "../http/scim-client.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import { drivePlan, stepContext, type SentExchange } from "../idp/drive-plan.ts";
import type { IdpModel, ModelFinding, ModelStep, StepContext } from "../idp/idp-model.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import type { Step } from "../scenario/scenario-schema.ts";
import type { RefusedCredential } from "../session/refused-credential.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { captureValue, captureWhere } from "./capture-value.ts";
import { isRunnerStep, runRunnerStep, type TokenState } from "./runner-steps.ts";
import { checkResponseExpectations, checkStateExpectation, type MainExchange } from "./step-expectations.ts";

/** What the steps of one scenario variant share. */
export interface VariantRun {
  readonly variant: ScenarioVariant;
  readonly model: IdpModel;
  readonly target: StartedScimTarget;
  readonly state: DirectoryState;
  readonly client: ScimClient;
  readonly token: TokenState;
  /** How `expireToken` and `rotateToken` are done (token controls or --expired-token-env); none: not applicable. */
  readonly refusedCredential: RefusedCredential | undefined;
  /** Target-wide rules already reported in this variant (each is reported once). */
  readonly reported: Set<string>;
  /** A model finding as a report finding. */
  toFinding(finding: ModelFinding, stepIndex: number, inferred: boolean): Finding;
}

export class StepRun {
  readonly findings: ModelFinding[] = [];
  readonly notes: string[] = [];
  readonly sent: SentExchange[] = [];
  /** What the model's plan (or a runner step) reports through. */
  readonly context: StepContext;
  status: StepResult["status"] = "passed";
  reason: string | undefined;
  readonly #started = performance.now();
  readonly #inferred: boolean;
  readonly #evidence: string[];
  /** Expectations that could not run, with the reason. */
  readonly #notRun: string[] = [];

  constructor(
    readonly run: VariantRun,
    readonly index: number,
    readonly step: Step,
  ) {
    this.context = stepContext(run.state, this);
    const provenance = isRunnerStep(step)
      ? { inferred: false, evidence: [] }
      : run.model.provenance(step as ModelStep, run.state.options);
    this.#inferred = provenance.inferred || run.variant.scenario.inferred === true;
    this.#evidence = provenance.evidence;
  }

  get state(): DirectoryState {
    return this.run.state;
  }

  /** Records an exchange the step sent and runs the built-in exchange checks on it. */
  record(sent: SentExchange): void {
    this.sent.push(sent);
    this.findings.push(...checkExchange(sent.exchange, this.run.reported));
  }

  /** Marks the step skipped with its reason. */
  skip(reason: string): void {
    this.status = "skipped";
    this.reason = reason;
  }

  /**
   * Skips the step when the IdP has quarantined the app (token rotation and raw requests still run); the
   * model may record the step's source change for the first cycle after the quarantine.
   */
  skipWhileQuarantined(): boolean {
    const quarantine = this.state.quarantined;
    if (quarantine === undefined || this.step.do === "rotateToken" || this.step.do === "request")
      return false;
    let reason = `not sent: the IdP has quarantined the app (${quarantine.reason})`;
    const record = this.run.model.recordWhileQuarantined;
    if (!isRunnerStep(this.step) && record !== undefined) {
      reason += record.call(this.run.model, scopedStep(this.step, this.state) as ModelStep, this.state)
        ? "; the source change is recorded and provisioned by the first cycle after the quarantine"
        : "; a later cycle does not replay this change";
    }
    this.skip(reason);
    return true;
  }

  /** Sends the step's requests and evaluates its expectations; a harness problem makes it errored. */
  async execute(): Promise<void> {
    const wasQuarantined = this.state.quarantined !== undefined;
    try {
      if (isRunnerStep(this.step)) await runRunnerStep(this, this.step);
      else {
        const plan = this.run.model.plan(scopedStep(this.step, this.state) as ModelStep, this.context);
        await drivePlan(plan, (request) => this.run.client.send(request), {
          onExchange: (sent) => this.record(sent),
        });
      }
      this.evaluateResponse(wasQuarantined);
      await this.evaluateState();
    } catch (e) {
      this.status = "errored";
      this.reason = (e as Error).message;
    }
  }

  /**
   * The main request's exchange: the last one marked `main`; else the last one, unless the model marks its
   * main requests (then the step stopped before sending it).
   */
  mainExchange(): MainExchange {
    const marked = this.sent.findLast((s) => s.request.main === true);
    if (marked !== undefined) return { exchange: marked.exchange };
    const last = this.sent.at(-1);
    if (last === undefined) return { missing: "the step sent no request" };
    if (isRunnerStep(this.step) || this.run.model.marksMainRequest !== true)
      return { exchange: last.exchange };
    const { method, url } = last.exchange.request;
    const answer = last.exchange.response?.status ?? last.exchange.error?.kind ?? "nothing";
    const quarantine = this.state.quarantined;
    const quarantined =
      quarantine !== undefined ? `; the IdP quarantined the app (${quarantine.reason})` : "";
    return {
      missing: `the step stopped after ${this.sent.length} request(s), the last ${method} ${url} answered ${answer}${quarantined}`,
    };
  }

  /** Captures, `expect.status` / `expect.body` / `expect.quarantined`, and an unexpected quarantine. */
  evaluateResponse(wasQuarantined: boolean): void {
    const main = this.mainExchange();
    const expect = this.step.expect;
    if ("exchange" in main) {
      for (const [name, source] of Object.entries(this.step.capture ?? {})) {
        const value = captureValue(main.exchange.response, source);
        this.state.capture(name, value);
        // Said here; a later step that uses ${name} stops as errored (could not run), never failed.
        if (value === undefined)
          this.notes.push(
            `capture ${name}: ${captureWhere(source)} in the answer (${main.exchange.response?.status ?? main.exchange.error?.kind ?? "none"}${main.exchange.response?.bodyText ? "" : ", no body"})`,
          );
      }
    }
    if (
      "missing" in main &&
      (expect?.status !== undefined || expect?.body !== undefined || expect?.schema !== undefined)
    )
      this.#notRun.push(`expectations on the main request could not run: ${main.missing}`);
    this.findings.push(...this.#expected(checkResponseExpectations(expect, main, this.state)));
    const quarantine = this.state.quarantined;
    if (quarantine !== undefined && !wasQuarantined && expect?.quarantined !== true) {
      this.findings.push({
        ruleId: SCENARIO_RULE.quarantined,
        message: `${this.run.model.name} stops provisioning: ${quarantine.reason}`,
        evidence: [...quarantine.evidence],
        ...(quarantine.exchangeId !== undefined ? { exchangeIds: [quarantine.exchangeId] } : {}),
      });
    }
  }

  /** `expect.state`: reads the target back by GET. */
  async evaluateState(): Promise<void> {
    for (const expectation of this.step.expect?.state ?? []) {
      const { findings, exchange } = await checkStateExpectation(expectation, this.state, this.run.client);
      this.findings.push(...this.#expected(findings));
      if (exchange !== undefined) this.sent.push({ request: { ...exchange.intent, role: "read" }, exchange });
    }
  }

  /** Findings of the step's own `expect` block, at the scenario's `expect.severity` when it sets one. */
  #expected(findings: ModelFinding[]): ModelFinding[] {
    const severity = this.step.expect?.severity;
    return severity === undefined ? findings : findings.map((f) => ({ ...f, severity }));
  }

  /** The step's result for the report. */
  result(): StepResult {
    const findings = this.findings.map((f) => this.run.toFinding(f, this.index, this.#inferred));
    const reason = [this.reason, ...this.#notRun, ...this.notes].filter(Boolean).join("; ");
    let status = this.status;
    if (status === "passed" && findings.some((f) => f.severity === "error")) status = "failed";
    // Never a silent pass: an expectation that could not run leaves the step without a verdict.
    if (status === "passed" && this.#notRun.length > 0) status = "errored";
    return {
      index: this.index,
      action: this.step.do,
      ...(this.step.title !== undefined ? { title: this.step.title } : {}),
      inferred: this.#inferred,
      ...(this.#evidence.length > 0 ? { evidence: this.#evidence } : {}),
      status,
      ...(reason !== "" ? { reason } : {}),
      durationMs: Math.round(performance.now() - this.#started),
      exchangeIds: this.sent.map((s) => s.exchange.id),
      findings,
    };
  }
}
