/**
 * The load-generator and fake-speed goals of `npm run bench`, each measured side by side in the same run
 * and printed next to its goal:
 * - the harness as a load generator: its own SCIM client's request rate against autocannon's, same fake
 *   endpoint (GET /Users/{id}), same connections and duration (goal ≥ 0.8);
 * - the fake against the fair baseline of an express app, an express 5 route returning the same JSON,
 *   for GET and POST (goal ≥ 0.6 each);
 * - userName lookup over HTTP with 100,000 users against 1,000 (goal ≤ 1.5×, from the fake bench);
 * - the fake's resident memory with 100,000 users (goal < 300 MB).
 * Figures, not assertions: the machine decides the absolute numbers.
 */
import { createScimClient } from "../http/scim-client.ts";
import { BENCH_TOKEN, type FakeBenchResult } from "./fake-bench.ts";
import { runCannon, startBenchServer, type BenchServer } from "./fake-bench-http.ts";

/** One goal: the measured value, the goal, and whether it is met. */
export interface GoalRow {
  label: string;
  value: number;
  /** `≥ 0.8`, `≤ 1.5`, `< 300`. */
  goal: string;
  met: boolean;
  unit: string;
  detail: string;
}

/** The harness's own request rate: `connections` workers sending GETs through one SCIM client for `durationSec`. */
async function harnessRate(
  server: BenchServer,
  users: number,
  durationSec: number,
  connections: number,
): Promise<number> {
  const client = createScimClient({
    baseUrl: `${server.origin}${server.basePath}`,
    token: BENCH_TOKEN,
    retainExchanges: false,
  });
  let done = 0;
  let failed = 0;
  const end = performance.now() + durationSec * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const id = `u${Math.floor(Math.random() * users)}`;
      const exchange = await client.send({ label: "bench", method: "GET", path: `/Users/${id}` });
      if (exchange.response?.status === 200) done++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  if (failed > 0) throw new Error(`harness client: ${failed} GETs did not answer 200`);
  return done / seconds;
}

const row = (
  label: string,
  value: number,
  goal: { op: "≥" | "≤" | "<"; bound: number },
  unit: string,
  detail: string,
): GoalRow => ({
  label,
  value,
  goal: `${goal.op} ${goal.bound}`,
  met: goal.op === "≥" ? value >= goal.bound : goal.op === "≤" ? value <= goal.bound : value < goal.bound,
  unit,
  detail,
});

/** Measures the goals; `fake` gives the lookup ratio (the fake bench's HTTP lookups). */
export async function runGoalBench(
  fake: FakeBenchResult,
  options: { users?: number; large?: number; durationSec?: number; connections?: number } = {},
): Promise<GoalRow[]> {
  const users = options.users ?? 1_000;
  const large = options.large ?? 100_000;
  const durationSec = options.durationSec ?? 3;
  const connections = options.connections ?? 10;
  const auth = { authorization: `Bearer ${BENCH_TOKEN}`, "content-type": "application/scim+json" };
  const rows: GoalRow[] = [];
  let created = 0;
  const postUser = (): string =>
    JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `goal${created++}@example.com`,
      active: true,
    });

  const server = await startBenchServer("fake", users);
  const baseline = await startBenchServer("express", 0);
  try {
    const getById = {
      method: "GET" as const,
      headers: auth,
      setupRequest: (r: { path?: string }) => ({
        ...r,
        path: `${server.basePath}/Users/u${Math.floor(Math.random() * users)}`,
      }),
    };
    await runCannon(server.origin, getById, 1, connections); // warm-up
    await harnessRate(server, users, 1, connections); // warm-up
    const cannon = await runCannon(server.origin, getById, durationSec, connections);
    const harness = await harnessRate(server, users, durationSec, connections);
    rows.push(
      row(
        "harness client / autocannon, fake GET /Users/{id}",
        harness / cannon.requestsPerSec,
        { op: "≥", bound: 0.8 },
        "",
        `${Math.round(harness)} vs ${Math.round(cannon.requestsPerSec)} req/s`,
      ),
    );
    const expressGet = { method: "GET" as const, path: "/scim/v2/Users/x", headers: auth };
    await runCannon(baseline.origin, expressGet, 1, connections); // warm-up
    const eGet = await runCannon(baseline.origin, expressGet, durationSec, connections);
    const fGet = await runCannon(server.origin, getById, durationSec, connections);
    rows.push(
      row(
        "fake / express 5 route, GET",
        fGet.requestsPerSec / eGet.requestsPerSec,
        { op: "≥", bound: 0.6 },
        "",
        `${Math.round(fGet.requestsPerSec)} vs ${Math.round(eGet.requestsPerSec)} req/s`,
      ),
    );
    const post = (origin: string, path: string) =>
      runCannon(
        origin,
        { method: "POST", path, headers: auth, setupRequest: (r) => ({ ...r, body: postUser() }) },
        durationSec,
        connections,
      );
    const ePost = await post(baseline.origin, "/scim/v2/Users");
    const fPost = await post(server.origin, `${server.basePath}/Users`);
    rows.push(
      row(
        "fake / express 5 route, POST",
        fPost.requestsPerSec / ePost.requestsPerSec,
        { op: "≥", bound: 0.6 },
        "",
        `${Math.round(fPost.requestsPerSec)} vs ${Math.round(ePost.requestsPerSec)} req/s`,
      ),
    );
  } finally {
    await Promise.all([server.close(), baseline.close()]);
  }
  const http = fake.lookups.find((l) => l.label.startsWith("over HTTP"));
  if (http !== undefined)
    rows.push(
      row(
        `userName lookup over HTTP, ${large.toLocaleString("en-US")} / ${users.toLocaleString("en-US")} users (p50)`,
        http.large.p50Us / http.small.p50Us,
        { op: "≤", bound: 1.5 },
        "×",
        `${Math.round(http.large.p50Us)} vs ${Math.round(http.small.p50Us)} µs`,
      ),
    );
  const big = await startBenchServer("fake", large);
  await big.close();
  rows.push(
    row(
      `fake RSS with ${large.toLocaleString("en-US")} users`,
      big.rssBytes / 1024 / 1024,
      { op: "<", bound: 300 },
      " MB",
      "after seeding, after a GC",
    ),
  );
  return rows;
}

/** The goals as a plain-text table. */
export function formatGoals(rows: readonly GoalRow[]): string {
  const width = Math.max(...rows.map((r) => r.label.length));
  return [
    "Goals (issue 20), measured side by side in this run",
    ...rows.map(
      (r) =>
        `${r.met ? "✓" : "✗"} ${r.label.padEnd(width)} ${`${r.value.toFixed(2)}${r.unit}`.padStart(10)}  goal ${r.goal}${r.unit}  (${r.detail})`,
    ),
  ].join("\n");
}
