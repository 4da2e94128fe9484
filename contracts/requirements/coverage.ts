/**
 * Requirement coverage: the catalogue (requirements.ts) per RFC section — how many statements, how many
 * testable from outside, how many covered by a check — and, after a run, what the covering checks showed
 * (report.json `requirements`). `scim-harness rules --coverage [--report report.json] [--markdown]`.
 */
import type { Finding, RequirementResult, RunReport } from "../../reports/index.ts";
import { isTestable, REQUIREMENTS } from "./requirements.ts";
import type { Requirement } from "./requirements.ts";

type Status = RequirementResult["status"];

/** What one rule id showed in a run, or undefined when it did not run. */
function ruleOutcome(report: RunReport, ruleId: string): Status | undefined {
  const contract = report.contracts?.find((c) => c.id === ruleId);
  if (contract !== undefined) return contract.status;
  const property = report.properties?.find((p) => p.id === ruleId);
  if (property !== undefined) return property.status === "notApplicable" ? "notApplicable" : property.status;
  // A harness rule (exchange checks) has no status of its own: a failing finding shows it broken.
  const failing = (f: Finding) => f.ruleId === ruleId && (f.severity === "error" || f.severity === "warning");
  const all = [...report.findings, ...report.scenarios.flatMap((s) => s.findings ?? [])];
  return all.some(failing) ? "failed" : undefined;
}

/** The status of one requirement in a run (see the `requirement` schema of report.json). */
export function requirementStatus(requirement: Requirement, report: RunReport): Status {
  if (requirement.notTestable !== undefined) return "notTestable";
  if (requirement.uncovered !== undefined) return "uncovered";
  const outcomes = (requirement.checks ?? []).map((id) => ruleOutcome(report, id));
  for (const status of ["failed", "errored", "passed", "notApplicable"] as const)
    if (outcomes.includes(status)) return status;
  return "notRun";
}

/** report.json `requirements`: every catalogued requirement with its status in this run. */
export function requirementResults(report: RunReport): RequirementResult[] {
  return REQUIREMENTS.map((r) => ({
    id: r.id,
    rfc: r.rfc,
    section: r.section,
    keyword: r.keyword,
    status: requirementStatus(r, report),
    checks: [...(r.checks ?? [])],
  }));
}

/** Adds `requirements` to a report that ran contract or property suites (others are left as they are). */
export function withRequirements(report: RunReport): RunReport {
  if (report.contracts === undefined && report.properties === undefined) return report;
  return { ...report, requirements: requirementResults(report) };
}

/** One line of the coverage table. */
export interface SectionCoverage {
  rfc: Requirement["rfc"];
  section: string;
  requirements: number;
  testable: number;
  covered: number;
  /** After a run only. */
  passed?: number;
  failed?: number;
  notApplicable?: number;
}

const sectionKey = (s: string): number[] => s.split(".").map(Number);
function compareSections(a: SectionCoverage, b: SectionCoverage): number {
  if (a.rfc !== b.rfc) return a.rfc < b.rfc ? -1 : 1;
  const x = sectionKey(a.section);
  const y = sectionKey(b.section);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Per RFC section: statements, testable, covered, and (with a run's results) passed/failed/n/a. */
export function coverageBySection(
  requirements: readonly Requirement[] = REQUIREMENTS,
  results?: readonly RequirementResult[],
): SectionCoverage[] {
  const statusOf = new Map(results?.map((r) => [r.id, r.status]));
  const rows = new Map<string, SectionCoverage>();
  for (const r of requirements) {
    const key = `${r.rfc} §${r.section}`;
    const row = rows.get(key) ?? {
      rfc: r.rfc,
      section: r.section,
      requirements: 0,
      testable: 0,
      covered: 0,
      ...(results !== undefined ? { passed: 0, failed: 0, notApplicable: 0 } : {}),
    };
    row.requirements++;
    if (isTestable(r)) row.testable++;
    if (r.checks !== undefined) row.covered++;
    if (results !== undefined) {
      const status = statusOf.get(r.id);
      if (status === "passed") row.passed!++;
      if (status === "failed" || status === "errored") row.failed!++;
      if (status === "notApplicable") row.notApplicable!++;
    }
    rows.set(key, row);
  }
  return [...rows.values()].sort(compareSections);
}

const COLUMNS = ["requirements", "testable", "covered", "passed", "failed", "notApplicable"] as const;
const HEADINGS: Record<(typeof COLUMNS)[number], string> = {
  requirements: "statements",
  testable: "testable",
  covered: "covered",
  passed: "passed",
  failed: "failed",
  notApplicable: "n/a",
};

function totalsOf(rows: readonly SectionCoverage[]): SectionCoverage {
  const total: SectionCoverage = { rfc: "RFC 7643", section: "", requirements: 0, testable: 0, covered: 0 };
  for (const row of rows)
    for (const c of COLUMNS) if (row[c] !== undefined) total[c] = (total[c] ?? 0) + row[c];
  return total;
}

/** The coverage table as aligned text, one line per section and a total. */
export function renderCoverageText(rows: readonly SectionCoverage[]): string {
  const columns = COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined));
  const label = (r: SectionCoverage) => `${r.rfc} §${r.section}`;
  const width = Math.max(...rows.map((r) => label(r).length), "section".length);
  const line = (name: string, cells: readonly string[]) =>
    `${name.padEnd(width)}  ${cells.map((c, i) => c.padStart(HEADINGS[columns[i]!].length)).join("  ")}`;
  const total = totalsOf(rows);
  return `${[
    line(
      "section",
      columns.map((c) => HEADINGS[c]),
    ),
    ...rows.map((r) =>
      line(
        label(r),
        columns.map((c) => String(r[c] ?? "")),
      ),
    ),
    line(
      "total",
      columns.map((c) => String(total[c] ?? "")),
    ),
  ].join("\n")}\n`;
}

/** The same table in Markdown, sections with a failure first when there are run results. */
export function renderCoverageMarkdown(rows: readonly SectionCoverage[]): string {
  const columns = COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined));
  const ordered = [...rows.filter((r) => (r.failed ?? 0) > 0), ...rows.filter((r) => !((r.failed ?? 0) > 0))];
  const total = totalsOf(rows);
  return `${[
    `| section | ${columns.map((c) => HEADINGS[c]).join(" | ")} |`,
    `| --- | ${columns.map(() => "---:").join(" | ")} |`,
    ...ordered.map(
      (r) => `| ${r.rfc} §${r.section} | ${columns.map((c) => String(r[c] ?? "")).join(" | ")} |`,
    ),
    `| **total** | ${columns.map((c) => `**${String(total[c] ?? "")}**`).join(" | ")} |`,
  ].join("\n")}\n`;
}
