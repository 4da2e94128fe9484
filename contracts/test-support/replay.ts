/**
 * Test support: replays a saved counterexample scenario file the way `npm run scenarios -- --scenario
 * <file>` does (loadScenario → expandVariants → runScenarios) against a target.
 */
import type { ScenarioResult } from "../../reports/index.ts";
import { runScenarios } from "../../harness/runner/run-suite.ts";
import { expandVariants } from "../../harness/scenario/expand-variants.ts";
import { loadScenario } from "../../harness/scenario/load-scenario.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";
import { startBrokenTarget } from "./broken-target.ts";
import type { Breakage } from "./broken-target.ts";

/** Loads the file (validating it) and runs it once against a fresh target with `breakage` (none: clean). */
export async function replayFile(file: string, breakage?: Breakage): Promise<ScenarioResult> {
  const { scenario } = await loadScenario(file);
  const target: StartedScimTarget = await startBrokenTarget(breakage);
  try {
    const report = await runScenarios({
      target,
      variants: expandVariants(scenario, file),
      seed: 1,
      concurrency: 1,
      timeoutMs: 5_000,
    });
    const result = report.scenarios[0];
    if (result === undefined) throw new Error("the scenario did not run");
    return result;
  } finally {
    await target.stop();
  }
}

/** The failing steps of a replay, as "index:title" strings, for assertions and messages. */
export const failingSteps = (result: ScenarioResult): string[] =>
  result.steps.filter((s) => s.status === "failed").map((s) => `${s.index}:${s.title ?? s.action}`);
