/**
 * The load section of the HTML report (`scim-harness load`): the verdict, the per-kind table, rate limiting,
 * the projected real cycle time, and the two inline SVG charts (latency over time, latency histogram).
 * Self-contained: the HTML writer calls it with one line and it renders nothing without a `load` block.
 */
import type { RunReport } from "../report.ts";
import { badge, Html, markup } from "./html-markup.ts";
import { latencyHistogramSvg, latencyOverTimeSvg } from "./load-charts.ts";

const ms = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

/** The `<section id="load">` of a load run, or nothing. */
export function loadSection(report: RunReport): Html | "" {
  const load = report.load;
  if (load === undefined) return "";
  const rl = load.rateLimit;
  const p = load.projection;
  return markup`<section id="load"><h2>Load ${badge(load.verdict.status)}</h2>
${load.verdict.reasons.length > 0 ? markup`<ul>${load.verdict.reasons.map((r) => markup`<li>${r}</li>`)}</ul>` : ""}
<p>${load.tenants} tenant(s) × ${load.users} users, ${load.groups} groups, ${load.memberships} memberships (${load.idp}); ${load.pacing.mode === "paced" ? `${load.pacing.perTenantPerSecond} req/s per tenant` : "open loop"}, ${load.pacing.concurrencyPerTenant} in flight per tenant. ${load.requests} requests in ${ms(load.durationMs)} (${load.perSecond} req/s), error rate ${load.errorRate}.</p>
<p class="muted small">${load.model}</p>
<table><thead><tr><th>Kind</th><th>Requests</th><th>req/s</th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>Errors</th><th>429</th><th>Answers</th></tr></thead>
<tbody>${load.kinds.map(
    (k) =>
      markup`<tr class="row-${k.errors > 0 ? "failed" : "passed"}"><td>${k.kind}</td><td>${k.requests}</td><td>${k.perSecond}</td><td>${ms(k.latencyMs.p50)}</td><td>${ms(k.latencyMs.p95)}</td><td>${ms(k.latencyMs.p99)}</td><td>${ms(k.latencyMs.max)}</td><td>${k.errors}</td><td>${k.rateLimited}</td><td>${Object.entries(
        k.byClass,
      )
        .map(([c, n]) => `${c}: ${n}`)
        .join(", ")}</td></tr>`,
  )}</tbody></table>
<p>429 answers: ${rl.responses} (${rl.withRetryAfter} with Retry-After, ${ms(rl.retryAfterAskedMs)} asked in all, at most ${ms(rl.retryAfterMaxMs)}); tenants paused ${ms(rl.waitedMs)}. <span class="muted small">${rl.policy}</span></p>
<p>Projected Entra initial cycle per tenant: <strong>${p.projectedMinMinutes}–${p.projectedMaxMinutes} min</strong> for ${p.objectsPerTenant} objects. ${p.note}</p>
<figure class="chart">${new Html(latencyOverTimeSvg(load))}</figure>
<figure class="chart">${new Html(latencyHistogramSvg(load))}</figure>
<p class="muted small">Cleanup: deleted ${load.cleanup.deleted} of ${load.cleanup.attempted}${load.cleanup.failures.length > 0 ? `; failed: ${load.cleanup.failures.join("; ")}` : ""}.${load.stoppedEarly !== undefined ? ` Stopped early: ${load.stoppedEarly}.` : ""}</p>
</section>`;
}
