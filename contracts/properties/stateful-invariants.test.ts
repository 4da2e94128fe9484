/**
 * Proof of the stateful property's invariants: each catalogued quirk that breaks one of them makes the
 * property fail with a counterexample whose title names that invariant, and the clean fake passes on
 * several seeds. The same property is green on SCIMMY (stateful-scimmy.test.ts).
 */
import { expect, it } from "vitest";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { counterexampleOf } from "./counterexample.ts";
import { runStatefulProperty } from "./stateful-property.ts";

async function run(breakage: Breakage | undefined, seed: number, numRuns = 25) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runStatefulProperty({ target, seed, numRuns, timeLimitMs: 20_000, timeoutMs: 5_000 });
  } finally {
    await target.stop();
  }
}

for (const seed of [11, 12, 13]) {
  it(`passes on the clean fake (seed ${seed})`, async () => {
    const result = await run(undefined, seed, 15);
    expect(result.findings).toEqual([]);
    expect([result.status, result.numRuns]).toEqual(["passed", 15]);
  }, 60_000);
}

/** Catalogued quirk → the invariant the failing counterexample must name (stateful-invariants.ts). */
const CAUGHT: Record<string, RegExp> = {
  "last-modified-frozen": /breaks meta\.lastModified after/,
  "created-moves": /breaks meta\.created after/,
  "version-frozen": /breaks meta\.version after/,
  "location-collection-url": /breaks meta\.location after/,
  "resource-type-plural": /breaks meta\.resourceType after/,
  "password-returned": /breaks schema\.returned after/,
  "active-returned-as-string": /breaks schema\.type after/,
  "username-not-returned": /breaks schema\.required after/,
  "readonly-displayname-writable": /breaks schema\.readOnly/,
  "user-groups-stale": /breaks groups after/,
  "deleted-still-listed": /breaks deleted: still listed/,
  "projection-ignored": /breaks projection/,
  // RFC 7644 §3.3 409 uniqueness; this existing quirk answers 400 instead.
  "conflict-as-400": /breaks uniqueness/,
};

for (const [quirk, invariant] of Object.entries(CAUGHT)) {
  it(`fails on the ${quirk} quirk with a counterexample naming the invariant`, async () => {
    const result = await run({ broken: quirk, quirks: [quirk] }, 7);
    expect(result.status, JSON.stringify(result.findings[0])).toBe("failed");
    expect(result.findings[0]!.ruleId).toBe("property.stateful");
    expect(result.findings[0]!.title).toMatch(invariant);
    expect(counterexampleOf(result)!.scenario.steps.length).toBeGreaterThan(0);
  }, 60_000);
}
