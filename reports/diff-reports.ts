/**
 * What changed between two runs (`scim-harness diff old.json new.json`): scenario status changes, findings
 * that appeared or went away (matched by fingerprint, see `finding-fingerprint.ts`) and summary deltas.
 */

import type { LocatedFinding } from "./finding-fingerprint.ts";
import { fingerprintCounts } from "./finding-fingerprint.ts";
import type { Finding, RunReport, ScenarioStatus } from "./report.ts";

/** A scenario variant whose status differs; `from` absent: only in the new run, `to` absent: only in the old. */
export interface ScenarioChange {
  id: string;
  variant: string;
  from?: ScenarioStatus;
  to?: ScenarioStatus;
}

/** Differences between two reports, old (`a`) to new (`b`). */
export interface ReportDiff {
  runs: { old: { id: string; startedAt: string }; new: { id: string; startedAt: string } };
  scenarios: ScenarioChange[];
  /** In the new run, not in the old one (with scenarioId / variant filled in). */
  newFindings: Finding[];
  /** In the old run, not in the new one. */
  fixedFindings: Finding[];
  /** New minus old, for every summary count. */
  delta: {
    scenarios: Record<"total" | "passed" | "failed" | "errored" | "notApplicable", number>;
    findings: Record<"error" | "warning" | "info", number>;
    exchanges: number;
  };
}

const located = (l: LocatedFinding): Finding => ({
  ...l.finding,
  ...(l.scenarioId !== undefined ? { scenarioId: l.scenarioId } : {}),
  ...(l.variant !== undefined ? { variant: l.variant } : {}),
});

/** Findings of `from` left over after removing, fingerprint by fingerprint, as many as `minus` has. */
function leftOver(from: RunReport, minus: RunReport): Finding[] {
  const other = fingerprintCounts(minus);
  const out: Finding[] = [];
  for (const [key, list] of fingerprintCounts(from)) {
    const matched = other.get(key)?.length ?? 0;
    out.push(...list.slice(matched).map(located));
  }
  return out;
}

/** Compares two reports: `a` is the older run, `b` the newer. */
export function diffReports(a: RunReport, b: RunReport): ReportDiff {
  const key = (s: { id: string; variant: string }) => `${s.id}\u0000${s.variant}`;
  const before = new Map(a.scenarios.map((s) => [key(s), s]));
  const after = new Map(b.scenarios.map((s) => [key(s), s]));
  const scenarios: ScenarioChange[] = [];
  for (const s of b.scenarios) {
    const old = before.get(key(s));
    if (old === undefined) scenarios.push({ id: s.id, variant: s.variant, to: s.status });
    else if (old.status !== s.status)
      scenarios.push({ id: s.id, variant: s.variant, from: old.status, to: s.status });
  }
  for (const s of a.scenarios) {
    if (!after.has(key(s))) scenarios.push({ id: s.id, variant: s.variant, from: s.status });
  }
  const sa = a.summary.scenarios;
  const sb = b.summary.scenarios;
  const fa = a.summary.findings;
  const fb = b.summary.findings;
  return {
    runs: {
      old: { id: a.run.id, startedAt: a.run.startedAt },
      new: { id: b.run.id, startedAt: b.run.startedAt },
    },
    scenarios,
    newFindings: leftOver(b, a),
    fixedFindings: leftOver(a, b),
    delta: {
      scenarios: {
        total: sb.total - sa.total,
        passed: sb.passed - sa.passed,
        failed: sb.failed - sa.failed,
        errored: sb.errored - sa.errored,
        notApplicable: sb.notApplicable - sa.notApplicable,
      },
      findings: { error: fb.error - fa.error, warning: fb.warning - fa.warning, info: fb.info - fa.info },
      exchanges: b.summary.exchanges - a.summary.exchanges,
    },
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function findingLine(finding: Finding): string {
  const where = finding.scenarioId === undefined ? "run" : `${finding.scenarioId} [${finding.variant}]`;
  const step = finding.stepIndex === undefined ? "" : ` step ${finding.stepIndex}`;
  return `  ${finding.severity.padEnd(7)} ${finding.ruleId}  ${where}${step}: ${finding.title}`;
}

/** The diff as plain text for the terminal. */
export function formatReportDiff(diff: ReportDiff): string {
  const out = [`Comparing run ${diff.runs.old.id} (${diff.runs.old.startedAt})`];
  out.push(`     with run ${diff.runs.new.id} (${diff.runs.new.startedAt})`, "");
  out.push(diff.scenarios.length === 0 ? "Scenario status: no change" : "Scenario status changes:");
  for (const c of diff.scenarios) {
    const from = c.from ?? "(not in old run)";
    const to = c.to ?? "(not in new run)";
    out.push(`  ${c.id} [${c.variant}]: ${from} → ${to}`);
  }
  out.push("", `New findings: ${diff.newFindings.length}`, ...diff.newFindings.map(findingLine));
  out.push("", `Fixed findings: ${diff.fixedFindings.length}`, ...diff.fixedFindings.map(findingLine));
  const d = diff.delta;
  out.push(
    "",
    "Summary delta:",
    `  scenarios  total ${signed(d.scenarios.total)}, passed ${signed(d.scenarios.passed)}, failed ${signed(d.scenarios.failed)}, errored ${signed(d.scenarios.errored)}, not applicable ${signed(d.scenarios.notApplicable)}`,
    `  findings   error ${signed(d.findings.error)}, warning ${signed(d.findings.warning)}, info ${signed(d.findings.info)}`,
    `  exchanges  ${signed(d.exchanges)}`,
  );
  return `${out.join("\n")}\n`;
}
