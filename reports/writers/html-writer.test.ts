import { expect, it } from "vitest";
import { FIXTURE_TOKEN, fixtureReport, fullFixtureReport } from "../report.fixtures.ts";
import { escapeHtml, renderHtmlReport } from "./html-writer.ts";

const none = { secrets: [] };

it("escapes the five HTML-significant characters", () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    "&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;",
  );
});

it("is one self-contained page: no scripts, no external links, inline CSS", () => {
  const page = renderHtmlReport(fullFixtureReport(), none);
  expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  expect(page.trimEnd().endsWith("</body></html>")).toBe(true);
  expect(page).toContain("<style>");
  expect(page).not.toMatch(/<script|<link|src=|@import|https?:\/\/(?!127\.0\.0\.1)/);
});

it("escapes a <script> in a finding message and other hostile fields", () => {
  const report = fixtureReport();
  const finding = report.scenarios[1]?.steps[1]?.findings[0];
  if (finding === undefined) throw new Error("fixture changed");
  finding.message = `<script>alert("x")</script>`;
  finding.ruleId = `"><img onerror=1>`;
  report.scenarios[1]!.variant = "<b>v</b>";
  const page = renderHtmlReport(report, none);
  expect(page).not.toContain("<script>");
  expect(page).not.toContain("<img");
  expect(page).not.toContain("<b>v</b>");
  expect(page).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
  expect(page).toContain("&#60;b&#62;v&#60;/b&#62;");
});

it("shows target, seed and start time in the header and the summary counts", () => {
  const page = renderHtmlReport(fixtureReport(), none);
  expect(page).toContain("<dt>Target</dt><dd>fake http://127.0.0.1:41234/scim/v2</dd>");
  expect(page).toContain("<dt>Seed</dt><dd>424242</dd>");
  expect(page).toContain("<dt>Started</dt><dd>2025-11-23T10:00:00.000Z</dd>");
  expect(page).toContain('<div class="card"><b>1</b><span class="badge failed">failed</span></div>');
  expect(page).toContain('<div class="card"><b>6</b>exchanges</div>');
});

it("lists every scenario with a status badge and links only those with details", () => {
  const page = renderHtmlReport(fixtureReport(), none);
  expect(page.match(/<tr><td><span class="badge (passed|failed|notApplicable)">/g)).toHaveLength(3);
  expect(page).toContain('<a href="#s-1">entra-disable-user</a>');
  expect(page).toContain('<section id="s-1">');
  expect(page).not.toContain('id="s-0"');
  expect(page).toContain("<td>entra-create-user</td>");
  expect(page).toContain('<span class="badge notApplicable">not applicable</span>');
});

it("shows the failing scenario's steps, colored findings worst first, and exchanges in <details>", () => {
  const page = renderHtmlReport(fixtureReport(), none);
  const section = page.slice(page.indexOf('<section id="s-1">'), page.indexOf("</section>"));
  expect(section.match(/<tr><td>\d<\/td>/g)).toHaveLength(2);
  expect(section.indexOf('class="finding sev-error"')).toBeLessThan(
    section.indexOf('class="finding sev-warning"'),
  );
  expect(section).toContain('<div class="muted">RFC 7644 §3.5.2.3 · [S2] · B1 · step 1</div>');
  expect(section.match(/<details><summary>/g)).toHaveLength(4);
  expect(section).toContain("e4 PATCH http://127.0.0.1:41234/scim/v2/Users/u-1 → 200");
});

it("pretty-prints JSON bodies, escaped", () => {
  const page = renderHtmlReport(fixtureReport(), none);
  expect(page).toContain("{\n  &#34;id&#34;: &#34;u-1&#34;,\n  &#34;active&#34;: true\n}");
});

it("renders transport errors, properties, run-level findings, logs and the incomplete banner", () => {
  const page = renderHtmlReport(fullFixtureReport(), none);
  expect(page).toContain("<pre>connectionRefused: connect ECONNREFUSED 127.0.0.1:41234</pre>");
  expect(page).toContain("<h2>Properties</h2>");
  expect(page).toContain(
    "<pre>[{&#34;op&#34;:&#34;replace&#34;,&#34;path&#34;:&#34;active&#34;,&#34;value&#34;:&#34;False&#34;}]</pre>",
  );
  expect(page).toContain("<h2>Run-level findings</h2>");
  expect(page).toContain("<h2>Target logs (tail)</h2><pre>listening on :8080</pre>");
  expect(page).toContain('<p class="banner">Run incomplete: SIGINT</p>');
  expect(page).toContain("[truncated]");
});

it("redacts tokens and configured secrets", () => {
  const report = fixtureReport();
  report.run.command = "scim-harness run --secret-file /tmp/s --token tok-ABCDEF-99";
  const page = renderHtmlReport(report, { secrets: ["tok-ABCDEF-99"] });
  expect(page).not.toContain(FIXTURE_TOKEN);
  expect(page).not.toContain("tok-ABCDEF-99");
  expect(page).toContain("Authorization: Bearer [REDACTED]");
});
