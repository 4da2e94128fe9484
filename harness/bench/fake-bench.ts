/**
 * Fake SP figures for `npm run bench`: `userName eq` lookup latency with 1k and 100k users (the 100k/1k
 * ratio is the figure; the indexed store should keep it ≤ 2), in-process through `fake.handle` and over
 * HTTP; and POST / GET throughput on a loopback port measured with autocannon, side by side with
 * autocannon's rate against a trivial node:http server (the baseline) in the same run. Figures, not
 * assertions.
 */
import { Agent, request } from "node:http";
import { createFakeServiceProvider } from "../../fakes/index.ts";
import type { FakeServiceProvider } from "../../fakes/index.ts";
import { runCannon, startBenchServer } from "./fake-bench-http.ts";
import type { CannonSummary } from "./fake-bench-http.ts";

/** The bearer token of every bench fake. */
export const BENCH_TOKEN = "bench-token";

/** The userName of seeded user `i`; its id is `u{i}`. */
export const userNameOf = (i: number): string => `user${i}@example.com`;

/** A generic fake with `users` users (ids `u0`…, realistic attributes); later creates get UUIDs. */
export function seededFake(users: number): FakeServiceProvider {
  let next = 0;
  const fake = createFakeServiceProvider({
    tokens: { value: BENCH_TOKEN },
    idGenerator: () => (next < users ? `u${next++}` : crypto.randomUUID()),
  });
  for (let i = 0; i < users; i++) {
    fake.store.create("User", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: userNameOf(i),
      externalId: `ext-${i}`,
      name: { givenName: `Given${i}`, familyName: `Family${i % 997}` },
      emails: [{ value: userNameOf(i), type: "work", primary: true }],
      active: i % 7 !== 0,
    });
  }
  return fake;
}

/** Entra's wire form of a userName lookup: `filter=userName+eq+%22…%22` (idp-behaviour Part 4). */
const lookupQuery = (i: number): string => `?filter=userName+eq+%22${encodeURIComponent(userNameOf(i))}%22`;

/** Latency figures in microseconds. */
export interface LatencySummary {
  meanUs: number;
  p50Us: number;
  p99Us: number;
  samples: number;
}

function summarise(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number): number =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 1000;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return { meanUs: mean * 1000, p50Us: at(0.5), p99Us: at(0.99), samples: sorted.length };
}

/** Times `samples` lookups of random seeded users through `fake.handle` (after a warm-up). */
export async function handleLookupLatency(
  fake: FakeServiceProvider,
  users: number,
  samples: number,
): Promise<LatencySummary> {
  const headers = { authorization: `Bearer ${BENCH_TOKEN}`, "user-agent": "scim-harness-bench" };
  const urls = Array.from(
    { length: 1000 },
    () => new URL(`http://127.0.0.1${fake.basePath}/Users${lookupQuery(Math.floor(Math.random() * users))}`),
  );
  const once = async (i: number): Promise<number> => {
    const url = urls[i % urls.length] as URL;
    const started = performance.now();
    const response = await fake.handle({ method: "GET", url, headers, body: new Uint8Array() });
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`lookup answered ${response.status}`);
    return elapsed;
  };
  for (let i = 0; i < 2000; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await once(i));
  return summarise(times);
}

/**
 * Times `samples` sequential lookups per target, each over its own keep-alive HTTP connection (after a
 * warm-up). The targets take turns request by request, so that a shared, loaded machine slows them alike:
 * measured one after the other, the 1k and 100k servers met different loads and their ratio swung widely.
 */
export async function httpLookupLatency(
  targets: readonly { baseUrl: string; users: number }[],
  samples: number,
): Promise<LatencySummary[]> {
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const get = (t: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const { baseUrl, users } = targets[t] as { baseUrl: string; users: number };
      const started = performance.now();
      const req = request(
        `${baseUrl}/Users${lookupQuery(Math.floor(Math.random() * users))}`,
        { agent: agents[t], headers: { authorization: `Bearer ${BENCH_TOKEN}` } },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200
              ? resolve(performance.now() - started)
              : reject(new Error(`lookup answered ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
  const times: number[][] = targets.map(() => []);
  for (let i = 0; i < 500 + samples; i++) {
    for (let t = 0; t < targets.length; t++) {
      const elapsed = await get(t);
      if (i >= 500) times[t]?.push(elapsed);
    }
  }
  for (const agent of agents) agent.destroy();
  return times.map(summarise);
}

/** Everything `npm run bench` prints about the fake. */
export interface FakeBenchResult {
  lookups: { label: string; small: LatencySummary; large: LatencySummary }[];
  sizes: { small: number; large: number };
  throughput: { label: string; summary: CannonSummary; baseline?: string }[];
  durationSec: number;
  connections: number;
}

/** Runs the whole fake bench (about 15–25 s with the default sizes). */
export async function runFakeBench(
  options: { small?: number; large?: number; durationSec?: number; connections?: number } = {},
): Promise<FakeBenchResult> {
  const small = options.small ?? 1_000;
  const large = options.large ?? 100_000;
  const durationSec = options.durationSec ?? 3;
  const connections = options.connections ?? 10;

  await handleLookupLatency(seededFake(small), small, 5_000); // JIT warm-up, not reported
  const inProcess = {
    small: await handleLookupLatency(seededFake(small), small, 20_000),
    large: await handleLookupLatency(seededFake(large), large, 20_000),
  };
  const servers = await Promise.all([startBenchServer("fake", small), startBenchServer("fake", large)]);
  let http: LatencySummary[];
  try {
    http = await httpLookupLatency(
      servers.map((server, i) => ({
        baseUrl: `${server.origin}${server.basePath}`,
        users: i === 0 ? small : large,
      })),
      3_000,
    );
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }

  const auth = { authorization: `Bearer ${BENCH_TOKEN}`, "content-type": "application/scim+json" };
  let created = 0;
  const postUser = (): string =>
    JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `new${created++}@example.com`,
      active: true,
    });
  const throughput: FakeBenchResult["throughput"] = [];
  const baseline = await startBenchServer("baseline", 0);
  const fake = await startBenchServer("fake", small);
  try {
    // Warm-up runs (not reported), so that neither side is measured while still cold.
    await runCannon(baseline.origin, { method: "GET", path: "/scim/v2/Users/x" }, 1, connections);
    await runCannon(
      fake.origin,
      { method: "GET", headers: auth, path: `${fake.basePath}/Users/u0` },
      1,
      connections,
    );
    const run = (label: string, url: string, request: Parameters<typeof runCannon>[1], baselineOf?: string) =>
      runCannon(url, request, durationSec, connections).then((summary) =>
        throughput.push({ label, summary, ...(baselineOf !== undefined && { baseline: baselineOf }) }),
      );
    await run("baseline node:http GET (fixed JSON)", baseline.origin, {
      method: "GET",
      path: "/scim/v2/Users/x",
    });
    await run(
      "fake GET /Users/{id}",
      fake.origin,
      {
        method: "GET",
        headers: auth,
        setupRequest: (r) => ({ ...r, path: `${fake.basePath}/Users/u${Math.floor(Math.random() * small)}` }),
      },
      "baseline node:http GET (fixed JSON)",
    );
    await run("baseline node:http POST (fixed JSON)", baseline.origin, {
      method: "POST",
      path: "/scim/v2/Users",
      headers: auth,
      body: postUser(),
    });
    await run(
      "fake POST /Users (unique userName)",
      fake.origin,
      {
        method: "POST",
        path: `${fake.basePath}/Users`,
        headers: auth,
        setupRequest: (r) => ({ ...r, body: postUser() }),
      },
      "baseline node:http POST (fixed JSON)",
    );
  } finally {
    await Promise.all([baseline.close(), fake.close()]);
  }
  return {
    lookups: [
      { label: "in-process (fake.handle)", small: inProcess.small, large: inProcess.large },
      {
        label: "over HTTP (keep-alive, interleaved)",
        small: http[0] as LatencySummary,
        large: http[1] as LatencySummary,
      },
    ],
    sizes: { small, large },
    throughput,
    durationSec,
    connections,
  };
}

const num = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The fake bench as two plain-text tables. */
export function formatFakeBench(result: FakeBenchResult): string {
  const { small, large } = result.sizes;
  const lat = (s: LatencySummary): string =>
    `${num(s.meanUs)} / ${num(s.p50Us)} / ${num(s.p99Us)}`.padStart(22);
  const lookupLines = result.lookups.map(
    (row) =>
      `${row.label.padEnd(36)} ${lat(row.small)} ${lat(row.large)} ${`${(row.large.p50Us / row.small.p50Us).toFixed(2)}x`.padStart(8)} ${`${(row.large.meanUs / row.small.meanUs).toFixed(2)}x`.padStart(8)}`,
  );
  const rate = new Map(result.throughput.map((t) => [t.label, t.summary.requestsPerSec]));
  const throughputLines = result.throughput.map(({ label, summary, baseline }) => {
    const base = baseline === undefined ? undefined : rate.get(baseline);
    const share = base === undefined ? "" : `${((summary.requestsPerSec / base) * 100).toFixed(0)}%`;
    return `${label.padEnd(38)} ${num(summary.requestsPerSec).padStart(9)} ${num(summary.p50Ms, 1).padStart(7)} ${num(summary.p99Ms, 1).padStart(7)} ${String(summary.non2xx + summary.errors).padStart(8)} ${share.padStart(12)}`;
  });
  return [
    `userName eq lookup latency, µs (mean / p50 / p99); goal: 100k/1k p50 ratio ≤ 2`,
    `${"".padEnd(36)} ${`${num(small)} users`.padStart(22)} ${`${num(large)} users`.padStart(22)} ${"p50 x".padStart(8)} ${"mean x".padStart(8)}`,
    ...lookupLines,
    "",
    `Throughput on loopback (autocannon, ${result.connections} connections, ${result.durationSec} s each, fake with ${num(small)} users)`,
    `${"".padEnd(38)} ${"req/s".padStart(9)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"non-2xx".padStart(8)} ${"of baseline".padStart(12)}`,
    ...throughputLines,
  ].join("\n");
}
