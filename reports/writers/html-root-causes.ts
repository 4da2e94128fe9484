/**
 * The top of the HTML report: root causes first (each expands to the first finding's expected vs actual
 * with their diff and the representative request/response pair, shown open), then the compatibility
 * matrix. Each root cause carries the IdPs and the tags of the scenarios it covers for the page's filters.
 */
import type { Compatibility, ExchangeRecord, Finding, RootCause, RunReport } from "../report.ts";
import { allExchanges, allFindings } from "../report.ts";
import { valueDiff } from "./html-diff.ts";
import { badge, markup, type Html } from "./html-markup.ts";
import { exchangeBlock, findingCard } from "./html-timeline.ts";

const IDP_NAMES: Record<string, string> = { entra: "Entra", jumpcloud: "JumpCloud" };

function rootCauseBlock(
  cause: RootCause,
  n: number,
  finding: Finding | undefined,
  exchange: ExchangeRecord | undefined,
  base: string | undefined,
  tags: readonly string[],
): Html {
  const status = cause.severity === "error" ? "failed" : "errored";
  const covers = [
    `${cause.findings} finding(s)${cause.followOns > 0 ? ` (+${cause.followOns} follow-on)` : ""}`,
    cause.variants.length > 0 ? `${cause.variants.length} scenario variant(s)` : "",
    cause.checks.length > 0 ? `${cause.checks.length} check(s)` : "",
    cause.idps.map((idp) => IDP_NAMES[idp] ?? idp).join(", "),
  ].filter(Boolean);
  return markup`<details class="scenario st-${status} root-cause" id="${cause.id}" data-rule="${cause.ruleId}" data-f data-idp="${cause.idps.join(" ")}" data-tags="${tags.join(" ")}" data-status="${cause.severity === "error" ? "failed" : "warning"}">
<summary><span class="sid">#${n}</span> ${badge(cause.severity)}${cause.baseline === "known" || cause.baseline === "waived" ? markup` ${badge(`bl-${cause.baseline}`, cause.baseline)}` : ""} <code>${cause.ruleId}</code> <strong>${cause.title}</strong> <span class="muted small">${covers.join(" · ")} · ${cause.id}</span></summary>
<div class="body">
${cause.repro !== undefined ? markup`<p><code>${cause.repro}</code></p>` : ""}
${cause.idpAction !== undefined ? markup`<p>${cause.idpAction}</p>` : ""}
${cause.variants.length > 0 ? markup`<p class="muted small">Scenario variants: ${cause.variants.join(", ")}</p>` : ""}
${cause.checks.length > 0 ? markup`<p class="muted small">Checks: ${cause.checks.join(", ")}</p>` : ""}
${finding !== undefined ? findingCard(finding, exchange?.curl) : ""}
${finding !== undefined ? valueDiff(finding.expected, finding.actual) : ""}
${exchange !== undefined ? exchangeBlock(exchange, base, `rc-x-${cause.id}`, true) : ""}
</div></details>`;
}

function matrixTable(compatibility: Compatibility, causes: readonly RootCause[]): Html {
  const number = new Map(causes.map((c, i) => [c.id, i + 1]));
  const rows = compatibility.behaviours.map((behaviour, row) => {
    const cells = compatibility.idps.map((column) => {
      const cell = column.behaviours[row];
      if (cell === undefined) return markup`<td></td>`;
      if (cell.status === "failed")
        return markup`<td>${badge("failed", "✗")} ${cell.rootCauses.map((id) => markup`<a href="#${id}">#${number.get(id) ?? id}</a> `)}</td>`;
      if (cell.status === "passed") return markup`<td>${badge("passed", "✓")}</td>`;
      return markup`<td title="${cell.reason ?? ""}">${badge("notApplicable", "–")}</td>`;
    });
    return markup`<tr><th>${behaviour}</th>${cells}</tr>`;
  });
  return markup`<h2 id="compatibility">Compatibility</h2>
<table class="matrix"><thead><tr><th>Behaviour</th>${compatibility.idps.map((c) => markup`<th>${c.label}</th>`)}</tr></thead><tbody>${rows}</tbody></table>
<p class="muted small">✓ passed · ✗ failed (root cause #) · – not exercised (hover for the reason)</p>`;
}

/** Root causes and the compatibility matrix, or nothing when the report has neither. */
export function rootCauseSections(report: RunReport): Html {
  const causes = (report.rootCauses ?? []).filter((c) => c.severity !== "info");
  const findings = new Map(allFindings(report).map((f) => [f.id, f]));
  const exchanges = new Map(allExchanges(report).map((e) => [e.id, e]));
  const tagsOf = new Map(report.scenarios.map((s) => [s.id, s.tags]));
  const blocks = causes.map((cause, i) => {
    const finding = findings.get(cause.findingIds[0] ?? "");
    const exchange = cause.exchangeId !== undefined ? exchanges.get(cause.exchangeId) : undefined;
    const tags = [...new Set(cause.scenarios.flatMap((id) => tagsOf.get(id) ?? []))];
    return rootCauseBlock(cause, i + 1, finding, exchange, report.target.url, tags);
  });
  return markup`${
    report.rootCauses !== undefined
      ? markup`<h2 id="root-causes">Root causes</h2>${causes.length === 0 ? markup`<p>No root cause: no error or warning finding.</p>` : markup`<p class="muted small">Worst and broadest first; open one for its request/response and expected vs actual.</p>${blocks}`}`
      : ""
  }${report.compatibility !== undefined && report.compatibility.idps.length > 0 ? matrixTable(report.compatibility, causes) : ""}`;
}
