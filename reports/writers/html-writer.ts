/**
 * HTML writer (`report.html`): one self-contained page for QA, with inline CSS, one inline script and no
 * external assets (it works offline from disk). A verdict, the summary, filters (IdP, tag, status, search),
 * the root causes (each open to its request/response and expected vs actual diff) and the compatibility
 * matrix, the baseline comparison, a scenario table (failures first), then every scenario as a collapsible
 * timeline of its steps and exchanges with the findings next to the exchange that caused them; the
 * requirement map by RFC section, the contract checks (status, reason, findings), the properties (runs
 * done of asked) and the run-level exchanges that findings cite.
 *
 * The timelines hold nearly all of a report's bytes (every exchange's headers and bodies): they are
 * embedded once, as one gzip-compressed, base64-encoded JSON object of HTML fragments, and rendered when a
 * scenario is opened (`html-client.ts`); the rest of the page is plain HTML.
 * Every interpolated value goes through the escaping `markup` tag (`html-markup.ts`).
 */

import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type {
  BaselineSummary,
  ContractCheckResult,
  RequirementResult,
  ExchangeRecord,
  Finding,
  PropertyResult,
  RunReport,
  ScenarioResult,
} from "../report.ts";
import { gzipSync } from "node:zlib";
import { allFindings, exitCodeFor, isExcused, isSuppressed, scenarioFindings } from "../report.ts";
import { bySeverity, formatDuration, formatValue } from "./finding-text.ts";
import { coverageHtml } from "./coverage-text.ts";
import { HTML_REPORT_SCRIPT } from "./html-client.ts";
import { Html, LABELS, badge, markup } from "./html-markup.ts";
import { HTML_REPORT_CSS } from "./html-style.ts";
import { rootCauseSections } from "./html-root-causes.ts";
import { exchangeBlock, findingCard, scenarioBlock, scenarioBody } from "./html-timeline.ts";
import { loadSection } from "./html-load.ts";

export { escapeHtml } from "./html-markup.ts";

function metaList(entries: [string, unknown][]): Html {
  const shown = entries.filter(([, value]) => value !== undefined && value !== "");
  return markup`<dl class="meta">${shown.map(([k, v]) => markup`<dt>${k}</dt><dd>${formatValue(v)}</dd>`)}</dl>`;
}

function card(label: string, value: number, status?: string): Html {
  return markup`<div class="card"><b>${value}</b>${status ? badge(status, label || undefined) : label}</div>`;
}

function verdict(report: RunReport): Html {
  const failing = exitCodeFor(report, "error") === 1;
  const { scenarios: s, findings: f } = report.summary;
  const suppressed = allFindings(report).filter(isSuppressed).length;
  if (failing) {
    const newErrors = allFindings(report).filter((x) => x.severity === "error" && !isSuppressed(x)).length;
    const broken = s.failed + s.errored;
    const logs = report.target.logs?.length ? markup` <a href="#logs">Target log tail</a>` : "";
    return markup`<div class="verdict fail" role="status">✗ Failed: ${broken} of ${s.total} scenario(s) failed or errored, ${newErrors} error finding(s)${report.baseline ? " not in the baseline" : ""}.${logs}</div>`;
  }
  if (suppressed > 0) {
    return markup`<div class="verdict known" role="status">≈ Passed against the baseline: ${suppressed} known or waived finding(s), nothing new.</div>`;
  }
  return markup`<div class="verdict pass" role="status">✓ Passed: ${s.passed} scenario(s) passed, ${f.warning} warning(s).</div>`;
}

function baselineSection(b: BaselineSummary): Html {
  const from = [b.file ? `baseline ${b.file}` : "", b.waiverFile ? `waivers ${b.waiverFile}` : ""]
    .filter(Boolean)
    .join(" and ");
  return markup`<h2 id="baseline">Baseline</h2>
<p>Compared with ${from || "a baseline"}: only <strong>new</strong> findings fail the run.</p>
<div class="cards">${card("new", b.new, "bl-new")}${card("known", b.known, "bl-known")}${card("waived", b.waived, "bl-waived")}${card("fixed", b.fixed.length, "bl-fixed")}</div>
${
  b.fixed.length > 0
    ? markup`<h3>Fixed since the baseline</h3><table><thead><tr><th>Rule</th><th>Scenario</th><th>Step</th><th>Finding</th></tr></thead><tbody>${b.fixed.map(
        (f) =>
          markup`<tr><td><code>${f.ruleId}</code></td><td>${f.scenarioId ?? "run"}${f.variant ? ` [${f.variant}]` : ""}</td><td>${f.stepIndex ?? ""}</td><td>${badge("bl-fixed", "fixed")} ${f.title}</td></tr>`,
      )}</tbody></table>`
    : ""
}
${b.expiredWaivers.map(
  (w) =>
    markup`<p class="banner">Waiver for <code>${w.rule}</code>${w.scenario ? ` in ${w.scenario}` : ""} expired on ${w.expires ?? "?"} (${w.reason}): its findings fail the run again.</p>`,
)}`;
}

function scenarioRow([scenario, index]: [ScenarioResult, number]): Html {
  const findings = scenarioFindings(scenario);
  const broken = scenario.status === "failed" || scenario.status === "errored";
  const known = broken && isExcused(findings);
  const counts = findings.length === 0 ? "" : `${findings.length}${known ? " (known)" : ""}`;
  return markup`<tr class="row-${known ? "known" : scenario.status}"><td>${badge(scenario.status)}</td><td><a href="#s-${index}">${scenario.id}</a></td><td>${scenario.variant}</td><td>${scenario.idp}</td>
<td>${scenario.title}${scenario.status === "notApplicable" && scenario.reason ? markup` <span class="muted">(${scenario.reason})</span>` : ""}</td>
<td>${formatDuration(scenario.durationMs)}</td><td>${counts}</td><td>${scenario.tags.join(", ")}</td></tr>`;
}

function propertyRow(property: PropertyResult): Html {
  const limit = property.timeLimitMs === undefined ? "" : ` (limit ${formatDuration(property.timeLimitMs)})`;
  const runs = `${property.numRuns} of ${property.numRunsRequested}${limit}`;
  return markup`<tr class="row-${property.status}"><td>${badge(property.status)}</td><td>${property.id}</td><td>${property.title}</td><td>${property.seed}</td>
<td>${property.path ?? ""}</td><td>${runs}</td>
<td>${property.reason ? markup`<p>${property.reason}</p>` : ""}${property.counterexample !== undefined ? markup`<pre>${formatValue(property.counterexample)}</pre>` : ""}${property.findings.map((f) => findingCard(f))}</td></tr>`;
}

/** The curl line of the first run-level exchange a finding cites, for a finding without its own. */
function runCurl(exchanges: readonly ExchangeRecord[]): (finding: Finding) => string | undefined {
  return (finding) => exchanges.find((e) => e.id === finding.exchangeIds[0])?.curl;
}

/** One contract check: status, id, RFC and keyword, time, and its reason or its findings. */
function contractRow(
  check: ContractCheckResult,
  findingsOf: (check: ContractCheckResult) => Finding[],
  curl: (finding: Finding) => string | undefined,
): Html {
  const findings = check.status === "notApplicable" ? [] : bySeverity(findingsOf(check));
  const missing = check.findingIds.filter((id) => !findingsOf(check).some((f) => f.id === id));
  return markup`<tr class="row-${check.status}"><td>${badge(check.status)}</td><td><code>${check.id}</code></td><td>${check.title}</td><td>${check.rfc}</td><td>${check.keyword}</td><td>${formatDuration(check.durationMs)}</td>
<td>${check.reason ? markup`<p>${check.reason}</p>` : ""}${findings.map((f) => findingCard(f, curl(f)))}${missing.length > 0 ? markup`<p class="muted small">finding(s) not in the report: ${missing.join(", ")}</p>` : ""}</td></tr>`;
}

function contractsSection(r: RunReport, curl: (finding: Finding) => string | undefined): Html | "" {
  if (r.contracts === undefined || r.contracts.length === 0) return "";
  const byId = new Map(r.findings.map((f) => [f.id, f]));
  const findingsOf = (check: ContractCheckResult) => check.findingIds.flatMap((id) => byId.get(id) ?? []);
  return markup`<h2 id="contracts">Contract checks</h2>
<table><thead><tr><th>Status</th><th>Check</th><th>Title</th><th>RFC</th><th>Keyword</th><th>Time</th><th>Reason / findings</th></tr></thead>
<tbody data-rows>${r.contracts.map((check) => contractRow(check, findingsOf, curl))}</tbody></table>`;
}

/**
 * Requirement coverage by RFC section (report.json `requirements`): sections with a failing requirement
 * first, then the failing requirements with the checks that cover them.
 */
function requirementsSection(r: RunReport): Html | "" {
  const reqs = r.requirements;
  if (reqs === undefined || reqs.length === 0) return "";
  const sections = new Map<string, RequirementResult[]>();
  for (const q of reqs)
    sections.set(`${q.rfc} §${q.section}`, [...(sections.get(`${q.rfc} §${q.section}`) ?? []), q]);
  const count = (list: readonly RequirementResult[], ...statuses: RequirementResult["status"][]) =>
    list.filter((q) => statuses.includes(q.status)).length;
  const rows = [...sections.entries()].sort(
    (a, b) => Number(count(b[1], "failed", "errored") > 0) - Number(count(a[1], "failed", "errored") > 0),
  );
  const failing = reqs.filter((q) => q.status === "failed" || q.status === "errored");
  return markup`<h2 id="requirements">Requirement coverage (RFC 7643 / RFC 7644)</h2>
<p class="muted small">Each normative statement of the RFCs, by section: testable from outside, covered by a check, and what this run showed (<code>scim-harness rules --coverage</code> lists the catalogue).</p>
<table><thead><tr><th>Section</th><th>Statements</th><th>Testable</th><th>Covered</th><th>Passed</th><th>Failed</th><th>Not applicable</th><th>Not run</th></tr></thead>
<tbody>${rows.map(
    ([section, list]) =>
      markup`<tr class="row-${count(list, "failed", "errored") > 0 ? "failed" : "passed"}"><td>${section}</td><td>${list.length}</td><td>${list.length - count(list, "notTestable")}</td><td>${list.length - count(list, "notTestable", "uncovered")}</td><td>${count(list, "passed")}</td><td>${count(list, "failed", "errored")}</td><td>${count(list, "notApplicable")}</td><td>${count(list, "notRun")}</td></tr>`,
  )}</tbody></table>
${failing.length > 0 ? markup`<h3>Failing requirements</h3><table><thead><tr><th>Status</th><th>Requirement</th><th>Keyword</th><th>Checks</th></tr></thead><tbody>${failing.map((q) => markup`<tr class="row-failed"><td>${badge(q.status)}</td><td><code>${q.id}</code></td><td>${q.keyword}</td><td>${q.checks.join(", ")}</td></tr>`)}</tbody></table>` : ""}`;
}

/** Failing scenarios first (new failures, then known ones), then the rest in run order. */
function detailOrder(scenarios: readonly ScenarioResult[]): [ScenarioResult, number][] {
  const rank = (s: ScenarioResult) => {
    const broken = s.status === "failed" || s.status === "errored";
    if (broken) return isExcused(scenarioFindings(s)) ? 1 : 0;
    return scenarioFindings(s).length > 0 ? 2 : 3;
  };
  return scenarios.map((s, i): [ScenarioResult, number] => [s, i]).sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** The filter bar: IdP, tag and status (the values this report has) and a search box. */
function filterBar(r: RunReport): Html {
  const idps = [
    ...new Set([...r.scenarios.map((s) => s.idp), ...(r.rootCauses ?? []).flatMap((c) => c.idps)]),
  ];
  const tags = [...new Set(r.scenarios.flatMap((s) => s.tags))].sort((a, b) => a.localeCompare(b));
  const statuses = [
    ...new Set([
      ...r.scenarios.map((s) => s.status),
      ...(r.rootCauses ?? []).map((c) => (c.severity === "error" ? "failed" : c.severity)),
      ...(r.contracts ?? []).map((c) => c.status),
      ...(r.properties ?? []).map((p) => p.status),
    ]),
  ].filter((s) => s !== "info");
  const select = (id: string, label: string, values: readonly string[]) =>
    markup`<label>${label} <select id="${id}"><option value="">all</option>${values.map((v) => markup`<option value="${v}">${LABELS[v] ?? v}</option>`)}</select></label>`;
  return markup`<nav class="filters" aria-label="Filters">${select("f-idp", "IdP", idps)}${select("f-tag", "Tag", tags)}${select("f-status", "Status", statuses)}
<label>Search <input type="search" id="f-search" placeholder="rule, scenario, path, any text" autocomplete="off"></label>
<output id="f-count" class="muted small"></output></nav>
<noscript><p class="banner">Scripts are off: filters and scenario timelines need them (report.json holds everything).</p></noscript>`;
}

/** The scenario bodies as one gzip-compressed, base64-encoded JSON object `{ "s-<n>": html }`. */
function embeddedFragments(r: RunReport): Html {
  const base = r.target.url;
  const fragments = Object.fromEntries(
    r.scenarios.map((sc, i) => [`s-${i}`, scenarioBody(sc, i, base).value]),
  );
  const data = gzipSync(JSON.stringify(fragments), { level: 9 }).toString("base64");
  return markup`<script type="application/octet-stream" id="report-fragments">${data}</script>`;
}

/** Renders the report (redacted first) as a single self-contained HTML page. */
export function renderHtmlReport(report: RunReport, options: RedactOptions): string {
  const r = redact(report, options.secrets);
  const { scenarios: s, findings: f, properties: p, contracts: c } = r.summary;
  const base = r.target.url;
  const runExchanges = r.exchanges ?? [];
  const curl = runCurl(runExchanges);
  // Findings a contract check names are shown in its row of the contract table, not again here.
  const claimed = new Set((r.contracts ?? []).flatMap((check) => check.findingIds));
  const runFindings = bySeverity(r.findings.filter((x) => !claimed.has(x.id)));
  const page = markup`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>scim-harness report ${r.run.id}</title><style>${new Html(HTML_REPORT_CSS)}</style></head><body>
<header><h1>scim-harness report</h1>
${verdict(r)}
${r.run.incomplete ? markup`<p class="banner">Run incomplete: ${r.run.incompleteReason ?? "no reason given"}</p>` : ""}
${metaList([
  ["Target", [r.target.kind, r.target.url].filter(Boolean).join(" ")],
  ["Profile", r.target.profile],
  ["Quirks", r.target.quirks?.join(", ")],
  ["Image", r.target.image],
  ["Target startup", r.target.startupMs === undefined ? undefined : formatDuration(r.target.startupMs)],
  ["Run", r.run.id],
  ["Started", r.run.startedAt],
  ["Duration", formatDuration(r.run.durationMs)],
  ["Seed", r.run.seed],
  ["Git", r.run.gitSha],
  ["Command", r.run.command],
  ["Tool", `${r.tool.name} ${r.tool.version} (report schema ${r.schemaVersion})`],
])}</header>
<h2>Summary</h2>
<div class="cards">${card("total", s.total)}${card("", s.passed, "passed")}${card("", s.failed, "failed")}${card("", s.errored, "errored")}${card("", s.notApplicable, "notApplicable")}
${card("", f.error, "error")}${card("", f.warning, "warning")}${card("", f.info, "info")}${card("exchanges", r.summary.exchanges)}
${p ? markup`${card("properties", p.total)}${card("properties failed", p.failed)}${p.notApplicable > 0 ? card("properties not applicable", p.notApplicable) : ""}` : ""}
${c ? markup`${card("contract checks", c.total)}${card("checks failed", c.failed)}${card("checks errored", c.errored)}${card("checks not applicable", c.notApplicable)}` : ""}</div>
${loadSection(r)}
${filterBar(r)}
${rootCauseSections(r)}
${coverageHtml(r.coverage)}
${r.baseline ? baselineSection(r.baseline) : ""}
${runFindings.length > 0 ? markup`<h2>Run-level findings</h2>${runFindings.map((x) => findingCard(x, curl(x)))}` : ""}
<h2>Scenarios</h2>
<table><thead><tr><th>Status</th><th>Scenario</th><th>Variant</th><th>IdP</th><th>Title</th><th>Time</th><th>Findings</th><th>Tags</th></tr></thead>
<tbody id="scenario-rows">${detailOrder(r.scenarios).map(scenarioRow)}</tbody></table>
${r.scenarios.length > 0 ? markup`<h2>Details</h2><p class="muted small">Click a scenario to open its timeline; click an exchange for headers, bodies and the curl line.</p>${detailOrder(r.scenarios).map(([sc, i]) => scenarioBlock(sc, i))}` : ""}
${requirementsSection(r)}
${contractsSection(r, curl)}
${r.properties?.length ? markup`<h2>Properties</h2><table><thead><tr><th>Status</th><th>Property</th><th>Title</th><th>Seed</th><th>Path</th><th>Runs done of asked</th><th>Counterexample</th></tr></thead><tbody data-rows>${r.properties.map(propertyRow)}</tbody></table>` : ""}
${runExchanges.length > 0 ? markup`<h2 id="run-exchanges">Run-level exchanges</h2><p class="muted small">Discovery, contract checks and property cases that a finding cites.</p>${runExchanges.map((x) => exchangeBlock(x, base, `x-${x.id}`))}` : ""}
${r.target.logs?.length ? markup`<h2 id="logs">Target logs (tail)</h2><pre class="logs">${r.target.logs.join("\n")}</pre>` : ""}
<footer class="muted small"><p>Generated by ${r.tool.name} ${r.tool.version}. Secrets are redacted; this page loads nothing from the network.</p></footer>
${embeddedFragments(r)}
<script>${new Html(HTML_REPORT_SCRIPT)}</script>
</body></html>
`;
  return page.value;
}
