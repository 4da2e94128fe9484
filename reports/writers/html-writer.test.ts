import { expect, it } from "vitest";
import {
  FIXTURE_TOKEN,
  contractFixtureReport,
  fixtureReport,
  fullFixtureReport,
} from "../report.fixtures.ts";
import { applyBaseline } from "../baseline.ts";
import { expandHtmlReport } from "../test-support/html-fragments.ts";
import type { RedactOptions } from "../redact.ts";
import type { RunReport } from "../report.ts";
import { HTML_REPORT_SCRIPT } from "./html-client.ts";
import { escapeHtml, renderHtmlReport } from "./html-writer.ts";

const none = { secrets: [] };
/** The page as a reader sees it with every scenario opened (the embedded timelines in place). */
const render = (report: RunReport, options: RedactOptions) =>
  expandHtmlReport(renderHtmlReport(report, options));

it("escapes the five HTML-significant characters", () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    "&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;",
  );
});

it("is one self-contained page: inline CSS, the embedded data and one inline script, no external links", () => {
  const raw = renderHtmlReport(fullFixtureReport(), none);
  expect(raw.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  expect(raw.trimEnd().endsWith("</body></html>")).toBe(true);
  expect(raw).toContain("<style>");
  expect(raw.match(/<script[^>]*>/g)).toEqual([
    '<script type="application/octet-stream" id="report-fragments">',
    "<script>",
  ]);
  expect(raw).toContain(`<script>${HTML_REPORT_SCRIPT}</script>`);
  const page = render(fullFixtureReport(), none);
  expect(page).not.toMatch(/<script|<link|src=|@import|https?:\/\/(?!127\.0\.0\.1)/);
  expect(HTML_REPORT_SCRIPT).not.toMatch(/<\/script|src=|fetch\(|XMLHttpRequest|import\(|https?:/);
});

it("escapes a <script> in a finding message and other hostile fields", () => {
  const report = fixtureReport();
  const finding = report.scenarios[1]?.steps[1]?.findings[0];
  if (finding === undefined) throw new Error("fixture changed");
  finding.message = `<script>alert("x")</script>`;
  finding.ruleId = `"><img onerror=1>`;
  report.scenarios[1]!.variant = "<b>v</b>";
  const page = render(report, none);
  expect(page).not.toContain("<script>");
  expect(page).not.toContain("<img");
  expect(page).not.toContain("<b>v</b>");
  expect(page).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
  expect(page).toContain("&#60;b&#62;v&#60;/b&#62;");
});

it("shows target, seed and start time in the header and the summary counts", () => {
  const page = render(fixtureReport(), none);
  expect(page).toContain("<dt>Target</dt><dd>fake http://127.0.0.1:41234/scim/v2</dd>");
  expect(page).toContain("<dt>Seed</dt><dd>424242</dd>");
  expect(page).toContain("<dt>Started</dt><dd>2025-11-23T10:00:00.000Z</dd>");
  expect(page).toContain('<div class="card"><b>1</b><span class="badge failed">failed</span></div>');
  expect(page).toContain('<div class="card"><b>6</b>exchanges</div>');
});

it("opens with a verdict naming the failed scenarios and new error findings", () => {
  const page = render(fixtureReport(), none);
  expect(page).toContain(
    '<div class="verdict fail" role="status">✗ Failed: 1 of 3 scenario(s) failed or errored, 1 error finding(s).</div>',
  );
  const clean = fixtureReport();
  clean.scenarios.splice(1, 1);
  clean.summary.scenarios = { total: 2, passed: 1, failed: 0, errored: 0, notApplicable: 1 };
  expect(render(clean, none)).toContain('<div class="verdict pass" role="status">✓ Passed:');
});

it("lists every scenario with a status badge and a link to its timeline", () => {
  const page = render(fixtureReport(), none);
  expect(
    page.match(/<tr class="row-\w+"><td><span class="badge (passed|failed|notApplicable)">/g),
  ).toHaveLength(3);
  expect(page).toContain('<a href="#s-0">entra-create-user</a>');
  expect(page).toContain('<a href="#s-1">entra-disable-user</a>');
  expect(page).toContain('<span class="badge notApplicable">not applicable</span>');
});

it("puts the failing scenario first, collapsed, with its headline finding in the summary line", () => {
  const page = render(fixtureReport(), none);
  const details = page.indexOf("<h2>Details</h2>");
  expect(page.indexOf('<details class="scenario st-failed" id="s-1">', details)).toBeLessThan(
    page.indexOf('<details class="scenario st-passed" id="s-0">', details),
  );
  const block = page.slice(page.indexOf('id="s-1"'), page.indexOf('id="s-0"', details));
  expect(block).toContain(
    '<div class="headline">✗ <code>patch-active-boolean</code> active stayed true after PATCH <span class="muted">(RFC 7644 §3.5.2.3) [S2] B1</span> <span class="muted">(+1 more)</span></div></summary>',
  );
  expect(page).not.toMatch(/<details class="scenario[^>]*\bopen\b/);
});

it("shows the timeline: steps in order, each exchange as method, relative path, status and time", () => {
  const page = render(fixtureReport(), none);
  const start = page.indexOf('<details class="scenario st-failed" id="s-1">');
  const block = page.slice(start, page.indexOf('<details class="scenario', start + 1));
  expect(block.match(/<li class="step st-(passed|failed)">/g)).toEqual([
    '<li class="step st-passed">',
    '<li class="step st-failed">',
  ]);
  expect(page).toContain(
    '<details class="exchange" id="s-1-e4"><summary><span class="method mono">PATCH</span>\n<span class="path mono">/Users/u-1</span> <span class="code c2">200</span>\n<span class="muted small">12ms · disable · e4</span></summary>',
  );
});

it("places each finding right after the exchange that caused it, with expected vs actual and curl", () => {
  const page = render(fixtureReport(), none);
  const e4 = page.indexOf('id="s-1-e4"');
  const f1 = page.indexOf('data-rule="patch-active-boolean"');
  const f2 = page.indexOf('data-rule="content-type-scim-json"');
  const e5 = page.indexOf('id="s-1-e5"');
  expect(e4).toBeGreaterThan(0);
  expect([e4 < f1, f1 < f2, f2 < e5]).toEqual([true, true, true]);
  const card = page.slice(f1, f2);
  expect(card).toContain('<div class="expected"><div class="lbl">expected</div><pre>false</pre></div>');
  expect(card).toContain('<div class="actual"><div class="lbl">actual</div><pre>true</pre></div>');
  expect(card).toContain(
    '<pre class="curl">curl -X GET &#39;http://127.0.0.1:41234/scim/v2/Users/u-1&#39; -H &#39;Authorization: Bearer [REDACTED]&#39;</pre>',
  );
  // The warning has no curl of its own: it gets the curl of its exchange.
  expect(page.slice(f2, e5)).toContain('<pre class="curl">curl -X PATCH');
});

it("marks known, waived and fixed findings and an expired waiver after applyBaseline", () => {
  const old = fixtureReport();
  old.findings.push({
    id: "g",
    ruleId: "gone.rule",
    severity: "warning",
    title: "Gone",
    message: "m",
    exchangeIds: [],
  });
  const report = applyBaseline(fixtureReport(), {
    baseline: old,
    baselineFile: "old.json",
    waivers: [
      { rule: "content-*", reason: "vendor accepts JSON", expires: "2030-01-01" },
      { rule: "nothing-*", reason: "x", expires: "2020-01-01" },
    ],
    today: new Date("2025-06-01T00:00:00Z"),
  });
  report.baseline!.expiredWaivers.push({
    rule: "old.*",
    reason: "was accepted",
    expires: "2025-01-31",
    expired: true,
  });
  const page = render(report, none);
  expect(page).toContain(
    '<div class="verdict known" role="status">≈ Passed against the baseline: 2 known or waived finding(s), nothing new.</div>',
  );
  expect(page).toContain('<span class="badge bl-known">known</span> <code>patch-active-boolean</code>');
  expect(page).toContain('<span class="badge bl-waived">waived</span> <code>content-type-scim-json</code>');
  expect(page).toContain(
    '<div class="waiver">waived: vendor accepts JSON (until 2030-01-01) · rule content-*</div>',
  );
  expect(page).toContain(
    '<td><code>gone.rule</code></td><td>run</td><td></td><td><span class="badge bl-fixed">fixed</span> Gone</td>',
  );
  expect(page).toContain(
    "Waiver for <code>old.*</code> expired on 2025-01-31 (was accepted): its findings fail the run again.",
  );
  expect(page).toContain('<details class="scenario st-failed excused" id="s-1">');
});

it("pretty-prints JSON bodies, escaped", () => {
  const page = render(fixtureReport(), none);
  expect(page).toContain("{\n  &#34;id&#34;: &#34;u-1&#34;,\n  &#34;active&#34;: true\n}");
});

it("renders transport errors, properties, run-level findings, logs and the incomplete banner", () => {
  const page = render(fullFixtureReport(), none);
  expect(page).toContain("<pre>connectionRefused: connect ECONNREFUSED 127.0.0.1:41234</pre>");
  expect(page).toContain("<h2>Properties</h2>");
  expect(page).toContain(
    "<pre>[{&#34;op&#34;:&#34;replace&#34;,&#34;path&#34;:&#34;active&#34;,&#34;value&#34;:&#34;False&#34;}]</pre>",
  );
  expect(page).toContain("<h2>Run-level findings</h2>");
  expect(page).toContain('<h2 id="logs">Target logs (tail)</h2><pre class="logs">listening on :8080</pre>');
  expect(page).toContain('<a href="#logs">Target log tail</a>');
  expect(page).toContain('<p class="banner">Run incomplete: SIGINT</p>');
  expect(page).toContain("[truncated]");
});

it("redacts tokens and configured secrets", () => {
  const report = fixtureReport();
  report.run.command = "scim-harness run --secret-file /tmp/s --token tok-ABCDEF-99";
  const page = render(report, { secrets: ["tok-ABCDEF-99"] });
  expect(renderHtmlReport(report, { secrets: ["tok-ABCDEF-99"] })).not.toContain("tok-ABCDEF-99");
  expect(page).not.toContain(FIXTURE_TOKEN);
  expect(page).not.toContain("tok-ABCDEF-99");
  expect(page).toContain("Authorization: Bearer [REDACTED]");
});

it("lists every contract check with its status, and the reason of a not-applicable or errored one", () => {
  const page = render(contractFixtureReport(), none);
  expect(page).toContain('<h2 id="contracts">Contract checks</h2>');
  const rows = [
    ...page.matchAll(
      /<tr class="row-(\w+)"><td><span class="badge \w+">[^<]*<\/span><\/td><td><code>([^<]+)<\/code>/g,
    ),
  ];
  expect(rows.map((m) => [m[1], m[2]])).toEqual([
    ["passed", "rfc7644.filter.eq"],
    ["failed", "rfc7644.filter.and"],
    ["notApplicable", "rfc7644.bulk.create"],
    ["errored", "rfc7644.etag.if-match"],
  ]);
  expect(page).toContain(
    "<td>RFC 7644 §3.7</td><td>MUST</td><td>0ms</td>\n<td><p>bulk.supported is false in /ServiceProviderConfig</p></td>",
  );
  expect(page).toContain("<p>setup failed: POST /Users answered 500</p>");
  expect(page).toContain('<div class="card"><b>4</b>contract checks</div>');
  expect(page).toContain('<div class="card"><b>1</b>checks errored</div>');
});

it("shows a failed check's finding in its row with the curl of the run-level exchange it cites, once", () => {
  const page = render(contractFixtureReport(), none);
  const cards = page.match(/data-rule="rfc7644\.filter\.and"/g) ?? [];
  expect(cards).toHaveLength(1);
  const row = page.slice(
    page.indexOf("<code>rfc7644.filter.and</code>"),
    page.indexOf("<code>rfc7644.bulk.create</code>"),
  );
  expect(row).toContain("<strong>Filter `and` matches like `or`</strong>");
  expect(row).toContain(
    "curl -X GET &#39;http://127.0.0.1:41234/scim/v2/Users?filter=userName eq &#34;x&#34; and active eq true&#39;",
  );
  // the run-level findings section keeps only what no contract check names
  const runLevel = page.slice(
    page.indexOf("<h2>Run-level findings</h2>"),
    page.indexOf("<h2>Scenarios</h2>"),
  );
  expect(runLevel).toContain('data-rule="service-provider-config"');
  expect(runLevel).not.toContain("rfc7644.");
});

it("renders the run-level exchanges that findings cite", () => {
  const page = render(contractFixtureReport(), none);
  expect(page).toContain('<h2 id="run-exchanges">Run-level exchanges</h2>');
  expect(page).toContain('<details class="exchange" id="x-e8">');
  expect(page).toContain('<details class="exchange" id="x-e9">');
  expect(render(fullFixtureReport(), none)).not.toContain("Run-level exchanges");
});

it("shows each property's runs done of asked and why a property could not run", () => {
  const page = render(contractFixtureReport(), none);
  expect(page).toContain("<td>42 of 100 (limit 20.00s)</td>");
  expect(page).toContain("<td>100 of 100</td>");
  expect(page).toContain(
    '<tr class="row-notApplicable"><td><span class="badge notApplicable">not applicable</span></td><td>property.stateful</td>',
  );
  expect(page).toContain("<td>0 of 100 (limit 20.00s)</td>\n<td><p>the target does not serve /Groups</p>");
  expect(page).toContain('<div class="card"><b>1</b>properties not applicable</div>');
});
