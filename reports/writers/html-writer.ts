/**
 * HTML writer (`report.markup`): one self-contained page for QA, with inline CSS, no scripts and no
 * external assets. Every interpolated value goes through the `markup` tag, which escapes it.
 */

import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type {
  ExchangeRecord,
  Finding,
  PropertyResult,
  RunReport,
  ScenarioResult,
  StepResult,
} from "../report.ts";
import { scenarioFindings } from "../report.ts";
import { bySeverity, formatDuration, formatValue } from "./finding-text.ts";

/** Markup that is already safe; anything else interpolated into `markup` is escaped. */
class Html {
  constructor(readonly value: string) {}
}

/** Escapes `& < > " '` for text and attribute positions. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function fragment(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(fragment).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

function markup(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, chunk, i) => out + fragment(values[i - 1]) + chunk));
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}dl.meta dt{color:#59636e}dl.meta dd{margin:0;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .8rem;min-width:6rem}.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.badge{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.85em;font-weight:600;color:#fff;white-space:nowrap}
.passed{background:#1a7f37}.failed{background:#cf222e}.errored{background:#8250df}.notApplicable,.skipped{background:#6e7781}
.error{background:#cf222e}.warning{background:#9a6700}.info{background:#0969da}
.finding{border-left:4px solid #6e7781;padding:.3rem .8rem;margin:.6rem 0;background:#f6f8fa}.finding.sev-error{border-color:#cf222e}.finding.sev-warning{border-color:#9a6700}.finding.sev-info{border-color:#0969da}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-all;margin:.3rem 0}
details{margin:.3rem 0}summary{cursor:pointer;font-family:ui-monospace,monospace}.muted{color:#59636e}.banner{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem;border-radius:6px}
`;

function badge(status: string): Html {
  const label = status === "notApplicable" ? "not applicable" : status;
  return markup`<span class="badge ${status}">${label}</span>`;
}

/** A body pretty-printed when it is JSON, verbatim otherwise. */
function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
}

function metaList(entries: [string, unknown][]): Html {
  const shown = entries.filter(([, value]) => value !== undefined && value !== "");
  return markup`<dl class="meta">${shown.map(([k, v]) => markup`<dt>${k}</dt><dd>${formatValue(v)}</dd>`)}</dl>`;
}

function findingCard(finding: Finding): Html {
  const where = finding.stepIndex === undefined ? "" : `step ${finding.stepIndex}`;
  const cites = [
    finding.rfc,
    ...(finding.evidence ?? []),
    where,
    finding.inferred ? "inferred step" : undefined,
  ];
  return markup`<div class="finding sev-${finding.severity}">
<div>${badge(finding.severity)} <code>${finding.ruleId}</code> <strong>${finding.title}</strong></div>
<div class="muted">${cites.filter(Boolean).join(" · ")}</div>
${finding.message !== finding.title ? markup`<p>${finding.message}</p>` : ""}
${finding.expected !== undefined ? markup`<div>expected:</div><pre>${formatValue(finding.expected)}</pre>` : ""}
${finding.actual !== undefined ? markup`<div>actual:</div><pre>${formatValue(finding.actual)}</pre>` : ""}
${finding.curl !== undefined ? markup`<pre>${finding.curl}</pre>` : ""}
</div>`;
}

function exchangeBlock(exchange: ExchangeRecord): Html {
  const { request, response, error } = exchange;
  const outcome = response ? `→ ${response.status}` : `→ ${error?.kind ?? "no response"}`;
  const requestText = headerLines(request.headers) + (request.body ? `\n\n${prettyBody(request.body)}` : "");
  const responseText = response
    ? `${headerLines(response.headers)}${response.body ? `\n\n${prettyBody(response.body)}` : ""}${response.truncated ? "\n\n[truncated]" : ""}`
    : "";
  return markup`<details><summary>${exchange.id} ${request.method} ${request.url} ${outcome} <span class="muted">(${exchange.label}, ${formatDuration(exchange.durationMs)})</span></summary>
<div>request</div><pre>${request.method} ${request.url}\n${requestText}</pre>
${response ? markup`<div>response ${response.status}</div><pre>${responseText}</pre>` : ""}
${error ? markup`<div>error</div><pre>${error.kind}: ${error.message}</pre>` : ""}
<div>curl</div><pre>${exchange.curl}</pre>
</details>`;
}

function stepRow(step: StepResult): Html {
  return markup`<tr><td>${step.index}</td><td><code>${step.action}</code>${step.title ? markup` ${step.title}` : ""}</td>
<td>${badge(step.status)}</td><td>${step.inferred ? "inferred" : "observed"}</td><td>${(step.evidence ?? []).join(" ")}</td>
<td>${formatDuration(step.durationMs)}</td><td>${step.exchangeIds.join(", ")}</td><td>${step.reason ?? ""}</td></tr>`;
}

function hasDetails(scenario: ScenarioResult): boolean {
  return (
    scenario.status === "failed" || scenario.status === "errored" || scenarioFindings(scenario).length > 0
  );
}

function scenarioSection(scenario: ScenarioResult, index: number): Html {
  const findings = bySeverity(scenarioFindings(scenario));
  return markup`<section id="s-${index}">
<h3>${badge(scenario.status)} ${scenario.id} [${scenario.variant}]</h3>
<p>${scenario.title}${scenario.file ? markup` <span class="muted">(${scenario.file})</span>` : ""}</p>
${scenario.reason ? markup`<p><strong>Reason:</strong> ${scenario.reason}</p>` : ""}
<table><thead><tr><th>#</th><th>Step</th><th>Status</th><th>Source</th><th>Evidence</th><th>Time</th><th>Exchanges</th><th>Reason</th></tr></thead>
<tbody>${scenario.steps.map(stepRow)}</tbody></table>
${findings.map(findingCard)}
${scenario.exchanges.length > 0 ? markup`<h4>Exchanges</h4>${scenario.exchanges.map(exchangeBlock)}` : ""}
${scenario.cleanup ? markup`<p class="muted">Cleanup: ${scenario.cleanup.deleted}/${scenario.cleanup.attempted} deleted${scenario.cleanup.failures.length ? `; failures: ${scenario.cleanup.failures.join("; ")}` : ""}</p>` : ""}
</section>`;
}

function scenarioRow(scenario: ScenarioResult, index: number): Html {
  const name = hasDetails(scenario) ? markup`<a href="#s-${index}">${scenario.id}</a>` : scenario.id;
  const count = scenarioFindings(scenario).length;
  return markup`<tr><td>${badge(scenario.status)}</td><td>${name}</td><td>${scenario.variant}</td><td>${scenario.idp}</td>
<td>${scenario.title}${scenario.status === "notApplicable" && scenario.reason ? markup` <span class="muted">(${scenario.reason})</span>` : ""}</td>
<td>${formatDuration(scenario.durationMs)}</td><td>${count || ""}</td><td>${scenario.tags.join(", ")}</td></tr>`;
}

function propertyRow(property: PropertyResult): Html {
  return markup`<tr><td>${badge(property.status)}</td><td>${property.id}</td><td>${property.title}</td><td>${property.seed}</td>
<td>${property.path ?? ""}</td><td>${property.numRuns}</td>
<td>${property.counterexample !== undefined ? markup`<pre>${formatValue(property.counterexample)}</pre>` : ""}${property.findings.map(findingCard)}</td></tr>`;
}

function card(label: string, value: number, status?: string): Html {
  return markup`<div class="card"><b>${value}</b>${status ? badge(status) : label}</div>`;
}

/** Renders the report (redacted first) as a single self-contained HTML page. */
export function renderHtmlReport(report: RunReport, options: RedactOptions): string {
  const r = redact(report, options.secrets);
  const { scenarios: s, findings: f, properties: p } = r.summary;
  const page = markup`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>scim-harness report ${r.run.id}</title><style>${new Html(CSS)}</style></head><body>
<header><h1>scim-harness report</h1>
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
${p ? markup`${card("properties", p.total)}${card("properties failed", p.failed)}` : ""}</div>
${r.findings.length > 0 ? markup`<h2>Run-level findings</h2>${bySeverity(r.findings).map(findingCard)}` : ""}
<h2>Scenarios</h2>
<table><thead><tr><th>Status</th><th>Scenario</th><th>Variant</th><th>IdP</th><th>Title</th><th>Time</th><th>Findings</th><th>Tags</th></tr></thead>
<tbody>${r.scenarios.map(scenarioRow)}</tbody></table>
${r.scenarios.some(hasDetails) ? markup`<h2>Details</h2>${r.scenarios.map((sc, i) => (hasDetails(sc) ? scenarioSection(sc, i) : ""))}` : ""}
${r.properties?.length ? markup`<h2>Properties</h2><table><thead><tr><th>Status</th><th>Property</th><th>Title</th><th>Seed</th><th>Path</th><th>Runs</th><th>Counterexample</th></tr></thead><tbody>${r.properties.map(propertyRow)}</tbody></table>` : ""}
${r.target.logs?.length ? markup`<h2>Target logs (tail)</h2><pre>${r.target.logs.join("\n")}</pre>` : ""}
<footer class="muted"><p>Generated by ${r.tool.name} ${r.tool.version}.</p></footer>
</body></html>
`;
  return page.value;
}
