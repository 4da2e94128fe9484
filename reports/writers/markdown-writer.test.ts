import { describe, expect, it } from "vitest";
import { fixtureReport, FIXTURE_TOKEN } from "../report.fixtures.ts";
import { renderBadge } from "./badge-writer.ts";
import { mdCell, renderMarkdownSummary } from "./markdown-writer.ts";

describe("markdown summary and badge", () => {
  it("keeps table cells one cell: pipes, line breaks and HTML are escaped", () => {
    expect(mdCell("a | b\n<c>")).toBe("a \\| b &lt;c&gt;");
  });

  it("never shows the token, and escapes the badge text", () => {
    const report = fixtureReport();
    report.rootCauses = [
      {
        id: "rc-00000000",
        ruleId: "http.json-body",
        title: `answer echoed Bearer ${FIXTURE_TOKEN} | <b>`,
        severity: "error",
        request: { method: "GET", path: "/Users", answer: "200" },
        findings: 1,
        followOns: 0,
        findingIds: ["f1"],
        scenarios: [],
        variants: [],
        checks: [],
        idps: [],
      },
    ];
    report.compatibility = {
      behaviours: ["create"],
      idps: [
        {
          idp: "x<y",
          dialect: "default",
          label: "x<y",
          status: "failed",
          behaviours: [
            {
              behaviour: "create",
              status: "failed",
              rootCauses: ["rc-00000000"],
              passedSteps: 0,
              failedSteps: 1,
            },
          ],
        },
      ],
    };
    const md = renderMarkdownSummary(report, { secrets: [FIXTURE_TOKEN] });
    expect(md).not.toContain(FIXTURE_TOKEN);
    expect(md).toContain("\\| &lt;b&gt;");
    expect(md).toMatch(/^\| create \| ✗ #1 \|$/m);
    const badge = renderBadge(report, { secrets: [FIXTURE_TOKEN] });
    expect(badge).toContain("x&lt;y ✗");
    expect(badge).toContain("#e05d44");
  });
});
