import { expect, it } from "vitest";
import { BENCH_TOKEN, formatFakeBench, seededFake, userNameOf } from "./fake-bench.ts";
import type { FakeBenchResult } from "./fake-bench.ts";

it("seededFake stores users u0… with userName user{i}@example.com, found by a userName filter", async () => {
  const fake = seededFake(3);
  expect(fake.store.count("User")).toBe(3);
  expect(fake.store.get("User", "u2")?.["userName"]).toBe("user2@example.com");
  expect(userNameOf(2)).toBe("user2@example.com");
  const res = await fake.handle({
    method: "GET",
    url: new URL(`http://127.0.0.1${fake.basePath}/Users?filter=userName+eq+%22user1%40example.com%22`),
    headers: { authorization: `Bearer ${BENCH_TOKEN}` },
    body: new Uint8Array(),
  });
  expect(res.json).toMatchObject({ totalResults: 1, Resources: [{ id: "u1" }] });
});

it("formatFakeBench prints the latency ratios and the share of the baseline rate", () => {
  const latency = (p50Us: number) => ({ meanUs: p50Us * 2, p50Us, p99Us: p50Us * 10, samples: 100 });
  const cannon = (requestsPerSec: number) => ({
    requestsPerSec,
    p50Ms: 1,
    p99Ms: 5,
    non2xx: 0,
    errors: 0,
    total: 1,
  });
  const result: FakeBenchResult = {
    lookups: [{ label: "in-process (fake.handle)", small: latency(40), large: latency(60) }],
    sizes: { small: 1000, large: 100_000 },
    throughput: [
      { label: "baseline GET", summary: cannon(10_000) },
      { label: "fake GET", summary: cannon(2_500), baseline: "baseline GET" },
    ],
    durationSec: 3,
    connections: 10,
  };
  const text = formatFakeBench(result);
  expect(text).toMatch(/in-process \(fake\.handle\)\s+80 \/ 40 \/ 400\s+120 \/ 60 \/ 600\s+1\.50x\s+1\.50x/);
  expect(text).toMatch(/fake GET\s+2,500\s+1\.0\s+5\.0\s+0\s+25%/);
  expect(text).toContain("100,000 users");
});
