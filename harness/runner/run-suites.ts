/**
 * The one run engine: opens a `TargetSession` on a started target, runs each suite through it (scenarios,
 * the contract suite, the property suites: anything that implements `SuiteRunner`), lets the suites emit
 * their results into one `ReportBuilder`, and hands the finished report to the reporters once.
 *
 * harness/ does not import contracts/: the CLI (the composition root) passes the contract and property
 * suites in as `SuiteRunner`s.
 */
import type {
  ContractCheckResult,
  Finding,
  PropertyResult,
  RunReport,
  ScenarioResult,
} from "../../reports/index.ts";
import type { RuleDefinition } from "../../reports/rule.ts";
import type { Exchange } from "../http/exchange.ts";
import type { DiscoveryPath } from "../session/discovery.ts";
import { preflight, PREFLIGHT_TIMEOUT_MS } from "../session/preflight.ts";
import type { KeptResource } from "../session/cleanup-registry.ts";
import { DEFAULT_REQUEST_TIMEOUT_MS, TargetSession } from "../session/target-session.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { safeUrl } from "../targets/url-target.ts";
import { ReportBuilder } from "./report-builder.ts";
import { notify, type Reporter } from "./run-events.ts";

/** Default heartbeat: a line about a request still unanswered after this long, and again as long as it waits. */
const HEARTBEAT_MS = 5_000;
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Where a suite puts what it found; each call also tells the reporters. */
export interface SuiteSink {
  scenario(index: number, result: ScenarioResult): Promise<void>;
  /** `index`: the check's position in the selection (the report keeps that order). */
  contractCheck(index: number, result: ContractCheckResult, findings: readonly Finding[]): Promise<void>;
  property(result: PropertyResult): Promise<void>;
  /** Run-level findings that belong to no scenario, check or property. */
  findings(findings: readonly Finding[]): void;
  /** The suite did not do all it was asked to; the reason shows in the report's verdict. */
  incomplete(reason: string): void;
  log(line: string): Promise<void>;
}

export interface SuiteContext {
  readonly session: TargetSession;
  readonly reporters: readonly Reporter[];
  readonly signal: AbortSignal | undefined;
  readonly emit: SuiteSink;
}

/** One suite of the engine. */
export interface SuiteRunner {
  /** `scenarios`, `contracts`, `properties`. */
  readonly name: string;
  /** Items it will run, for progress (scenario variants, checks, properties). */
  readonly size: number;
  run(ctx: SuiteContext): Promise<void>;
}

export interface RunSuitesOptions {
  target: StartedScimTarget;
  suites: readonly SuiteRunner[];
  /** Seed of every generated value; default random (printed in the report). */
  seed?: number;
  /** Short id in every created resource name; default random. */
  runId?: string;
  /** Per-request timeout; default 60 000 ms (Entra's deadline [S19]). */
  timeoutMs?: number;
  /** A credential the target must refuse (`--expired-token-env`): its value and the variable it came from. */
  expiredToken?: { token: string; variable: string };
  /** The environment variable the target's token came from (`--token-env`): every curl line names it. */
  tokenVariable?: string;
  /** Called with each token the target issues to the run (token controls): a secret to redact. */
  onTokenIssued?: (token: string) => void;
  reporters?: readonly Reporter[];
  signal?: AbortSignal;
  command?: string;
  /** The full rule catalogue (the CLI composes it); root causes take their IdP impact from it. */
  rules?: readonly RuleDefinition[];
  /** Applied to the assembled report before the reporters see it (baseline, waivers). */
  finalize?: (report: RunReport) => RunReport;
  /**
   * Preflight before any suite (harness/session/preflight.ts): a misconfigured target fails with
   * `PreflightError` (exit 2) instead of being graded. `tokenEnv` names the token's variable in the hint;
   * `false` skips it (tests that drive a target known to answer). Default on.
   */
  preflight?: false | { tokenEnv?: string };
  /** How often the console hears what the run waits for when a request is slow; default 5 000 ms. */
  heartbeatMs?: number;
  /** Called once the session is open, with a way to build the report as it stands (for an emergency stop). */
  onBuilder?: (snapshot: () => RunReport) => void;
  /**
   * `--keep`: nothing the scenarios and contract checks create is deleted (property cases still clean up
   * after each case); called once the suites are done with what stays on the target.
   */
  keep?: (resources: readonly KeptResource[]) => void;
}

/**
 * Runs the suites in order and returns the finished report. Throws PreflightError when the target is
 * misconfigured (no token, wrong base path, not SCIM, TLS, unreachable), TargetStartError when it stops answering.
 */
export async function runSuites(options: RunSuitesOptions): Promise<RunReport> {
  const reporters = options.reporters ?? [];
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  // What preflight read of discovery: the session uses it, so each document is asked for once per run.
  const discoveryRead = new Map<DiscoveryPath, Exchange>();
  if (options.preflight !== false) {
    const t0 = performance.now();
    const waiting = setInterval(
      () =>
        void notify(
          reporters,
          "onLog",
          `preflight: waiting for ${safeUrl(options.target.baseUrl)} to answer discovery and GET /Users?count=1 (${seconds(performance.now() - t0)} so far)`,
        ),
      heartbeatMs,
    );
    waiting.unref();
    await preflight({
      target: options.target, // its logs go with a failure, like a start error's
      timeoutMs: Math.min(PREFLIGHT_TIMEOUT_MS, options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
      ...(options.preflight?.tokenEnv !== undefined ? { tokenEnv: options.preflight.tokenEnv } : {}),
      onDocument: (path, exchange) => discoveryRead.set(path, exchange),
    }).finally(() => clearInterval(waiting));
  }
  const session = await TargetSession.open({
    target: options.target,
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.expiredToken !== undefined ? { expiredToken: options.expiredToken } : {}),
    keep: options.keep !== undefined,
    ...(options.tokenVariable !== undefined ? { tokenVariable: options.tokenVariable } : {}),
    ...(options.onTokenIssued !== undefined ? { onTokenIssued: options.onTokenIssued } : {}),
    discoveryRead,
  });
  const builder = new ReportBuilder({
    target: options.target,
    runId: session.runId,
    seed: session.seed,
    ...(options.command !== undefined ? { command: options.command } : {}),
    ...(options.rules !== undefined ? { rules: options.rules } : {}),
  });
  options.onBuilder?.(() => builder.build(session.exchanges));
  const emit: SuiteSink = {
    scenario: async (index, result) => {
      builder.addScenario(index, result);
      await notify(reporters, "onScenarioEnd", result);
    },
    contractCheck: async (index, result, findings) => {
      builder.addContractCheck(index, result, findings);
      await notify(reporters, "onContractCheckEnd", result);
    },
    property: async (result) => {
      builder.addProperty(result);
      await notify(reporters, "onPropertyEnd", result);
    },
    findings: (findings) => builder.addFindings(findings),
    incomplete: (reason) => builder.markIncomplete(reason),
    log: (line) => notify(reporters, "onLog", line),
  };
  // Silence is never longer than a heartbeat: a slow or hung target is named with the request and the wait.
  const heartbeat = setInterval(() => {
    const w = session.waitingFor();
    if (w === undefined || w.waitedMs < heartbeatMs) return;
    const others = w.open > 1 ? `; ${w.open} requests open` : "";
    void notify(
      reporters,
      "onLog",
      `waiting for the target: ${w.label} has had no answer for ${seconds(w.waitedMs)} (gives up at ${seconds(w.timeoutMs)})${others}`,
    );
  }, heartbeatMs);
  heartbeat.unref();
  const total = options.suites.find((s) => s.name === "scenarios")?.size ?? 0;
  await notify(reporters, "onRunStart", { total, target: builder.target });
  try {
    for (const suite of options.suites) {
      if (options.signal?.aborted === true) {
        builder.markIncomplete(`interrupted: the ${suite.name} suite did not run`);
        continue;
      }
      if (suite.name === "contracts") builder.startContracts();
      if (suite.name === "properties") builder.startProperties();
      await notify(reporters, "onSuiteStart", { suite: suite.name, total: suite.size });
      await suite.run({ session, reporters, signal: options.signal, emit });
    }
  } finally {
    clearInterval(heartbeat);
    await session.close();
    options.keep?.(session.cleanup.kept);
  }
  const built = builder.build(session.exchanges);
  const report = options.finalize?.(built) ?? built;
  await notify(reporters, "onRunEnd", report);
  return report;
}
