/**
 * One scenario of the HTML report as a timeline: each step with its exchanges (method, path, status,
 * timing; request/response bodies and the curl line behind a click) and each finding right after the
 * exchange that caused it, with expected vs actual.
 */

import type { ExchangeRecord, Finding, ScenarioResult, StepResult } from "../report.ts";
import { isExcused, isSuppressed, scenarioFindings } from "../report.ts";
import { baselineTag, bySeverity, findingSources, formatDuration, formatValue } from "./finding-text.ts";
import {
  Html,
  badge,
  baselineBadge,
  displayPath,
  headerLines,
  markup,
  prettyBody,
  statusPill,
} from "./html-markup.ts";

/** Objects and arrays pretty-printed (read-back resources are long), everything else as `formatValue`. */
function shownValue(value: unknown): string {
  if (typeof value !== "object" || value === null) return formatValue(value);
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return formatValue(value);
  }
}

/** Renders a finding card: severity, baseline status, rule, sources, message, expected vs actual, curl. */
export function findingCard(finding: Finding, curlFallback?: string): Html {
  const cites = [finding.rfc, ...(finding.evidence ?? [])];
  if (finding.stepIndex !== undefined) cites.push(`step ${finding.stepIndex}`);
  if (finding.inferred) cites.push("inferred step");
  const curl = finding.curl ?? curlFallback;
  const hasExpect = finding.expected !== undefined || finding.actual !== undefined;
  const tag = baselineTag(finding);
  return markup`<div class="finding sev-${finding.severity}${isSuppressed(finding) ? " suppressed" : ""}" data-rule="${finding.ruleId}">
<div class="head">${badge(finding.severity)} ${baselineBadge(finding)} <code>${finding.ruleId}</code> <strong>${finding.title}</strong></div>
${cites.some(Boolean) ? markup`<div class="muted small">${cites.filter(Boolean).join(" · ")}</div>` : ""}
${finding.message !== finding.title ? markup`<p>${finding.message}</p>` : ""}
${finding.waiver ? markup`<div class="waiver">${tag}${finding.waiver.scenario ? ` · scenario ${finding.waiver.scenario}` : ""} · rule ${finding.waiver.rule}</div>` : ""}
${
  hasExpect
    ? markup`<div class="expect-actual"><div class="expected"><div class="lbl">expected</div><pre>${shownValue(finding.expected)}</pre></div>
<div class="actual"><div class="lbl">actual</div><pre>${shownValue(finding.actual)}</pre></div></div>`
    : ""
}
${curl !== undefined ? markup`<div class="curl-label">reproduce (click to select)</div><pre class="curl">${curl}</pre>` : ""}
</div>`;
}

/**
 * One exchange: a one-line summary (method, path, status, time) that expands to headers, bodies and curl;
 * `open` shows it expanded.
 */
export function exchangeBlock(
  exchange: ExchangeRecord,
  base: string | undefined,
  anchor: string,
  open = false,
): Html {
  const { request, response, error } = exchange;
  const requestText = headerLines(request.headers) + (request.body ? `\n\n${prettyBody(request.body)}` : "");
  const responseText = response
    ? `${headerLines(response.headers)}${response.body ? `\n\n${prettyBody(response.body)}` : ""}${response.truncated ? "\n\n[truncated]" : ""}`
    : "";
  return markup`<details class="exchange" id="${anchor}"${open ? new Html(" open") : ""}><summary><span class="method mono">${request.method}</span>
<span class="path mono">${displayPath(request.url, base)}</span> ${statusPill(response?.status, error?.kind)}
<span class="muted small">${formatDuration(exchange.durationMs)} · ${exchange.label} · ${exchange.id}</span></summary>
<div class="io"><div><h5>Request</h5><pre>${request.method} ${request.url}\n${requestText}</pre></div>
<div><h5>${response ? `Response ${response.status}` : "No response"}</h5>${
    response
      ? markup`<pre>${responseText}</pre>`
      : markup`<pre>${error ? `${error.kind}: ${error.message}` : "no response recorded"}</pre>`
  }</div></div>
<div class="curl-label">curl (click to select)</div><pre class="curl">${exchange.curl}</pre>
</details>`;
}

function stepItem(
  step: StepResult,
  exchanges: ReadonlyMap<string, ExchangeRecord>,
  base: string | undefined,
  prefix: string,
): Html {
  const findings = bySeverity(step.findings);
  const placed = new Set<Finding>();
  const blocks = step.exchangeIds.map((id) => {
    const exchange = exchanges.get(id);
    if (exchange === undefined) return markup`<div class="muted small">exchange ${id} not recorded</div>`;
    // A finding goes right after the first of its exchanges that this step sent.
    const here = findings.filter(
      (f) => !placed.has(f) && f.exchangeIds.find((x) => step.exchangeIds.includes(x)) === id,
    );
    for (const f of here) placed.add(f);
    return markup`${exchangeBlock(exchange, base, `${prefix}-${id}`)}${here.map((f) => findingCard(f, exchange.curl))}`;
  });
  const rest = findings.filter((f) => !placed.has(f));
  const provenance = step.inferred ? "inferred" : "observed";
  return markup`<li class="step st-${step.status}"><div class="step-head"><span class="idx">${step.index}</span>
<code>${step.action}</code>${step.title ? markup` <span>${step.title}</span>` : ""} ${badge(step.status)}
<span class="muted small">${formatDuration(step.durationMs)} · ${provenance}${step.evidence?.length ? ` · ${step.evidence.join(" ")}` : ""}</span></div>
${step.reason ? markup`<div class="step-note">${step.reason}</div>` : ""}
${blocks}${rest.map((f) => findingCard(f))}</li>`;
}

/** The first finding to show in the collapsed scenario line: the worst unsuppressed one, else the worst. */
function headline(scenario: ScenarioResult): Html | "" {
  const findings = bySeverity(scenarioFindings(scenario));
  const top = findings.find((f) => !isSuppressed(f)) ?? findings[0];
  if (top === undefined) {
    if (!scenario.reason || scenario.status === "passed") return "";
    const muted = scenario.status === "notApplicable" ? " muted" : "";
    return markup`<div class="headline${muted}">${scenario.reason}</div>`;
  }
  const sources = findingSources(top);
  return markup`<div class="headline${isSuppressed(top) ? " known" : ""}">✗ <code>${top.ruleId}</code> ${top.title}${sources ? markup` <span class="muted">${sources}</span>` : ""}${findings.length > 1 ? markup` <span class="muted">(+${findings.length - 1} more)</span>` : ""}</div>`;
}

/**
 * The body of a scenario block: the step timeline, the scenario-level findings, the exchanges no step
 * claimed (setup, cleanup) and the cleanup count. The page embeds it compressed and renders it on open.
 */
export function scenarioBody(scenario: ScenarioResult, index: number, base: string | undefined): Html {
  const exchanges = new Map(scenario.exchanges.map((e) => [e.id, e]));
  const claimed = new Set(scenario.steps.flatMap((s) => s.exchangeIds));
  const loose = scenario.exchanges.filter((e) => !claimed.has(e.id));
  const prefix = `s-${index}`;
  return markup`
${scenario.file ? markup`<div class="muted small">file: ${scenario.file}${scenario.tags.length ? ` · tags: ${scenario.tags.join(", ")}` : ""}</div>` : ""}
${scenario.reason ? markup`<p><strong>Reason:</strong> ${scenario.reason}</p>` : ""}
${scenario.steps.length > 0 ? markup`<ol class="timeline">${scenario.steps.map((s) => stepItem(s, exchanges, base, prefix))}</ol>` : markup`<p class="muted">No steps ran.</p>`}
${bySeverity(scenario.findings).map((f) => findingCard(f, exchanges.get(f.exchangeIds[0] ?? "")?.curl))}
${loose.length > 0 ? markup`<div class="muted small">Setup and cleanup</div>${loose.map((e) => exchangeBlock(e, base, `${prefix}-${e.id}`))}` : ""}
${scenario.cleanup ? markup`<p class="muted small">Cleanup: ${scenario.cleanup.deleted}/${scenario.cleanup.attempted} deleted${scenario.cleanup.failures.length ? `; failures: ${scenario.cleanup.failures.join("; ")}` : ""}</p>` : ""}
`;
}

/**
 * A scenario as a collapsible block (`<details id="s-<n>">`): the summary line shows status, id, variant,
 * title and the headline finding; the body (`scenarioBody`) is an empty slot named by
 * `data-fragment="s-<n>"` that the page's script fills when the block opens. Its wrapper's `data-idp`,
 * `data-tags` and `data-status` feed the page's filters.
 */
export function scenarioBlock(scenario: ScenarioResult, index: number): Html {
  const broken = scenario.status === "failed" || scenario.status === "errored";
  const excused = broken && isExcused(scenarioFindings(scenario));
  const prefix = `s-${index}`;
  return markup`<div ${filterAttributes(scenario, index)}><details class="scenario st-${scenario.status}${excused ? " excused" : ""}" id="${prefix}">
<summary>${badge(scenario.status)}${excused ? markup` ${badge("bl-known", "known")}` : ""} <span class="sid mono">${scenario.id}</span>
<span class="muted">[${scenario.variant}]</span> ${scenario.title}
<span class="muted small">· ${formatDuration(scenario.durationMs)} · ${scenario.steps.length} steps · ${scenario.exchanges.length} exchanges</span>
${headline(scenario)}</summary>
<div class="scenario-body" data-fragment="${prefix}"></div></details></div>`;
}

/** The attributes the page's IdP, tag, status and search filters read (`data-s`: the block's id and timeline). */
function filterAttributes(scenario: ScenarioResult, index: number): Html {
  return markup`data-f data-s="s-${index}" data-idp="${scenario.idp}" data-tags="${scenario.tags.join(" ")}" data-status="${scenario.status}"`;
}
