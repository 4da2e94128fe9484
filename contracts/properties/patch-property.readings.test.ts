/**
 * The PATCH property accepts every answer RFC 7644 allows (contracts/README.md, "Where the RFC allows
 * several answers") and still fails a server that answers outside the set. Each server takes one reading
 * through a test-local quirk, and the test proves the property met that choice (`fired() > 0`).
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { answer, errorJson, startBrokenTarget } from "../test-support/broken-target.ts";
import type { CountedBreakage } from "../test-support/patch-readings.ts";
import {
  filtersUnsupported,
  readOnlyIdMutability,
  removeNoMatchNoTarget,
  removeNoMatchUnchanged,
  removeNoMatchWipes,
} from "../test-support/patch-readings.ts";
import { PATCH_PROPERTY, casesNotRun, runPatchProperty } from "./patch-property.ts";
import { userSpec } from "./population.ts";
import type { PropertyEnv } from "./run-property.ts";
import type { ScenarioRecorder } from "./scenario-recorder.ts";

async function run(breakage: CountedBreakage, idpTolerant: boolean, seed = 21, numRuns = 60) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runPatchProperty({ target, seed, numRuns, idpTolerant, timeLimitMs: 15_000 });
  } finally {
    await target.stop();
  }
}

it.each([
  ["remove with no match → 400 noTarget (RFC 7644 §3.12)", removeNoMatchNoTarget, true],
  ["remove with no match → success, unchanged (RFC 7644 §3.5.2.2)", removeNoMatchUnchanged, true],
  ["remove with no match → 400 noTarget, strict", removeNoMatchNoTarget, false],
  ["remove with no match → success, strict", removeNoMatchUnchanged, false],
  ["path-less value with id → 400 mutability (RFC 7644 §3.5.2)", readOnlyIdMutability, true],
  ["value filters in paths → 400 invalidFilter (RFC 7644 §3.12), strict", filtersUnsupported, false],
] as const)(
  "passes on a server that answers %s",
  async (_name, make, tolerant) => {
    // A strict run is against a strict server: the tolerant fake upserts where strict RFC says noTarget.
    const breakage: CountedBreakage = tolerant ? make() : { ...make(), patchMode: "strict" };
    const result = await run(breakage, tolerant);
    expect(breakage.fired()).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ status: "passed", numRuns: 60 });
  },
  60_000,
);

it("fails on a server that removes the whole attribute when a remove filter matches nothing", async () => {
  const breakage = removeNoMatchWipes();
  const result = await run(breakage, true);
  expect(breakage.fired()).toBeGreaterThan(0);
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toBe(
    "PATCH results match RFC 7644 §3.5.2: the patched user differs from RFC 7644 §3.5.2",
  );
  expect(result.findings[0]!.message).toMatch(/emails is (null|undefined), expected \[/);
}, 60_000);

it("holds a tolerant target to the filtered paths the IdPs send: invalidFilter is an Entra finding there, not an RFC failure", async () => {
  const breakage = { ...filtersUnsupported(), patchMode: undefined };
  const result = await run(breakage, true);
  // RFC 7644 §3.12 allows invalidFilter (issue #14): the property holds; Entra, which sends such paths, fails.
  expect(result.findings.some((f) => f.ruleId === "property.patch")).toBe(false);
  const entra = result.findings.filter((f) => f.ruleId === "entra.user-patch-2xx");
  expect(entra.map((f) => f.severity)).toContain("error");
  expect(entra.map((f) => f.title)).toContain(
    "User PATCH rejected (property.patch): the SP refused a value filter in a PATCH path, which Entra sends",
  );
}, 60_000);

it("a case whose starting user the target refuses is skipped with its reason, never passed (issue #14 class 8)", async () => {
  const env = {} as PropertyEnv;
  const refused = { response: { status: 400, body: { detail: "no" } } };
  const recorder = { prefix: "scimh-x-", send: async () => refused } as unknown as ScenarioRecorder;
  const [user] = fc.sample(
    userSpec(
      () => true,
      () => true,
    ),
    { seed: 1, numRuns: 1 },
  );
  const input = { user: user!, dialect: "rfc" as const, operations: [{ op: "remove", path: "title" }] };
  await expect(PATCH_PROPERTY.execute(input, env, recorder)).rejects.toSatisfy(
    fc.PreconditionFailure.isFailure,
  );
  await expect(PATCH_PROPERTY.execute(input, env, recorder)).rejects.toThrow();
  expect([...casesNotRun(env)]).toEqual([["the target answered 400 to creating the starting user", 2]]);
  expect(casesNotRun({} as PropertyEnv).size).toBe(0);
});

it("a target that refuses every starting user does not pass the property", async () => {
  const target = await startBrokenTarget({
    broken: "refuses every user",
    hooks: answer("create", () => errorJson(400, "no users here", "invalidValue")),
  });
  try {
    const result = await runPatchProperty({ target, seed: 3, numRuns: 5, timeLimitMs: 10_000 });
    expect(result.numRuns).toBe(0);
    expect(result.status).not.toBe("passed");
  } finally {
    await target.stop();
  }
}, 60_000);
