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
import { renderBadge } from "./writers/badge-writer.ts";
import { renderMarkdownSummary } from "./writers/markdown-writer.ts";

export type {
  BaselineStatus,
  BaselineSummary,
  Compatibility,
  CompatibilityCell,
  ContractCheckResult,
  ExchangeErrorKind,
  ExchangeRecord,
  Finding,
  PropertyResult,
  RootCause,
  RequirementResult,
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
  NORMATIVE_KEYWORDS,
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
export type { Coverage, CoverageArea } from "./coverage.ts";
export { COVERAGE_THRESHOLD, coverageAreaText, coverageVerdict, deriveCoverage } from "./coverage.ts";
export type { EvidenceGrade, RuleArea, RuleDefinition, RuleKeyword, RuleSource } from "./rule.ts";
export { STATUS_SEVERITY, bestGrade, defineRule, findingSeverity, severityFor } from "./rule.ts";
export type { Behaviour } from "./compatibility.ts";
export { BEHAVIOURS, compatibilityMatrix, dialectOf } from "./compatibility.ts";
export type { RootCauseRuleInfo, RuleLookup } from "./root-causes.ts";
export { groupRootCauses, pathTemplate, patchOperationForm, rootCauseByFinding } from "./root-causes.ts";
export type { RedactOptions } from "./redact.ts";
export { MIN_SECRET_LENGTH, REDACTED, redact } from "./redact.ts";
export type { UnresolvedExchange } from "./validate-report.ts";
export { unresolvedExchangeIds, unresolvedFindingIds, validateReport } from "./validate-report.ts";
export type { ConsoleOptions } from "./writers/console-writer.ts";
export { formatSummary } from "./writers/console-writer.ts";
export type { FirstScreenOptions } from "./writers/first-screen.ts";
export { formatFirstScreen, matrixLine, verdictLine } from "./writers/first-screen.ts";
export { escapeHtml, renderHtmlReport } from "./writers/html-writer.ts";
export { renderJsonReport, writeJsonReport } from "./writers/json-writer.ts";
export { renderJunitXml } from "./writers/junit-writer.ts";
export type { MarkdownOptions } from "./writers/markdown-writer.ts";
export { mdCell, renderMarkdownSummary } from "./writers/markdown-writer.ts";
export { renderBadge } from "./writers/badge-writer.ts";

/** Where reports go unless told otherwise (git-ignored). */
export const DEFAULT_REPORT_DIR = "scim-report";

/** The file formats `writeReports` can produce. */
export type ReportFormat = "json" | "junit" | "html" | "markdown" | "badge";

/** File name of each format inside the output directory. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  json: "report.json",
  junit: "junit.xml",
  html: "report.html",
  markdown: "summary.md",
  badge: "badge.svg",
};

/** What a renderer gets besides the report: the secrets, and the other files of the same write. */
interface RenderContext extends RedactOptions {
  files: readonly string[];
  failOn?: "error" | "warning";
}

const RENDERERS: Record<ReportFormat, (report: RunReport, options: RenderContext) => string> = {
  json: renderJsonReport,
  junit: renderJunitXml,
  html: renderHtmlReport,
  markdown: (report, { secrets, files, failOn }) =>
    renderMarkdownSummary(report, {
      secrets,
      links: files.filter((f) => f !== REPORT_FILE_NAMES.markdown),
      ...(failOn !== undefined ? { failOn } : {}),
    }),
  badge: renderBadge,
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
 * Writes the report (redacted) as `report.json`, `junit.xml`, `report.html`, `summary.md` and/or
 * `badge.svg` into `outDir` and
 * resolves to the written paths, in the order of `formats`.
 */
export async function writeReports(report: RunReport, options: WriteReportsOptions): Promise<string[]> {
  const outDir = options.outDir ?? DEFAULT_REPORT_DIR;
  const formats = [...new Set(options.formats ?? (["json", "junit", "html"] as const))];
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILE_NAMES[format]);
    const files = formats.map((f) => REPORT_FILE_NAMES[f]);
    const context: RenderContext = {
      secrets: options.secrets,
      files,
      ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    };
    await writeFile(path, RENDERERS[format](report, context), "utf8");
    paths.push(path);
  }
  return paths;
}
