import { expect, it } from "vitest";
import { contractFixtureReport } from "../report.fixtures.ts";
import type { RequirementResult } from "../report.ts";
import { renderHtmlReport } from "./html-writer.ts";

const req = (id: string, section: string, status: RequirementResult["status"]): RequirementResult => ({
  id,
  rfc: "RFC 7644",
  section,
  keyword: "MUST",
  status,
  checks: status === "notTestable" ? [] : [`check-of-${id}`],
});

it("shows requirement coverage by section, sections with a failure first, then the failing requirements", () => {
  const report = {
    ...contractFixtureReport(),
    requirements: [
      req("rfc7644-3.3-1", "3.3", "passed"),
      req("rfc7644-3.3-2", "3.3", "notTestable"),
      req("rfc7644-3.6-1", "3.6", "failed"),
      req("rfc7644-3.6-2", "3.6", "notApplicable"),
    ],
  };
  const page = renderHtmlReport(report, { secrets: [] });
  const section = page.slice(page.indexOf('id="requirements"'), page.indexOf('id="contracts"'));
  expect(section).toContain("Requirement coverage");
  expect(section.indexOf("RFC 7644 §3.6")).toBeLessThan(section.indexOf("RFC 7644 §3.3"));
  expect(section).toMatch(/<td>RFC 7644 §3\.3<\/td><td>2<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>0<\/td>/);
  expect(section).toContain("<code>rfc7644-3.6-1</code>");
  expect(section).toContain("check-of-rfc7644-3.6-1");
  expect(section).not.toContain("<code>rfc7644-3.3-1</code>");
  expect(renderHtmlReport(contractFixtureReport(), { secrets: [] })).not.toContain('id="requirements"');
});
