/**
 * The contract suite: each selected check, with its requirements evaluated against the target's discovery
 * (read once per run by the session, RFC 7644 §4), then cleanup of every resource the checks created.
 * `contractSuite()` is the suite as the run engine runs it; `runContractSuite()` runs it alone.
 */
import picomatch from "picomatch";
import type { ContractCheckResult, Finding } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { toCurl } from "../../harness/http/exchange.ts";
import type { SuiteRunner } from "../../harness/runner/run-suites.ts";
import { runPool } from "../../harness/session/run-pool.ts";
import { TargetSession } from "../../harness/session/target-session.ts";
import { NO_REFUSED_CREDENTIAL } from "../../harness/session/refused-credential.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";
import { CONTRACT_CHECKS } from "./catalogue.ts";
import { CheckAbort, dependenceNote, severityOf } from "./contract-check.ts";
import type { CheckContext, ContractCheck, Problem, Requirement } from "./contract-check.ts";
import { uniqueIds } from "./contract-context.ts";
import type { CleanupSummary, ContractContext, Discovery, Feature } from "./contract-context.ts";

export interface ContractSuiteOptions {
  /** Check ids or globs (`rfc7644.filter.*`); default: every check. */
  only?: readonly string[];
  /** Checks in flight at once (default 4). */
  concurrency?: number;
}

export interface RunContractSuiteOptions extends ContractSuiteOptions {
  target: StartedScimTarget;
  /** Per-request timeout (default 60 000 ms, Entra's deadline [S19]). */
  timeoutMs?: number;
  /** Short id in every resource name (default random hex). */
  runId?: string;
  signal?: AbortSignal;
}

export type CheckStatus = ContractCheckResult["status"];

/** A check's outcome as report.json holds it. */
export type CheckResult = ContractCheckResult;

export interface ContractSuiteResult {
  findings: Finding[];
  checks: CheckResult[];
  cleanup: CleanupSummary;
  /** Every exchange the suite sent, cleanup included (discovery is the session's). */
  exchanges: Exchange[];
}

/** `*` matches any run of characters (picomatch's `bash` mode), `?` one character. */
export function matchesGlob(id: string, pattern: string): boolean {
  return picomatch.isMatch(id, pattern, { bash: true, dot: true });
}

/** The checks an `only` list selects, in catalogue order; an unknown id or glob that matches nothing throws. */
export function selectChecks(
  only: readonly string[] | undefined,
  catalogue = CONTRACT_CHECKS,
): ContractCheck[] {
  if (only === undefined || only.length === 0) return [...catalogue];
  const unknown = only.filter((p) => !catalogue.some((c) => matchesGlob(c.id, p)));
  if (unknown.length > 0)
    throw new TypeError(`no contract check matches ${unknown.map((u) => JSON.stringify(u)).join(", ")}`);
  return catalogue.filter((c) => only.some((p) => matchesGlob(c.id, p)));
}

const FEATURES = new Set<string>(["bulk", "sort", "changePassword", "etag"]);

/** Why a requirement is not met, or undefined when it is. */
function unmet(requirement: Requirement, discovery: Discovery, base: ContractContext): string | undefined {
  if (FEATURES.has(requirement)) {
    const supported = discovery.supports(requirement as Feature);
    if (supported === true) return undefined;
    return supported === undefined
      ? `${requirement}: /ServiceProviderConfig could not be read, so it is not advertised`
      : `${requirement} is not advertised (/ServiceProviderConfig ${requirement}.supported is false)`;
  }
  switch (requirement) {
    case "patch":
    case "filter":
      return discovery.supports(requirement) === false
        ? `${requirement}.supported is false in /ServiceProviderConfig`
        : undefined;
    case "groups":
      return discovery.hasGroups ? undefined : "the target has no Group resource type";
    case "enterpriseUser":
      return discovery.hasEnterpriseUser ? undefined : "the User resource type has no enterprise extension";
    case "tokenControl":
      return base.refusedCredential !== undefined ? undefined : NO_REFUSED_CREDENTIAL;
    default: {
      const name = requirement.slice("attr:".length).toLowerCase();
      return (discovery.userAttributes?.has(name) ?? true)
        ? undefined
        : `the User schema does not declare ${name}`;
    }
  }
}

/** The contract suite as the run engine runs it: selection is checked now, so a bad `--check` fails early. */
export function contractSuite(options: ContractSuiteOptions = {}): SuiteRunner {
  const checks = selectChecks(options.only);
  return {
    name: "contracts",
    size: checks.length,
    async run({ session, signal, emit }) {
      const result = await runChecks(session, checks, options.concurrency ?? 4, signal, (i, r, f) =>
        emit.contractCheck(i, r, f),
      );
      const failed = result.checks.filter((c) => c.status === "failed").length;
      const na = result.checks.filter((c) => c.status === "notApplicable").length;
      const errored = result.checks.filter((c) => c.status === "errored").length;
      await emit.log(
        `contracts: ${result.checks.length} checks, ${failed} failed, ${na} not applicable, ${errored} could not run`,
      );
    },
  };
}

/** Runs the contract suite alone on a started target (its own session). Never throws for target misbehaviour. */
export async function runContractSuite(options: RunContractSuiteOptions): Promise<ContractSuiteResult> {
  const checks = selectChecks(options.only);
  const session = await TargetSession.open({
    target: options.target,
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  try {
    return await runChecks(session, checks, options.concurrency ?? 4, options.signal, async () => {});
  } finally {
    await session.close();
  }
}

/** Runs the checks through the session; each finished check goes to `onCheck` with its findings. */
async function runChecks(
  session: TargetSession,
  checks: readonly ContractCheck[],
  concurrency: number,
  signal: AbortSignal | undefined,
  onCheck: (index: number, result: CheckResult, findings: Finding[]) => Promise<void>,
): Promise<ContractSuiteResult> {
  const exchanges: Exchange[] = [];
  const client = session.client({ idPrefix: "c", onExchange: (e) => void exchanges.push(e) });
  const results: CheckResult[] = new Array(checks.length);
  const perCheck: Finding[][] = new Array(checks.length);
  const prefix = `${session.prefix}-`;
  let cleanup: CleanupSummary = { attempted: 0, deleted: 0, failures: [] };
  try {
    await runPool(checks.length, concurrency, async (index) => {
      const check = checks[index]!;
      const base: ContractContext = {
        client,
        target: session.target,
        discovery: session.discovery,
        prefix,
        cleanup: session.cleanup,
        ...(session.refusedCredential !== undefined ? { refusedCredential: session.refusedCredential } : {}),
        checkPrefix: `${prefix}c${index + 1}-`,
        uniqueName: uniqueNames(`${prefix}c${index + 1}-`),
        uniqueId: uniqueIds(`${prefix}c${index + 1}-`),
      };
      const outcome =
        signal?.aborted === true
          ? { status: "errored" as const, findings: [], reason: "interrupted before it ran", durationMs: 0 }
          : await runOne(check, base);
      // Finding ids by catalogue position, so the same run gives the same ids whatever the timing.
      outcome.findings.forEach((f, k) => (f.id = `contract.${index + 1}.f${k + 1}`));
      perCheck[index] = outcome.findings;
      results[index] = {
        id: check.id,
        title: check.title,
        rfc: check.rfc,
        keyword: check.keyword,
        status: outcome.status,
        ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
        durationMs: outcome.durationMs,
        findingIds: outcome.findings.map((f) => f.id),
      };
      await onCheck(index, results[index], outcome.findings);
    });
  } finally {
    cleanup = await session.cleanup.run(client);
  }
  return { findings: perCheck.flat(), checks: results, cleanup, exchanges };
}

function uniqueNames(checkPrefix: string): (label: string) => string {
  const seen = new Map<string, number>();
  return (label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return `${checkPrefix}${label}${n > 1 ? `.${n}` : ""}`;
  };
}

function findingOf(check: ContractCheck, problem: Problem, severity = severityOf(check)): Finding {
  const exchanges = (problem.exchanges ?? []).filter((e): e is Exchange => e !== undefined);
  const evidence = [...(check.idpDependence ?? []).flatMap((d) => d.evidence), ...(problem.evidence ?? [])];
  const note = severity === severityOf(check) ? dependenceNote(check) : "";
  return {
    id: "",
    ruleId: check.id,
    severity,
    title: problem.title ?? check.title,
    message: `${problem.message}${note}`,
    ...(problem.expected !== undefined ? { expected: problem.expected } : {}),
    ...(problem.actual !== undefined ? { actual: problem.actual } : {}),
    rfc: check.rfc,
    ...(evidence.length > 0 ? { evidence: [...new Set(evidence)] } : {}),
    exchangeIds: exchanges.map((e) => e.id),
    ...(exchanges[0] !== undefined ? { curl: toCurl(exchanges[0]) } : {}),
  };
}

interface CheckOutcome {
  status: CheckStatus;
  findings: Finding[];
  reason?: string;
  durationMs: number;
}

async function runOne(check: ContractCheck, base: ContractContext): Promise<CheckOutcome> {
  const t0 = performance.now();
  const done = (status: CheckStatus, findings: Finding[], reason?: string): CheckOutcome => ({
    status,
    findings,
    ...(reason !== undefined ? { reason } : {}),
    durationMs: Math.round(performance.now() - t0),
  });
  const reason = (check.requires ?? [])
    .map((r) => unmet(r, base.discovery, base))
    .find((r) => r !== undefined);
  if (reason !== undefined) {
    return done(
      "notApplicable",
      [findingOf(check, { title: `Not applicable: ${check.title}`, message: reason }, "info")],
      reason,
    );
  }
  const ctx: CheckContext = {
    ...base,
    check,
    finding: (problem) => findingOf(check, problem),
    notApplicable: (why) => {
      throw new CheckAbort("notApplicable", why);
    },
    setupFailed: (why, exchange) => {
      throw new CheckAbort("setupFailed", why, exchange);
    },
  };
  try {
    const findings = await check.run(ctx);
    // An IdP-compatibility finding (its own rule id) does not fail the RFC check that came across it.
    const failed = findings.some((f) => f.ruleId === check.id && f.severity !== "info");
    return done(failed ? "failed" : "passed", findings);
  } catch (error) {
    if (error instanceof CheckAbort && error.kind === "notApplicable") {
      return done(
        "notApplicable",
        [findingOf(check, { title: `Not applicable: ${check.title}`, message: error.reason }, "info")],
        error.reason,
      );
    }
    const why =
      error instanceof CheckAbort
        ? error.reason
        : `harness error: ${(error as Error).stack ?? String(error)}`;
    const problem: Problem = {
      title: `Check could not run: ${check.title}`,
      message: why,
      ...(error instanceof CheckAbort ? { exchanges: [error.exchange] } : {}),
    };
    return done("errored", [findingOf(check, problem, "warning")], why);
  }
}
