import { expect, it } from "vitest";
import { compatibilityMatrix } from "../compatibility.ts";
import { fixtureReport, FIXTURE_TOKEN } from "../report.fixtures.ts";
import { groupRootCauses } from "../root-causes.ts";
import { renderHtmlReport } from "./html-writer.ts";

function withRootCauses() {
  const report = fixtureReport();
  report.rootCauses = groupRootCauses(report);
  report.compatibility = compatibilityMatrix(report, report.rootCauses);
  return report;
}

it("puts the root causes first, each expanding to expected vs actual and its request/response", () => {
  const report = withRootCauses();
  const html = renderHtmlReport(report, { secrets: [FIXTURE_TOKEN] });
  const causes = (report.rootCauses ?? []).filter((c) => c.severity !== "info");
  expect(causes.length).toBeGreaterThan(0);
  const first = causes[0]!;
  expect(html.indexOf('id="root-causes"')).toBeLessThan(html.indexOf("<h2>Scenarios</h2>"));
  expect(causes).toHaveLength(1); // so the block runs from its id to the matrix
  const block = html.slice(html.indexOf(`id="${first.id}"`), html.indexOf('<h2 id="compatibility"'));
  expect(block.length).toBeGreaterThan(0);
  expect(block).toContain(first.ruleId);
  // The fixture's failing finding has expected/actual and cites an exchange.
  expect(block).toContain('class="expected"');
  expect(first.exchangeId).toBeDefined();
  expect(block).toContain(`id="rc-x-${first.id}"`);
  expect(html).toContain(`href="#${first.id}"`);
  expect(html).not.toContain(FIXTURE_TOKEN);
});

it("says so when there is no root cause", () => {
  const report = fixtureReport();
  report.scenarios = report.scenarios.filter((s) => s.status === "passed");
  report.rootCauses = groupRootCauses(report);
  expect(renderHtmlReport(report, { secrets: [] })).toContain("No root cause");
});

it("shows a root cause's expected/actual diff and its request/response open, and carries its IdPs for the filters", () => {
  const report = withRootCauses();
  const html = renderHtmlReport(report, { secrets: [] });
  const first = (report.rootCauses ?? []).find((c) => c.severity !== "info")!;
  const start = html.indexOf(`id="${first.id}"`);
  const block = html.slice(html.lastIndexOf("<details", start), html.indexOf('<h2 id="compatibility"'));
  expect(block).toContain(`data-idp="${first.idps.join(" ")}"`);
  expect(block).toContain('data-status="failed"');
  // The fixture's finding: expected false, actual true.
  expect(block).toContain('<span class="del">- false</span>\n<span class="ins">+ true</span>');
  expect(block).toContain(`<details class="exchange" id="rc-x-${first.id}" open>`);
});
