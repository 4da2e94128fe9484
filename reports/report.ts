/**
 * The run report: the one data structure every writer renders and `report.schema.json` describes.
 *
 * `reports/` owns these types; the harness builds a `RunReport` and hands it to the writers. Reports are
 * trees of plain JSON values (no cycles, no class instances, no `Date` objects: times are ISO 8601
 * strings).
 */

/** Version of the report format; bumped on any incompatible change to `RunReport`. */
export const REPORT_SCHEMA_VERSION = 1;

/** How bad a finding is; `error` fails the run by default, `warning` only with `--fail-on warning`. */
export type Severity = "error" | "warning" | "info";

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** One thing a check noticed about the target. */
export interface Finding {
  id: string;
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Where the rule comes from, e.g. `"RFC 7644 §3.4.2"`. */
  rfc?: string;
  /** Dossier evidence tags (`"[S1]"`, `"[C12]"`) and bug ids (`"B7"`). */
  evidence?: string[];
  scenarioId?: string;
  variant?: string;
  stepIndex?: number;
  exchangeIds: string[];
  curl?: string;
  /** The step this came from is inferred, not observed IdP behaviour. */
  inferred?: boolean;
  /** Set by `applyBaseline`: new since the baseline, already known, or accepted by a waiver. */
  baseline?: BaselineStatus;
  /** The waiver that matched (an expired one is kept with `expired: true` and no longer applies). */
  waiver?: WaiverRef;
}

/** How a finding relates to a baseline report and the waiver file; `known` and `waived` do not fail a run. */
export type BaselineStatus = "new" | "known" | "waived";

/** A waiver as the report records it: which rule and scenario it covers, why, and until when. */
export interface WaiverRef {
  /** Rule id or glob (`entra.*`). */
  rule: string;
  /** Scenario id or glob; absent: every scenario. */
  scenario?: string;
  reason: string;
  /** Last day the waiver applies, `YYYY-MM-DD` (UTC). */
  expires?: string;
  /** The waiver matched but its date has passed, so the finding counts again. */
  expired?: boolean;
}

/** What `applyBaseline` did to a run: counts by status, findings fixed since the baseline, expired waivers. */
export interface BaselineSummary {
  /** The baseline report file, when one was given. */
  file?: string;
  /** The waiver file, when one was given. */
  waiverFile?: string;
  new: number;
  known: number;
  waived: number;
  /** Findings of the baseline that this run no longer produces. */
  fixed: Finding[];
  /** Waivers whose date has passed and that matched a finding of this run. */
  expiredWaivers: WaiverRef[];
}

/** Why an exchange did not yield a usable SCIM response. */
export type ExchangeErrorKind =
  /** No complete response within the deadline (headers or body phase); Entra's is 60 s [S19]. */
  | "timeout"
  /** The peer closed or reset the connection before a complete response. */
  | "connectionReset"
  | "connectionRefused"
  | "dns"
  | "tls"
  /** A non-empty body that should be JSON is not (response still recorded). */
  | "invalidJson"
  /** Like invalidJson, but the body is an HTML page, e.g. a WAF block page [C12] B12. */
  | "htmlBody"
  /** A 200/201 without a body. */
  | "emptyBody"
  /** The body exceeded `maxBodyBytes`; `response.bodyText` holds the first `maxBodyBytes` bytes. */
  | "bodyTooLarge"
  | "other";

/** One HTTP request/response pair sent to the target. */
export interface ExchangeRecord {
  id: string;
  label: string;
  startedAt: string;
  durationMs: number;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body?: string; truncated?: boolean };
  error?: { kind: ExchangeErrorKind; message: string };
  curl: string;
}

/** Outcome of a single scenario step. */
export type StepStatus = "passed" | "failed" | "errored" | "skipped";

/** One executed (or skipped) step of a scenario. */
export interface StepResult {
  index: number;
  action: string;
  title?: string;
  inferred: boolean;
  evidence?: string[];
  status: StepStatus;
  reason?: string;
  durationMs: number;
  exchangeIds: string[];
  findings: Finding[];
}

/** Outcome of one scenario variant. */
export type ScenarioStatus = "passed" | "failed" | "errored" | "notApplicable";

/** One scenario run under one variant (flag combination). */
export interface ScenarioResult {
  id: string;
  title: string;
  file?: string;
  idp: string;
  /** Flag combination, e.g. `"aadOptscim062020=true"`, or `"default"`. */
  variant: string;
  tags: string[];
  status: ScenarioStatus;
  reason?: string;
  durationMs: number;
  steps: StepResult[];
  exchanges: ExchangeRecord[];
  /** Scenario-level findings, not tied to a step (step findings live in `steps[].findings`). */
  findings: Finding[];
  cleanup?: { attempted: number; deleted: number; failures: string[] };
}

/** Outcome of one contract check of the RFC suite. */
export interface ContractCheckResult {
  id: string;
  title: string;
  rfc: string;
  keyword: "MUST" | "SHOULD";
  status: "passed" | "failed" | "notApplicable" | "errored";
  /** Why the check did not apply or could not run (required for notApplicable and errored). */
  reason?: string;
  durationMs: number;
  /** The ids of this check's findings in `RunReport.findings`. */
  findingIds: string[];
}

/** Outcome of one property-based test. */
export interface PropertyResult {
  id: string;
  title: string;
  status: "passed" | "failed" | "errored" | "notApplicable";
  /** Why the property did not apply or could not run. */
  reason?: string;
  seed: number;
  path?: string;
  /** Cases run. */
  numRuns: number;
  /** Cases asked for (`--num-runs` or the suite's default). */
  numRunsRequested?: number;
  /** The time budget the property ran under. */
  timeLimitMs?: number;
  counterexample?: unknown;
  findings: Finding[];
}

/** What was tested. */
export type TargetKind = "fake" | "url" | "app" | "container" | "command";

/** Counts over a run, as computed by `summarize`. */
export interface RunSummary {
  scenarios: { total: number; passed: number; failed: number; errored: number; notApplicable: number };
  findings: { error: number; warning: number; info: number };
  exchanges: number;
  /** `failed` counts failed and errored properties. */
  properties?: { total: number; passed: number; failed: number; notApplicable?: number };
  contracts?: { total: number; passed: number; failed: number; notApplicable: number; errored: number };
}

/** The whole run: what `report.json` holds. */
export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: "scim-harness"; version: string };
  run: {
    id: string;
    startedAt: string;
    durationMs: number;
    seed: number;
    incomplete: boolean;
    incompleteReason?: string;
    gitSha?: string;
    command?: string;
  };
  target: {
    kind: TargetKind;
    /** Never with credentials. */
    url?: string;
    profile?: string;
    quirks?: string[];
    image?: string;
    startupMs?: number;
    /** Tail of the target's logs. */
    logs?: string[];
  };
  summary: RunSummary;
  scenarios: ScenarioResult[];
  properties?: PropertyResult[];
  /** Every contract check that was selected, with its status. */
  contracts?: ContractCheckResult[];
  /** Run-level findings, e.g. contract checks. */
  findings: Finding[];
  /** Run-level exchanges (discovery, contract checks, property cases) that findings cite. */
  exchanges?: ExchangeRecord[];
  /** Present when the run was compared with a baseline report or a waiver file (`applyBaseline`). */
  baseline?: BaselineSummary;
}

/** Numeric rank of a severity: 0 for `error`, 1 for `warning`, 2 for `info` (lower is worse). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Every finding of a scenario: its steps' findings in step order, then the scenario-level ones. */
export function scenarioFindings(scenario: ScenarioResult): Finding[] {
  return [...scenario.steps.flatMap((step) => step.findings), ...scenario.findings];
}

function collectFindings(
  scenarios: readonly ScenarioResult[],
  properties: readonly PropertyResult[],
  findings: readonly Finding[],
): Finding[] {
  return [
    ...findings,
    ...scenarios.flatMap(scenarioFindings),
    ...properties.flatMap((property) => property.findings),
  ];
}

/** Every finding of a report: run-level, then each scenario's (steps first), then each property's. */
export function allFindings(report: RunReport): Finding[] {
  return collectFindings(report.scenarios, report.properties ?? [], report.findings);
}

/**
 * Computes the `summary` block from the results. Findings are counted from all levels (run, scenario,
 * step, property); `summary.properties` is present only when `properties` is given.
 */
export function summarize(
  scenarios: readonly ScenarioResult[],
  properties?: readonly PropertyResult[],
  findings: readonly Finding[] = [],
  contracts?: readonly ContractCheckResult[],
): RunSummary {
  const counts = { total: scenarios.length, passed: 0, failed: 0, errored: 0, notApplicable: 0 };
  for (const scenario of scenarios) counts[scenario.status] += 1;

  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const finding of collectFindings(scenarios, properties ?? [], findings)) {
    bySeverity[finding.severity] += 1;
  }

  const summary: RunSummary = {
    scenarios: counts,
    findings: bySeverity,
    exchanges: scenarios.reduce((sum, scenario) => sum + scenario.exchanges.length, 0),
  };
  if (properties !== undefined) {
    const passed = properties.filter((property) => property.status === "passed").length;
    const notApplicable = properties.filter((property) => property.status === "notApplicable").length;
    summary.properties = {
      total: properties.length,
      passed,
      failed: properties.length - passed - notApplicable,
      notApplicable,
    };
  }
  if (contracts !== undefined) {
    const counts = { total: contracts.length, passed: 0, failed: 0, notApplicable: 0, errored: 0 };
    for (const check of contracts) counts[check.status] += 1;
    summary.contracts = counts;
  }
  return summary;
}

/** A finding that does not fail the run: already in the baseline, or accepted by a valid waiver. */
export function isSuppressed(finding: Finding): boolean {
  return finding.baseline === "known" || finding.baseline === "waived";
}

/**
 * Whether a failed or errored result is excused by the baseline: it has at least one suppressed finding
 * and no unsuppressed `error` finding, i.e. it fails only the way the baseline (or a waiver) says it does.
 */
export function isExcused(findings: readonly Finding[]): boolean {
  return findings.some(isSuppressed) && !findings.some((f) => f.severity === "error" && !isSuppressed(f));
}

/**
 * Process exit code for a finished run: 1 if any finding (at any level) not suppressed by the baseline
 * or a waiver is at or above `failOn`, or any scenario or property failed or errored without being
 * excused by the baseline (`isExcused`); otherwise 0. An incomplete run with nothing failing exits 0
 * here; the CLI decides separately how to treat interruption.
 */
export function exitCodeFor(report: RunReport, failOn: "error" | "warning"): 0 | 1 {
  const threshold = severityRank(failOn);
  const counts = (f: Finding) => !isSuppressed(f) && severityRank(f.severity) <= threshold;
  if (allFindings(report).some(counts)) return 1;
  const broken = (status: string) => status === "failed" || status === "errored";
  if (report.scenarios.some((s) => broken(s.status) && !isExcused(scenarioFindings(s)))) return 1;
  if ((report.properties ?? []).some((p) => broken(p.status) && !isExcused(p.findings))) return 1;
  return 0;
}
