/**
 * What a load run measures, from the samples it recorded: exact percentiles (nearest rank over every
 * sample, no approximation), per request kind the sustained throughput and answers by class, latency over
 * time in buckets, and a latency histogram on fixed bounds. Pure: the samples in, report blocks out.
 */
import type { LoadResult } from "../../reports/load-schema.ts";

/** One request as the load run saw it. */
export interface LoadSample {
  kind: string;
  tenant: number;
  /** When sending started, in ms from the start of the cycle. */
  startMs: number;
  latencyMs: number;
  /** `2xx`, `3xx`, `4xx`, `429`, `5xx`, or the transport error kind (`timeout`, `reset`, …). */
  answer: string;
  /** The final answer of a request (after the 429 retries) was not 2xx/3xx. */
  error: boolean;
}

type Latency = LoadResult["latencyMs"];

/** Histogram bounds in ms (upper bounds, inclusive): 1-2-5 steps from 0.5 ms to 60 s (Entra's deadline). */
export const HISTOGRAM_BOUNDS_MS = [
  0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 60_000,
] as const;

/** At most this many buckets in the latency-over-time series. */
const MAX_TIME_BUCKETS = 120;

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50 / p95 / p99 / max of latencies. */
export function latencyOf(latencies: readonly number[]): Latency {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** Requests per second over the span from the first start to the last answer. */
function rate(samples: readonly LoadSample[]): number {
  if (samples.length === 0) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const s of samples) {
    first = Math.min(first, s.startMs);
    last = Math.max(last, s.startMs + s.latencyMs);
  }
  return round(samples.length / Math.max((last - first) / 1000, 0.001), 1);
}

/** Per request kind, in the order the kinds first appeared. */
export function kindsOf(samples: readonly LoadSample[]): LoadResult["kinds"] {
  const byKind = new Map<string, LoadSample[]>();
  for (const s of samples) {
    const list = byKind.get(s.kind);
    if (list === undefined) byKind.set(s.kind, [s]);
    else list.push(s);
  }
  return [...byKind].map(([kind, list]) => {
    const byClass: Record<string, number> = {};
    for (const s of list) byClass[s.answer] = (byClass[s.answer] ?? 0) + 1;
    return {
      kind,
      requests: list.length,
      perSecond: rate(list),
      latencyMs: latencyOf(list.map((s) => s.latencyMs)),
      errors: list.filter((s) => s.error).length,
      byClass,
      rateLimited: byClass["429"] ?? 0,
    };
  });
}

/** Latency over time: buckets of at least 1 s, at most MAX_TIME_BUCKETS of them. */
export function timelineOf(samples: readonly LoadSample[], durationMs: number): LoadResult["timeline"] {
  if (samples.length === 0) return [];
  const width = Math.max(1000, Math.ceil(durationMs / MAX_TIME_BUCKETS / 1000) * 1000);
  const buckets = new Map<number, LoadSample[]>();
  for (const s of samples) {
    const b = Math.floor(s.startMs / width);
    const list = buckets.get(b);
    if (list === undefined) buckets.set(b, [s]);
    else list.push(s);
  }
  return [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((b) => {
      const list = buckets.get(b)!;
      const latency = latencyOf(list.map((s) => s.latencyMs));
      return {
        tMs: b * width,
        requests: list.length,
        errors: list.filter((s) => s.error).length,
        p50: latency.p50,
        p99: latency.p99,
        max: latency.max,
      };
    });
}

/** Latency histogram on HISTOGRAM_BOUNDS_MS, plus one bucket above the last bound. */
export function histogramOf(samples: readonly LoadSample[]): LoadResult["histogram"] {
  const counts = new Array<number>(HISTOGRAM_BOUNDS_MS.length + 1).fill(0);
  for (const s of samples) {
    const i = HISTOGRAM_BOUNDS_MS.findIndex((bound) => s.latencyMs <= bound);
    counts[i === -1 ? HISTOGRAM_BOUNDS_MS.length : i]! += 1;
  }
  return counts.map((count, i) => ({ upToMs: HISTOGRAM_BOUNDS_MS[i] ?? null, count }));
}

/** The answer class of an HTTP status. */
export function answerClass(status: number): string {
  return status === 429 ? "429" : `${Math.floor(status / 100)}xx`;
}

/** Overall numbers of a set of samples. */
export function totalsOf(samples: readonly LoadSample[]): {
  requests: number;
  perSecond: number;
  errors: number;
  latencyMs: Latency;
} {
  return {
    requests: samples.length,
    perSecond: rate(samples),
    errors: samples.filter((s) => s.error).length,
    latencyMs: latencyOf(samples.map((s) => s.latencyMs)),
  };
}
