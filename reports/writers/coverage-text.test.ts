import { expect, it } from "vitest";
import { deriveCoverage } from "../coverage.ts";
import { fixtureReport } from "../report.fixtures.ts";
import type { RunReport, ScenarioResult } from "../report.ts";
import { formatSummary } from "./console-writer.ts";
import { renderHtmlReport } from "./html-writer.ts";
import { renderJunitXml } from "./junit-writer.ts";

const scenario = (id: string, status: ScenarioResult["status"], actions: string[], reason?: string) => ({
  id,
  title: id,
  idp: "entra",
  variant: "default",
  tags: [],
  actions,
  status,
  durationMs: 1,
  steps: [],
  exchanges: [],
  findings: [],
  ...(reason !== undefined ? { reason } : {}),
});
const withCoverage = (scenarios: ScenarioResult[]): RunReport => {
  const report: RunReport = { ...fixtureReport(), scenarios, findings: [] };
  return { ...report, coverage: deriveCoverage(report) };
};
const lowRun = withCoverage([
  scenario("users", "passed", ["assignUser"]),
  scenario("g1", "notApplicable", ["assignGroup"], "the target lacks: groups"),
  scenario("g2", "notApplicable", ["addMembers"], "the target lacks: groups"),
]);
const fullRun = withCoverage([scenario("users", "passed", ["assignUser"])]);

it("the console summary shows coverage per area and a low-coverage verdict line naming area and reason", () => {
  const text = formatSummary(lowRun, { color: false, secrets: [] });
  expect(text).toContain(
    " Coverage   users 1/1 ran · groups 0/2 ran (2 not applicable) · membership 0/1 ran",
  );
  expect(text).toMatch(
    /^ ⚠ low coverage \(over 20% of an area did not run\): groups 0\/2 ran \(2 not applicable\): the target lacks: groups; /m,
  );
});

it("a fully covered run shows its coverage line and no low-coverage verdict; a report without coverage neither", () => {
  const text = formatSummary(fullRun, { color: false, secrets: [] });
  expect(text).toContain(" Coverage   users 1/1 ran · idp:entra 1/1 ran");
  expect(text).not.toContain("low coverage");
  const { coverage: _none, ...old } = fullRun;
  expect(formatSummary(old, { color: false, secrets: [] })).not.toContain("Coverage");
});

it("JUnit carries the coverage verdict and each area as properties, without adding testcases", () => {
  const low = renderJunitXml(lowRun, { secrets: [] });
  expect(low).toMatch(/<property name="coverage" value="low coverage [^"]*groups 0\/2 ran/);
  expect(low).toContain(
    '<property name="coverage.groups" value="groups 0/2 ran (2 not applicable); not applicable (2): the target lacks: groups"',
  );
  const full = renderJunitXml(fullRun, { secrets: [] });
  expect(full).toContain('<property name="coverage" value="full"');
  const { coverage: _none, ...old } = fullRun;
  expect(full.match(/<testcase /g)?.length).toBe(
    renderJunitXml(old, { secrets: [] }).match(/<testcase /g)?.length,
  );
});

it("the HTML report has a Coverage section with the reasons", () => {
  const html = renderHtmlReport(lowRun, { secrets: [] });
  expect(html).toContain('<h2 id="coverage">Coverage</h2>');
  expect(html).toContain("not applicable (2): the target lacks: groups");
  expect(html).toContain("⚠ low coverage");
});
