/**
 * The `load` block of a report as text: the console summary of `scim-harness load` and the Markdown
 * section of `summary.md`. Both show the verdict, the per-kind table (throughput, p50/p95/p99/max, errors,
 * 429s), rate limiting and Retry-After, the projected real cycle time and cleanup.
 */
import type { LoadResult } from "../load-schema.ts";
import type { RunReport } from "../report.ts";
import { mdCell } from "./markdown-writer.ts";

const ms = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
const pct = (n: number): string => `${(n * 100).toFixed(n > 0 && n < 0.001 ? 3 : 2)} %`;

function classes(byClass: Record<string, number>): string {
  return Object.entries(byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${v}`)
    .join(" ");
}

function facts(load: LoadResult): string[] {
  const pace =
    load.pacing.mode === "paced"
      ? `${load.pacing.perTenantPerSecond} req/s per tenant`
      : "open loop (as fast as the target answers)";
  const rl = load.rateLimit;
  return [
    `${load.tenants} tenant(s) × ${load.users} users, ${load.groups} groups, ${load.memberships} memberships (${load.idp}); ${pace}, ${load.pacing.concurrencyPerTenant} in flight per tenant`,
    `${load.requests} requests in ${ms(load.durationMs)} (${load.perSecond} req/s); p50 ${ms(load.latencyMs.p50)} · p95 ${ms(load.latencyMs.p95)} · p99 ${ms(load.latencyMs.p99)} · max ${ms(load.latencyMs.max)}; errors ${load.errors} (${pct(load.errorRate)})`,
    `429: ${rl.responses} (${rl.withRetryAfter} with Retry-After, asked ${ms(rl.retryAfterAskedMs)} in all, at most ${ms(rl.retryAfterMaxMs)}); tenants paused ${ms(rl.waitedMs)} in all`,
    `projected Entra initial cycle per tenant: ${load.projection.projectedMinMinutes}–${load.projection.projectedMaxMinutes} min. ${load.projection.note}`,
    `cleanup: deleted ${load.cleanup.deleted} of ${load.cleanup.attempted}${load.cleanup.failures.length > 0 ? `; failed: ${load.cleanup.failures.slice(0, 3).join("; ")}` : ""}`,
    ...(load.stoppedEarly !== undefined ? [`stopped early: ${load.stoppedEarly}`] : []),
  ];
}

function verdictLine(load: LoadResult): string {
  const limits = [
    load.verdict.p99MaxMs !== undefined ? `p99 ≤ ${load.verdict.p99MaxMs} ms` : undefined,
    load.verdict.errorRateMax !== undefined ? `error rate ≤ ${load.verdict.errorRateMax}` : undefined,
  ].filter(Boolean);
  return load.verdict.status === "passed"
    ? `✓ passed (${limits.join(", ") || "no threshold set"})`
    : `✗ failed: ${load.verdict.reasons.join("; ")}`;
}

/** The console text of a load run (empty when the report has no `load` block). */
export function formatLoadText(report: RunReport): string {
  const load = report.load;
  if (load === undefined) return "";
  const header = ["kind", "requests", "req/s", "p50", "p95", "p99", "max", "errors", "429", "answers"];
  const rows = load.kinds.map((k) => [
    k.kind,
    String(k.requests),
    String(k.perSecond),
    ms(k.latencyMs.p50),
    ms(k.latencyMs.p95),
    ms(k.latencyMs.p99),
    ms(k.latencyMs.max),
    String(k.errors),
    String(k.rateLimited),
    classes(k.byClass),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  const findings = load.modelFindings.map((f) => `  ${f.ruleId} ×${f.count}: ${f.example}`);
  return [
    `Load verdict: ${verdictLine(load)}`,
    ...facts(load).map((f) => `  ${f}`),
    "",
    line(header),
    ...rows.map(line),
    ...(findings.length > 0
      ? ["", `What the ${load.idp} model reported about the answers:`, ...findings]
      : []),
    "",
  ].join("\n");
}

/** The Markdown section of a load run (no lines when the report has no `load` block). */
export function loadMarkdown(report: RunReport): string[] {
  const load = report.load;
  if (load === undefined) return [];
  return [
    "",
    `### Load: ${mdCell(verdictLine(load))}`,
    "",
    ...facts(load).map((f) => `- ${mdCell(f)}`),
    "",
    "| Kind | Requests | req/s | p50 | p95 | p99 | max | Errors | 429 | Answers |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...load.kinds.map(
      (k) =>
        `| ${mdCell(k.kind)} | ${k.requests} | ${k.perSecond} | ${ms(k.latencyMs.p50)} | ${ms(k.latencyMs.p95)} | ${ms(k.latencyMs.p99)} | ${ms(k.latencyMs.max)} | ${k.errors} | ${k.rateLimited} | ${mdCell(classes(k.byClass))} |`,
    ),
  ];
}
