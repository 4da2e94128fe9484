/**
 * `npm run bench`: the recording proxy's overhead. The same sequential `userName eq` lookups over one
 * keep-alive connection go straight to a fake SP (the baseline) and through `scim-harness record` in front
 * of it, side by side in one run; the difference of the means is the proxy's cost per exchange. Figures, not
 * assertions.
 */
import { httpLookupLatency, seededFake } from "../bench/fake-bench.ts";
import type { LatencySummary } from "../bench/fake-bench.ts";
import { startRecordProxy } from "./record-proxy.ts";

/** Direct and proxied lookup latency against the same fake. */
export interface ProxyBenchResult {
  users: number;
  direct: LatencySummary;
  proxied: LatencySummary;
}

/** Runs both measurements, direct first, on one fake with `users` users. */
export async function runProxyBench(
  options: { users?: number; samples?: number } = {},
): Promise<ProxyBenchResult> {
  const users = options.users ?? 1_000;
  const samples = options.samples ?? 3_000;
  const listening = await seededFake(users).listen();
  const proxy = await startRecordProxy({ upstream: listening.baseUrl });
  try {
    // Interleaved request by request, so that both see the same machine load.
    const [direct, proxied] = await httpLookupLatency(
      [
        { baseUrl: listening.baseUrl, users },
        { baseUrl: proxy.url, users },
      ],
      samples,
    );
    return { users, direct: direct!, proxied: proxied! };
  } finally {
    await proxy.close();
    await listening.close();
  }
}

/** The bench's lines: baseline and proxied side by side, then the overhead per exchange. */
export function formatProxyBench(result: ProxyBenchResult): string {
  const us = (v: number) => Math.round(v).toLocaleString("en-US").padStart(8);
  const row = (label: string, s: LatencySummary) =>
    `${label.padEnd(38)} ${us(s.meanUs)} ${us(s.p50Us)} ${us(s.p99Us)}`;
  return [
    `Recording proxy overhead: sequential lookups over one keep-alive connection, µs (fake with ${result.users.toLocaleString("en-US")} users, ${result.direct.samples.toLocaleString("en-US")} samples)`,
    `${"".padEnd(38)} ${"mean".padStart(8)} ${"p50".padStart(8)} ${"p99".padStart(8)}`,
    row("direct to the fake (baseline)", result.direct),
    row("through scim-harness record", result.proxied),
    `overhead per exchange: ${us(result.proxied.meanUs - result.direct.meanUs).trim()} µs mean, ${us(result.proxied.p50Us - result.direct.p50Us).trim()} µs p50`,
  ].join("\n");
}
