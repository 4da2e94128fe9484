import { describe, expect, it } from "vitest";
import { contractFixtureReport, fixtureReport, fullFixtureReport } from "./report.fixtures.ts";
import type { Finding, RunReport } from "./report.ts";
import {
  REPORT_SCHEMA_VERSION,
  allExchanges,
  allFindings,
  exitCodeFor,
  severityRank,
  summarize,
} from "./report.ts";

function finding(severity: Finding["severity"]): Finding {
  return { id: `x-${severity}`, ruleId: "r", severity, title: "t", message: "m", exchangeIds: [] };
}

function cleanReport(): RunReport {
  const report = fixtureReport();
  report.scenarios = report.scenarios.filter((s) => s.status !== "failed");
  return report;
}

describe("summarize", () => {
  it("reproduces the hand-written summary of the small fixture", () => {
    const report = fixtureReport();
    expect(summarize(report.scenarios)).toEqual({
      scenarios: { total: 3, passed: 1, failed: 1, errored: 0, notApplicable: 1 },
      findings: { error: 1, warning: 1, info: 0 },
      exchanges: 6,
    });
  });

  it("counts run-level, scenario-level, step and property findings and adds properties", () => {
    const report = fullFixtureReport();
    report.properties?.[1]?.findings.push(finding("error"));
    expect(summarize(report.scenarios, report.properties, report.findings)).toEqual({
      scenarios: { total: 4, passed: 1, failed: 1, errored: 1, notApplicable: 1 },
      findings: { error: 2, warning: 2, info: 1 },
      exchanges: 7,
      properties: { total: 2, passed: 1, failed: 1, notApplicable: 0 },
    });
  });

  it("counts an errored property as failed", () => {
    const report = fullFixtureReport();
    const first = report.properties?.[0];
    if (first) first.status = "errored";
    expect(summarize([], report.properties).properties).toEqual({
      total: 2,
      passed: 0,
      failed: 2,
      notApplicable: 0,
    });
  });

  it("reproduces the hand-written summary of the contract fixture: contracts by status, run-level exchanges", () => {
    const r = contractFixtureReport();
    expect(summarize(r.scenarios, r.properties, r.findings, r.contracts, r.exchanges)).toEqual(r.summary);
    expect(r.summary.contracts).toEqual({ total: 4, passed: 1, failed: 1, notApplicable: 1, errored: 1 });
  });

  it("counts a not-applicable property apart: neither passed nor failed", () => {
    const r = contractFixtureReport();
    expect(summarize([], r.properties).properties).toEqual({
      total: 3,
      passed: 1,
      failed: 1,
      notApplicable: 1,
    });
    r.properties = r.properties?.filter((p) => p.status === "notApplicable");
    expect(summarize([], r.properties).properties).toEqual({
      total: 1,
      passed: 0,
      failed: 0,
      notApplicable: 1,
    });
  });

  it("has no contracts block without contracts, and an empty one for an empty suite", () => {
    expect(summarize([], undefined, [], undefined).contracts).toBeUndefined();
    expect(summarize([], undefined, [], []).contracts).toEqual({
      total: 0,
      passed: 0,
      failed: 0,
      notApplicable: 0,
      errored: 0,
    });
  });

  it("returns zeros and no properties block for an empty run", () => {
    expect(summarize([])).toEqual({
      scenarios: { total: 0, passed: 0, failed: 0, errored: 0, notApplicable: 0 },
      findings: { error: 0, warning: 0, info: 0 },
      exchanges: 0,
    });
  });
});

it("REPORT_SCHEMA_VERSION is 2 and severities rank error < warning < info", () => {
  expect(REPORT_SCHEMA_VERSION).toBe(2);
  expect([severityRank("error"), severityRank("warning"), severityRank("info")]).toEqual([0, 1, 2]);
});

it("allExchanges lists the run-level exchanges, then each scenario's", () => {
  expect(allExchanges(contractFixtureReport()).map((e) => e.id)).toEqual([
    "e8",
    "e9",
    "e1",
    "e2",
    "e3",
    "e4",
    "e5",
    "e6",
    "e7",
  ]);
  expect(allExchanges(fixtureReport())).toHaveLength(6);
});

it("allFindings lists run-level first, then step and scenario findings, then property findings", () => {
  const ids = allFindings(fullFixtureReport()).map((f) => f.id);
  expect(ids).toEqual(["f4", "f1", "f2", "f3"]);
});

describe("exitCodeFor", () => {
  it("is 1 for the fixture (a failed scenario with an error finding) at either threshold", () => {
    expect(exitCodeFor(fixtureReport(), "error")).toBe(1);
    expect(exitCodeFor(fixtureReport(), "warning")).toBe(1);
  });

  it("is 0 for passed and notApplicable scenarios without findings", () => {
    expect(exitCodeFor(cleanReport(), "error")).toBe(0);
    expect(exitCodeFor(cleanReport(), "warning")).toBe(0);
  });

  it("fails on a run-level warning only with failOn warning", () => {
    const report = cleanReport();
    report.findings.push(finding("warning"));
    expect(exitCodeFor(report, "error")).toBe(0);
    expect(exitCodeFor(report, "warning")).toBe(1);
  });

  it("never fails on info findings", () => {
    const report = cleanReport();
    report.findings.push(finding("info"));
    expect(exitCodeFor(report, "warning")).toBe(0);
  });

  it("fails on an error finding inside a passed scenario's step", () => {
    const report = cleanReport();
    report.scenarios[0]?.steps[0]?.findings.push(finding("error"));
    expect(exitCodeFor(report, "error")).toBe(1);
  });

  it("fails on an errored scenario without findings", () => {
    const report = cleanReport();
    const first = report.scenarios[0];
    if (first) first.status = "errored";
    expect(exitCodeFor(report, "error")).toBe(1);
  });

  it("fails on a failed property", () => {
    const report = cleanReport();
    report.properties = [
      { id: "p", title: "p", status: "failed", seed: 1, numRuns: 3, numRunsRequested: 3, findings: [] },
    ];
    expect(exitCodeFor(report, "error")).toBe(1);
  });
});

describe("exitCodeFor with properties and contracts", () => {
  const cleanRun = () => {
    const report = contractFixtureReport();
    report.scenarios = report.scenarios.filter((s) => s.status === "passed" || s.status === "notApplicable");
    report.findings = report.findings.filter((f) => f.severity === "info");
    report.properties = report.properties?.filter((p) => p.status !== "failed");
    return report;
  };

  it("a not-applicable property (0 of 100 runs) does not fail the run, an errored one does", () => {
    const report = cleanRun();
    expect(report.properties?.map((p) => p.status)).toEqual(["passed", "notApplicable"]);
    expect(exitCodeFor(report, "warning")).toBe(0);
    report.properties![1]!.status = "errored";
    expect(exitCodeFor(report, "error")).toBe(1);
  });

  it("contract checks fail the run through their findings: the failed MUST check's error, the errored check's warning", () => {
    expect(exitCodeFor(cleanRun(), "warning")).toBe(0);
    const report = contractFixtureReport();
    report.scenarios = cleanRun().scenarios;
    report.properties = cleanRun().properties;
    expect(exitCodeFor(report, "error")).toBe(1);
    report.findings = report.findings.filter((f) => f.id !== "c1");
    expect(exitCodeFor(report, "error")).toBe(0);
    expect(exitCodeFor(report, "warning")).toBe(1);
  });
});

describe("exitCodeFor with a baseline", () => {
  const mark = (report: RunReport, statuses: (Finding["baseline"] | undefined)[]) => {
    report.scenarios[1]!.steps[1]!.findings.forEach((f, i) => {
      const status = statuses[i];
      if (status !== undefined) f.baseline = status;
    });
    return report;
  };

  it("a failed scenario whose findings are all known or waived does not fail the run", () => {
    expect(exitCodeFor(mark(fixtureReport(), ["known", "waived"]), "warning")).toBe(0);
  });

  it("a known error plus a new warning fails only with failOn warning", () => {
    const report = mark(fixtureReport(), ["known", "new"]);
    expect(exitCodeFor(report, "error")).toBe(0);
    expect(exitCodeFor(report, "warning")).toBe(1);
  });

  it("a new error fails even when the other finding is known", () => {
    expect(exitCodeFor(mark(fixtureReport(), ["new", "known"]), "error")).toBe(1);
  });

  it("an errored scenario without findings still fails", () => {
    const report = cleanReport();
    report.scenarios[0]!.status = "errored";
    report.baseline = { new: 0, known: 0, waived: 0, fixed: [], expiredWaivers: [] };
    expect(exitCodeFor(report, "error")).toBe(1);
  });
});
