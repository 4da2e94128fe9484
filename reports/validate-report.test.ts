import { describe, expect, it } from "vitest";
import { contractFixtureReport, fixtureReport, fullFixtureReport } from "./report.fixtures.ts";
import { unresolvedExchangeIds, unresolvedFindingIds, validateReport } from "./validate-report.ts";

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("validateReport", () => {
  it("accepts every fixture after a JSON round trip", () => {
    for (const report of [fixtureReport(), fullFixtureReport(), contractFixtureReport()]) {
      expect(validateReport(asJson(report))).toEqual([]);
    }
  });

  it("names each violation by instance path", () => {
    const report = contractFixtureReport();
    delete report.contracts![2]!.reason;
    expect(validateReport(asJson(report))).toContain("/contracts/2 must have required property 'reason'");
    expect(validateReport({})).toContain(" must have required property 'schemaVersion'");
  });
});

describe("unresolvedExchangeIds", () => {
  it("is empty when every cited exchange is in the report (scenario or run-level)", () => {
    expect(unresolvedExchangeIds(fixtureReport())).toEqual([]);
    expect(unresolvedExchangeIds(fullFixtureReport())).toEqual([]);
    expect(unresolvedExchangeIds(contractFixtureReport())).toEqual([]);
  });

  it("names a run-level finding whose exchange is missing from the report", () => {
    const report = contractFixtureReport();
    report.exchanges = report.exchanges?.filter((e) => e.id !== "e9");
    expect(unresolvedExchangeIds(report)).toEqual([{ findingId: "c1", exchangeId: "e9" }]);
    delete report.exchanges;
    expect(unresolvedExchangeIds(report)).toEqual([
      { findingId: "c1", exchangeId: "e9" },
      { findingId: "c2", exchangeId: "e8" },
    ]);
  });

  it("checks step, scenario and property findings too", () => {
    const report = contractFixtureReport();
    report.scenarios[1]!.exchanges = report.scenarios[1]!.exchanges.filter((e) => e.id !== "e5");
    report.properties![1]!.findings.push({
      id: "p1",
      ruleId: "property.patch",
      severity: "error",
      title: "t",
      message: "m",
      exchangeIds: ["e8", "p-case-3"],
    });
    expect(unresolvedExchangeIds(report)).toEqual([
      { findingId: "f1", exchangeId: "e5" },
      { findingId: "p1", exchangeId: "p-case-3" },
    ]);
  });

  it("leaves out the baseline's fixed findings, which cite the baseline report's exchanges", () => {
    const report = contractFixtureReport();
    const fixed = {
      id: "old",
      ruleId: "r",
      severity: "error" as const,
      title: "t",
      message: "m",
      exchangeIds: ["x1"],
    };
    report.baseline = { new: 0, known: 0, waived: 0, fixed: [fixed], expiredWaivers: [] };
    expect(unresolvedExchangeIds(report)).toEqual([]);
  });
});

describe("unresolvedFindingIds", () => {
  it("is empty for the contract fixture and names a contract check citing a missing finding", () => {
    const report = contractFixtureReport();
    expect(unresolvedFindingIds(report)).toEqual([]);
    report.findings = report.findings.filter((f) => f.id !== "c3");
    expect(unresolvedFindingIds(report)).toEqual(["rfc7644.etag.if-match c3"]);
  });
});
