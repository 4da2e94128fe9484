/**
 * Test support: runs `property.filters` on the fake with a breakage, and reads the shrunk counterexample
 * of a failed run.
 */
import { expect } from "vitest";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { counterexampleOf } from "./counterexample.ts";
import { runFilterProperty } from "./filter-property.ts";

/** Runs the filter property `numRuns` times from `seed` on the fake broken by `breakage`. */
export async function runFiltersOn(breakage: Breakage, seed: number, numRuns = 100) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runFilterProperty({ target, seed, numRuns, timeLimitMs: 40_000, timeoutMs: 5_000 });
  } finally {
    await target.stop();
  }
}

/** The failed run's shrunk case (JSON) and first finding's message; asserts that it failed. */
export const shrunk = (result: Awaited<ReturnType<typeof runFiltersOn>>) => {
  expect(result.status).toBe("failed");
  return { case: counterexampleOf(result)!.case, message: result.findings[0]!.message };
};
