import { expect, it } from "vitest";
import { FakeTarget } from "../../harness/targets/fake-target.ts";
import { createScimClient } from "../../harness/http/scim-client.ts";
import { advertise, startBrokenTarget } from "../test-support/broken-target.ts";
import { PROPERTY_SUITES, runPropertySuites } from "./run-property-suites.ts";

it("runs all three suites on the clean fake with their default budgets in under 60 s, and cleans up", async () => {
  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  try {
    const t0 = performance.now();
    const results = await runPropertySuites({ target, seed: 20260101 });
    const elapsed = performance.now() - t0;
    expect(results.map((r) => [r.id, r.status, r.numRuns, r.seed])).toEqual([
      ["property.filters", "passed", 30, 20260101],
      ["property.patch", "passed", 50, 20260101],
      ["property.stateful", "passed", 25, 20260101],
    ]);
    expect(results.flatMap((r) => r.findings)).toEqual([]);
    expect(elapsed).toBeLessThan(60_000);
    const client = createScimClient({ baseUrl: target.baseUrl, token: target.token });
    for (const kind of ["Users", "Groups"]) {
      const left = await client.send({ label: "left over", method: "GET", path: `/${kind}?count=0` });
      expect((left.response?.body as Record<string, unknown>)["totalResults"]).toBe(0);
    }
    await client.close();
  } finally {
    await target.stop();
  }
}, 120_000);

it("lists the suites with their default budgets", () => {
  expect(PROPERTY_SUITES.map((s) => [s.id, s.defaultNumRuns])).toEqual([
    ["property.filters", 30],
    ["property.patch", 50],
    ["property.stateful", 25],
  ]);
});

it("selects suites by id or short name, shares one seed, and rejects unknown ones", async () => {
  const target = await startBrokenTarget();
  try {
    const results = await runPropertySuites({ target, only: ["patch", "property.filters"], numRuns: 3 });
    expect(results.map((r) => [r.id, r.numRuns])).toEqual([
      ["property.filters", 3],
      ["property.patch", 3],
    ]);
    expect(results[0]!.seed).toBe(results[1]!.seed);
    await expect(runPropertySuites({ target, only: ["nope"] })).rejects.toThrow(
      "unknown property suite property.nope",
    );
  } finally {
    await target.stop();
  }
}, 60_000);

it("reports the filter property as not applicable when filtering is not advertised", async () => {
  const target = await startBrokenTarget({
    broken: "advertises no filtering",
    hooks: advertise({ filter: false }),
  });
  try {
    const [result] = await runPropertySuites({ target, only: ["filters"] });
    // Not applicable is never counted as a pass, and says why and how many runs were asked for.
    expect(result).toMatchObject({
      status: "notApplicable",
      reason: "filter.supported is false in /ServiceProviderConfig",
      numRuns: 0,
      numRunsRequested: 30,
    });
    expect(result!.findings.map((f) => [f.severity, f.message])).toEqual([
      ["info", "filter.supported is false in /ServiceProviderConfig"],
    ]);
  } finally {
    await target.stop();
  }
});

it("says so when the time limit stops a suite before its budget", async () => {
  const target = await startBrokenTarget();
  try {
    const [result] = await runPropertySuites({ target, only: ["patch"], numRuns: 10_000, timeLimitMs: 300 });
    expect(result!.status).toBe("passed");
    expect(result!.numRuns).toBeLessThan(10_000);
    expect(result!.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "info",
        `the time limit of 300 ms was reached after ${result!.numRuns} of 10000 case(s); none failed.`,
      ],
    ]);
  } finally {
    await target.stop();
  }
});

it("a case still running when the time limit stops a suite is finished and cleaned up before the suite reports", async () => {
  // Every request waits 40 ms, so the time limit lands in the middle of a case that has created users.
  const target = await new FakeTarget({ profile: "generic", quirks: ["latency-fixed=40"] }).start();
  try {
    const client = createScimClient({ baseUrl: target.baseUrl, token: target.token });
    for (const only of ["filters", "patch", "stateful"] as const) {
      const [result] = await runPropertySuites({ target, only: [only], numRuns: 1_000, timeLimitMs: 700 });
      expect(result!.numRuns, only).toBeLessThan(1_000);
      for (const kind of ["Users", "Groups"]) {
        const left = await client.send({ label: "left over", method: "GET", path: `/${kind}?count=0` });
        expect((left.response?.body as { totalResults: number }).totalResults, `${only}: ${kind}`).toBe(0);
      }
    }
  } finally {
    await target.stop();
  }
}, 60_000);
