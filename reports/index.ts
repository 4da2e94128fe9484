/**
 * Public barrel of reports/: the RunReport types, redaction and the writers. The harness imports
 * from here only; reports/ imports nothing from the rest of the repo.
 */

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RedactOptions } from "./redact.ts";
import type { RunReport } from "./report.ts";
import { renderHtmlReport } from "./writers/html-writer.ts";
import { renderJsonReport } from "./writers/json-writer.ts";
import { renderJunitXml } from "./writers/junit-writer.ts";

export type {
  BaselineStatus,
  BaselineSummary,
  ContractCheckResult,
  ExchangeErrorKind,
  ExchangeRecord,
  Finding,
  PropertyResult,
  RunReport,
  RunSummary,
  ScenarioResult,
  ScenarioStatus,
  Severity,
  StepResult,
  StepStatus,
  TargetKind,
  WaiverRef,
} from "./report.ts";
export {
  REPORT_SCHEMA_VERSION,
  SEVERITIES,
  allExchanges,
  allFindings,
  exitCodeFor,
  isExcused,
  isSuppressed,
  scenarioFindings,
  severityRank,
  summarize,
} from "./report.ts";
export type { ApplyBaselineOptions, Waiver } from "./baseline.ts";
export { applyBaseline, globMatch, isWaiverExpired, waiverCovers } from "./baseline.ts";
export type { ReportDiff, ScenarioChange } from "./diff-reports.ts";
export { diffReports, formatReportDiff } from "./diff-reports.ts";
export type { LocatedFinding } from "./finding-fingerprint.ts";
export { findingFingerprint, locatedFindings, normaliseMessage } from "./finding-fingerprint.ts";
export type { FindingDraft } from "./finding-draft.ts";
export type { EvidenceGrade, RuleArea, RuleDefinition, RuleKeyword, RuleSource } from "./rule.ts";
export { STATUS_SEVERITY, bestGrade, defineRule, findingSeverity, severityFor } from "./rule.ts";
export type { RedactOptions } from "./redact.ts";
export { MIN_SECRET_LENGTH, REDACTED, redact } from "./redact.ts";
export type { UnresolvedExchange } from "./validate-report.ts";
export { unresolvedExchangeIds, unresolvedFindingIds, validateReport } from "./validate-report.ts";
export type { ConsoleOptions } from "./writers/console-writer.ts";
export { formatSummary } from "./writers/console-writer.ts";
export { escapeHtml, renderHtmlReport } from "./writers/html-writer.ts";
export { renderJsonReport, writeJsonReport } from "./writers/json-writer.ts";
export { renderJunitXml } from "./writers/junit-writer.ts";

/** Where reports go unless told otherwise (git-ignored). */
export const DEFAULT_REPORT_DIR = "scim-report";

/** The file formats `writeReports` can produce. */
export type ReportFormat = "json" | "junit" | "html";

/** File name of each format inside the output directory. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  json: "report.json",
  junit: "junit.xml",
  html: "report.html",
};

const RENDERERS: Record<
  ReportFormat,
  (report: RunReport, options: RedactOptions & { failOn?: "error" | "warning" }) => string
> = {
  json: renderJsonReport,
  junit: renderJunitXml,
  html: renderHtmlReport,
};

/** Options of `writeReports`. */
export interface WriteReportsOptions extends RedactOptions {
  /** Output directory, created if missing; defaults to `scim-report`. */
  outDir?: string;
  /** Formats to write, in order; defaults to all three. Duplicates are written once. */
  formats?: readonly ReportFormat[];
  /** The run's `--fail-on` (default error): JUnit counts unsuppressed warnings as failures with warning. */
  failOn?: "error" | "warning";
}

/**
 * Writes the report (redacted) as `report.json`, `junit.xml` and/or `report.html` into `outDir` and
 * resolves to the written paths, in the order of `formats`.
 */
export async function writeReports(report: RunReport, options: WriteReportsOptions): Promise<string[]> {
  const outDir = options.outDir ?? DEFAULT_REPORT_DIR;
  const formats = [...new Set(options.formats ?? (["json", "junit", "html"] as const))];
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILE_NAMES[format]);
    const failOn = options.failOn !== undefined ? { failOn: options.failOn } : {};
    await writeFile(path, RENDERERS[format](report, { secrets: options.secrets, ...failOn }), "utf8");
    paths.push(path);
  }
  return paths;
}
