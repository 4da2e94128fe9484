import { expect, it } from "vitest";
import { diffReports, formatReportDiff } from "./diff-reports.ts";
import { fixtureReport } from "./report.fixtures.ts";
import type { RunReport } from "./report.ts";

/** The fixture after the vendor fixed the disable bug: the failing scenario passes, one scenario was added. */
function laterRun(): RunReport {
  const report = fixtureReport();
  report.run.id = "run-2";
  report.run.startedAt = "2025-11-24T10:00:00.000Z";
  const disable = report.scenarios[1]!;
  disable.status = "passed";
  disable.steps[1]!.status = "passed";
  disable.steps[1]!.findings = [disable.steps[1]!.findings[1]!]; // the warning stays
  report.scenarios.push({ ...structuredClone(report.scenarios[0]!), id: "entra-rename-group" });
  report.scenarios[2]!.status = "passed"; // jumpcloud-group-push now applies
  report.summary = {
    scenarios: { total: 4, passed: 4, failed: 0, errored: 0, notApplicable: 0 },
    findings: { error: 0, warning: 1, info: 0 },
    exchanges: 8,
  };
  return report;
}

it("lists status changes, added scenarios, fixed findings and summary deltas", () => {
  const diff = diffReports(fixtureReport(), laterRun());
  expect(diff.scenarios).toEqual([
    { id: "entra-disable-user", variant: "default", from: "failed", to: "passed" },
    { id: "jumpcloud-group-push", variant: "default", from: "notApplicable", to: "passed" },
    { id: "entra-rename-group", variant: "default", to: "passed" },
  ]);
  expect(diff.newFindings).toEqual([]);
  expect(diff.fixedFindings.map((f) => [f.ruleId, f.scenarioId])).toEqual([
    ["patch-active-boolean", "entra-disable-user"],
  ]);
  expect(diff.delta).toEqual({
    scenarios: { total: 1, passed: 3, failed: -1, errored: 0, notApplicable: -1 },
    findings: { error: -1, warning: 0, info: 0 },
    exchanges: 2,
  });
});

it("reports a scenario that disappeared and findings that are new, the other way round", () => {
  const diff = diffReports(laterRun(), fixtureReport());
  expect(diff.scenarios).toContainEqual({ id: "entra-rename-group", variant: "default", from: "passed" });
  expect(diff.newFindings.map((f) => f.ruleId)).toEqual(["patch-active-boolean"]);
  expect(diff.fixedFindings).toEqual([]);
});

it("formats the diff for the terminal", () => {
  const text = formatReportDiff(diffReports(fixtureReport(), laterRun()));
  expect(text).toContain("Comparing run run-20251123-100000 (2025-11-23T10:00:00.000Z)\n");
  expect(text).toContain("  entra-disable-user [default]: failed → passed\n");
  expect(text).toContain("  entra-rename-group [default]: (not in old run) → passed\n");
  expect(text).toContain("New findings: 0\n");
  expect(text).toContain(
    "Fixed findings: 1\n  error   patch-active-boolean  entra-disable-user [default] step 1: active stayed true after PATCH\n",
  );
  expect(text).toContain(
    "  scenarios  total +1, passed +3, failed -1, errored 0, not applicable -1\n  findings   error -1, warning 0, info 0\n  exchanges  +2\n",
  );
});

it("says 'no change' for identical runs", () => {
  const text = formatReportDiff(diffReports(fixtureReport(), fixtureReport()));
  expect(text).toContain("Scenario status: no change\n");
  expect(text).toContain("New findings: 0\n\nFixed findings: 0\n");
});
