import { describe, expect, it } from "vitest";
import { contractFixtureReport } from "../../reports/report.fixtures.ts";
import { validateReport } from "../../reports/validate-report.ts";
import type { ContractCheckResult, RunReport } from "../../reports/index.ts";
import {
  coverageBySection,
  renderCoverageMarkdown,
  renderCoverageText,
  requirementResults,
  requirementStatus,
  withRequirements,
} from "./coverage.ts";
import { REQUIREMENTS } from "./requirements.ts";

const EMPTY_200 = REQUIREMENTS.find((r) => r.id === "rfc7644-3.4.2-9")!; // no match → 200, totalResults 0

function reportWith(...checks: [string, ContractCheckResult["status"]][]): RunReport {
  const base = contractFixtureReport();
  return {
    ...base,
    contracts: checks.map(([id, status]) => ({
      id,
      title: id,
      rfc: "RFC 7644 §3.4.2",
      keyword: "MUST" as const,
      status,
      ...(status === "notApplicable" || status === "errored" ? { reason: "r" } : {}),
      durationMs: 1,
      findingIds: [],
    })),
  };
}

describe("requirement status from a run", () => {
  it("takes failed over errored over passed over not applicable, and notRun when no covering check ran", () => {
    expect(EMPTY_200.checks).toEqual(["rfc7644.list.empty-result-200"]);
    expect(requirementStatus(EMPTY_200, reportWith(["rfc7644.list.empty-result-200", "failed"]))).toBe(
      "failed",
    );
    expect(requirementStatus(EMPTY_200, reportWith(["rfc7644.list.empty-result-200", "passed"]))).toBe(
      "passed",
    );
    expect(requirementStatus(EMPTY_200, reportWith(["rfc7644.list.empty-result-200", "notApplicable"]))).toBe(
      "notApplicable",
    );
    expect(requirementStatus(EMPTY_200, reportWith(["rfc7644.filter.eq", "failed"]))).toBe("notRun");
    const two = REQUIREMENTS.find((r) => (r.checks?.length ?? 0) >= 2)!;
    expect(requirementStatus(two, reportWith([two.checks![0]!, "passed"], [two.checks![1]!, "failed"]))).toBe(
      "failed",
    );
  });

  it("keeps the catalogue's notTestable and uncovered whatever ran", () => {
    const untestable = REQUIREMENTS.find((r) => r.notTestable !== undefined)!;
    // Every testable requirement has a check today: an uncovered one is built from a covered one.
    const covered = REQUIREMENTS.find((r) => r.checks !== undefined)!;
    const { checks: _checks, ...rest } = covered;
    const uncovered = REQUIREMENTS.find((r) => r.uncovered !== undefined) ?? {
      ...rest,
      uncovered: "no check yet",
    };
    expect(requirementStatus(untestable, reportWith())).toBe("notTestable");
    expect(requirementStatus(uncovered, reportWith())).toBe("uncovered");
  });

  it("adds a schema-valid requirements array to a report with contract checks, and leaves others alone", () => {
    const report = withRequirements(reportWith(["rfc7644.list.empty-result-200", "failed"]));
    expect(report.requirements).toHaveLength(REQUIREMENTS.length);
    expect(report.requirements!.find((r) => r.id === EMPTY_200.id)).toEqual({
      id: "rfc7644-3.4.2-9",
      rfc: "RFC 7644",
      section: "3.4.2",
      keyword: "SHALL",
      status: "failed",
      checks: ["rfc7644.list.empty-result-200"],
    });
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    const { contracts: _c, properties: _p, ...scenariosOnly } = reportWith();
    expect(withRequirements(scenariosOnly as RunReport).requirements).toBeUndefined();
  });
});

describe("coverage by section", () => {
  it("counts every requirement once, orders sections numerically, and adds run counts when given", () => {
    const rows = coverageBySection();
    expect(rows.reduce((n, r) => n + r.requirements, 0)).toBe(REQUIREMENTS.length);
    const labels = rows.map((r) => `${r.rfc} §${r.section}`);
    expect(labels.indexOf("RFC 7644 §3.4.2")).toBeLessThan(labels.indexOf("RFC 7644 §3.10"));
    expect(rows.every((r) => r.covered <= r.testable && r.testable <= r.requirements)).toBe(true);
    expect(rows[0]!.passed).toBeUndefined();
    const run = coverageBySection(
      undefined,
      requirementResults(reportWith(["rfc7644.list.empty-result-200", "failed"])),
    );
    expect(run.find((r) => r.rfc === "RFC 7644" && r.section === "3.4.2")).toMatchObject({
      failed: 1,
      passed: 0,
    });
  });

  it("renders text with a total line, and Markdown with failing sections first", () => {
    const text = renderCoverageText(coverageBySection());
    expect(text.split("\n")[0]).toMatch(/^section\s+statements\s+testable\s+covered$/);
    expect(text).toMatch(new RegExp(`\\ntotal\\s+${REQUIREMENTS.length}\\s`));
    const md = renderCoverageMarkdown(
      coverageBySection(
        undefined,
        requirementResults(reportWith(["rfc7644.list.empty-result-200", "failed"])),
      ),
    );
    expect(md.split("\n")[2]).toMatch(/^\| RFC 7644 §3\.4\.2 \|.*\| 1 \| 0 \|$/);
  });
});
