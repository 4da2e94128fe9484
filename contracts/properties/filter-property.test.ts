import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadScenario } from "../../harness/scenario/load-scenario.ts";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { caseSensitive, swapLogical } from "../test-support/broken-filters.ts";
import { failingSteps, replayFile } from "../test-support/replay.ts";
import { counterexampleOf, saveCounterexample } from "./counterexample.ts";
import { runFilterProperty } from "./filter-property.ts";

const AND_AS_OR: Breakage = { broken: "evaluates and as or", hooks: swapLogical("and", "or") };

async function run(breakage: Breakage | undefined, seed: number, numRuns = 30) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runFilterProperty({ target, seed, numRuns, timeLimitMs: 10_000, timeoutMs: 5_000 });
  } finally {
    await target.stop();
  }
}

it("passes on the clean fake", async () => {
  const result = await run(undefined, 7, 20);
  expect(result).toMatchObject({
    id: "property.filters",
    status: "passed",
    seed: 7,
    numRuns: 20,
    findings: [],
  });
});

it("fails on a server that evaluates and as or, and the saved counterexample replays the failure", async () => {
  const result = await run(AND_AS_OR, 11);
  expect(result.status).toBe("failed");
  expect(result.seed).toBe(11);
  expect(result.path).toMatch(/^\d+(:\d+)*$/);
  const [finding] = result.findings;
  expect(finding).toMatchObject({ ruleId: "property.filters", severity: "error", rfc: "RFC 7644 §3.4.2.2" });
  expect(finding!.message).toContain("Seed 11");
  expect(finding!.message).toContain(`path "${result.path}"`);
  expect(finding!.curl).toContain("filter=");
  const counterexample = counterexampleOf(result)!;
  expect(counterexample.case).toContain('"filters"');

  const dir = await mkdtemp(join(tmpdir(), "scimh-ce-"));
  const file = await saveCounterexample(result, dir);
  expect(file).toBe(join(dir, "filters-11.yaml"));
  const { scenario } = await loadScenario(file);
  expect(scenario.id).toBe("counterexample/filters-11");
  expect(scenario.steps.every((s) => s.do === "request")).toBe(true);
  expect(JSON.stringify(scenario.steps)).toContain("${runPrefix}-");
  expect(JSON.stringify(scenario.steps)).toContain("${u1}");

  const broken = await replayFile(file, AND_AS_OR);
  expect(broken.status).toBe("failed");
  expect(failingSteps(broken).length).toBeGreaterThan(0);
  const clean = await replayFile(file);
  expect([clean.status, failingSteps(clean)]).toEqual(["passed", []]);
  expect(clean.cleanup).toMatchObject({ failures: [] });
}, 60_000);

it("fails on a server that compares userName case-sensitively", async () => {
  const result = await run(
    { broken: "compares userName case-sensitively", hooks: caseSensitive("username") },
    3,
    60,
  );
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toBe(
    "Filters select what RFC 7644 says: a filter returned the wrong users",
  );
  expect(result.findings[0]!.message).toContain("missing u");
  expect(counterexampleOf(result)!.case).toMatch(
    /"attr":"userName","op":"eq","lit":\{"kind":"ref","user":\d+,"transform":"(upper|lower)"\}/,
  );
}, 60_000);

it("fails on the catalogued filter-miss-404 quirk, citing B9", async () => {
  const result = await run({ broken: "404 on a filter miss", quirks: ["filter-miss-404"] }, 5);
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toBe(
    "Filters select what RFC 7644 says: a valid filter was not answered with 200",
  );
  expect(result.findings[0]!.evidence).toEqual(["B9", "[S4]"]);
}, 60_000);

it("finds the same counterexample again from the same seed, and replays it from seed and path", async () => {
  const first = await run(AND_AS_OR, 23);
  const second = await run(AND_AS_OR, 23);
  expect(second.path).toBe(first.path);
  expect(counterexampleOf(second)!.case).toBe(counterexampleOf(first)!.case);
  const target = await startBrokenTarget(AND_AS_OR);
  try {
    const replay = await runFilterProperty({ target, seed: 23, path: first.path!, numRuns: 1 });
    expect(replay.status).toBe("failed");
    expect(counterexampleOf(replay)!.case).toBe(counterexampleOf(first)!.case);
  } finally {
    await target.stop();
  }
}, 60_000);
