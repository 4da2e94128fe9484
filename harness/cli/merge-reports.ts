/**
 * Merges the JSON reports of `--shard` jobs into one report: scenarios, contract check results,
 * properties, run-level exchanges and findings are concatenated (scenarios ordered by id and variant),
 * the summary is recomputed with `summarize`, and the run spans the earliest start to the latest end.
 * Run-level exchange ids are numbered per run (`d1`, `c4.2`), so two shards can hold the same id for two
 * different exchanges: a later report's colliding id is renamed (`d1@2`) together with every finding
 * that cites it, so each cited id still resolves to the exchange of its own shard.
 */
import {
  REPORT_SCHEMA_VERSION,
  deriveCoverage,
  summarize,
  type ContractCheckResult,
  type ExchangeRecord,
  type Finding,
  type PropertyResult,
  type RunReport,
  type ScenarioResult,
} from "../../reports/index.ts";
import { compatibilityMatrix } from "../../reports/compatibility.ts";
import { groupRootCauses } from "../../reports/root-causes.ts";
import { ConfigurationError } from "../errors.ts";
import { ruleLookup } from "../runner/report-builder.ts";
import { RULE_CATALOGUE } from "./rule-catalogue.ts";
import { isUnloadableFileResult } from "./unloadable-files.ts";

/** Target log lines kept per merged report. */
const LOG_LINES_PER_REPORT = 50;

const unique = <T>(values: readonly T[]) => [...new Set(values)];
const byIdThenVariant = (a: { id: string; variant: string }, b: { id: string; variant: string }) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0;

function mergeRun(reports: readonly RunReport[]): RunReport["run"] {
  const starts = reports.map((r) => Date.parse(r.run.startedAt));
  const start = Math.min(...starts);
  const end = Math.max(...reports.map((r, i) => starts[i]! + r.run.durationMs));
  const ids = unique(reports.map((r) => r.run.id));
  const reasons = unique(reports.flatMap((r) => (r.run.incompleteReason ? [r.run.incompleteReason] : [])));
  const shas = unique(reports.map((r) => r.run.gitSha));
  const first = reports[0]!.run;
  return {
    id: ids.join("+"),
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    seed: first.seed,
    incomplete: reports.some((r) => r.run.incomplete),
    ...(reasons.length > 0 ? { incompleteReason: reasons.join("; ") } : {}),
    ...(shas.length === 1 && shas[0] !== undefined ? { gitSha: shas[0] } : {}),
    ...(first.command !== undefined ? { command: first.command } : {}),
  };
}

function mergeTarget(reports: readonly RunReport[]): RunReport["target"] {
  const { url: _url, logs: _logs, startupMs: _startup, ...first } = reports[0]!.target;
  const urls = unique(reports.map((r) => r.target.url));
  const startups = reports.flatMap((r) => (r.target.startupMs !== undefined ? [r.target.startupMs] : []));
  const logs = reports.flatMap((r, i) =>
    r.target.logs?.length ? [`[report ${i + 1}]`, ...r.target.logs.slice(-LOG_LINES_PER_REPORT)] : [],
  );
  return {
    ...first,
    ...(urls.length === 1 && urls[0] !== undefined ? { url: urls[0] } : {}),
    ...(startups.length > 0 ? { startupMs: Math.max(...startups) } : {}),
    ...(logs.length > 0 ? { logs } : {}),
  };
}

/**
 * The scenarios with each unloadable file once: every shard loads every file, so each shard's report
 * names the same file (same id, same loader message); a scenario variant that ran is in one shard only.
 */
function onceEach(scenarios: readonly ScenarioResult[]): ScenarioResult[] {
  const seen = new Set<string>();
  return scenarios.filter((s) => {
    if (!isUnloadableFileResult(s)) return true;
    const key = `${s.id}\n${s.reason ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One report from many; throws ConfigurationError when there is none or a schema version differs. */
export function mergeReports(reports: readonly RunReport[]): RunReport {
  if (reports.length === 0) throw new ConfigurationError("merge-reports: no report to merge");
  const versions = unique(reports.map((r) => r.schemaVersion as number));
  if (versions.some((v) => v !== REPORT_SCHEMA_VERSION))
    throw new ConfigurationError(
      `merge-reports: report schema version ${versions.join(", ")}; this scim-harness reads ${REPORT_SCHEMA_VERSION}`,
    );
  const renamed = withDistinctRunExchangeIds(reports);
  const scenarios = onceEach(renamed.flatMap((r) => r.scenarios)).sort(byIdThenVariant);
  const withProperties = renamed.filter((r) => r.properties !== undefined);
  const properties: PropertyResult[] | undefined =
    withProperties.length > 0 ? withProperties.flatMap((r) => r.properties ?? []) : undefined;
  const withContracts = renamed.filter((r) => r.contracts !== undefined);
  const contracts: ContractCheckResult[] | undefined =
    withContracts.length > 0 ? withContracts.flatMap((r) => r.contracts ?? []) : undefined;
  const exchanges = renamed.flatMap((r) => r.exchanges ?? []);
  const findings = renamed.flatMap((r) => r.findings);
  const merged: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "scim-harness", version: reports[0]!.tool.version },
    run: mergeRun(reports),
    target: mergeTarget(reports),
    summary: summarize(scenarios, properties, findings, contracts, exchanges),
    scenarios,
    ...(properties !== undefined ? { properties } : {}),
    ...(contracts !== undefined ? { contracts } : {}),
    ...(exchanges.length > 0 ? { exchanges } : {}),
    findings,
  };
  // Root causes span the shards: grouped again over the merged report.
  if (reports.some((r) => r.rootCauses !== undefined))
    merged.rootCauses = groupRootCauses(merged, ruleLookup(RULE_CATALOGUE));
  if (merged.rootCauses !== undefined && scenarios.length > 0)
    merged.compatibility = compatibilityMatrix(merged, merged.rootCauses);
  merged.coverage = deriveCoverage(merged);
  return merged;
}

/**
 * The reports with each run-level exchange id unique across them: an id an earlier report already holds
 * becomes `<id>@<report number>`, in the exchange and in the run-level and property findings citing it
 * (scenario findings cite their scenario's own exchanges).
 */
function withDistinctRunExchangeIds(reports: readonly RunReport[]): RunReport[] {
  const seen = new Set<string>();
  return reports.map((report, i) => {
    const renames = new Map<string, string>();
    for (const { id } of report.exchanges ?? []) {
      if (seen.has(id)) renames.set(id, `${id}@${i + 1}`);
      seen.add(renames.get(id) ?? id);
    }
    if (renames.size === 0) return report;
    const cite = (finding: Finding): Finding => ({
      ...finding,
      exchangeIds: finding.exchangeIds.map((id) => renames.get(id) ?? id),
    });
    const rename = (exchange: ExchangeRecord): ExchangeRecord => ({
      ...exchange,
      id: renames.get(exchange.id) ?? exchange.id,
    });
    return {
      ...report,
      findings: report.findings.map(cite),
      ...(report.exchanges !== undefined ? { exchanges: report.exchanges.map(rename) } : {}),
      ...(report.properties !== undefined
        ? { properties: report.properties.map((p) => ({ ...p, findings: p.findings.map(cite) })) }
        : {}),
    };
  });
}
