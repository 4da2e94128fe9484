/**
 * `--suite scenarios|contracts|properties|all`: which suites one run of the engine gets. The CLI is the
 * composition root, so it is the one place in harness/ that imports contracts/: the contract and property
 * suites come in here as `SuiteRunner`s beside the scenario suite, and all run through one session.
 */
import { contractSuite, propertySuite } from "../../contracts/index.ts";
import { ConfigurationError } from "../errors.ts";
import type { SuiteRunner } from "../runner/run-suites.ts";
import { scenarioSuite, type ScenarioSuiteOptions } from "../runner/run-suite.ts";

export const SUITES = ["scenarios", "contracts", "properties", "all"] as const;
export type Suite = (typeof SUITES)[number];

export const includesScenarios = (suite: Suite): boolean => suite === "scenarios" || suite === "all";
const includesContracts = (suite: Suite): boolean => suite === "contracts" || suite === "all";
const includesProperties = (suite: Suite): boolean => suite === "properties" || suite === "all";

export interface SuiteSelection {
  suite: Suite;
  scenarios: ScenarioSuiteOptions;
  /** `--check`: contract check ids or globs. */
  checks?: string[];
  numRuns?: number;
  /** `--time-budget`, in milliseconds: how long each property may generate and shrink. */
  timeLimitMs?: number;
  /** Per-request timeout of the run. */
  timeoutMs: number;
  saveCounterexamples?: string;
  /** The command that replays a saved counterexample against the same target. */
  replayHint?: (file: string) => string;
}

/** The suites of a run, in order. Throws ConfigurationError for a `--check` that matches no check. */
export function buildSuites(selection: SuiteSelection): SuiteRunner[] {
  const { suite } = selection;
  const suites: SuiteRunner[] = [];
  if (includesScenarios(suite)) suites.push(scenarioSuite(selection.scenarios));
  if (includesContracts(suite)) {
    try {
      suites.push(contractSuite(selection.checks !== undefined ? { only: selection.checks } : {}));
    } catch (e) {
      if (e instanceof TypeError) throw new ConfigurationError(`--check: ${e.message}`, { cause: e });
      throw e;
    }
  }
  if (includesProperties(suite)) {
    suites.push(
      propertySuite({
        timeoutMs: Math.min(selection.timeoutMs, 10_000),
        ...(selection.numRuns !== undefined ? { numRuns: selection.numRuns } : {}),
        ...(selection.timeLimitMs !== undefined ? { timeLimitMs: selection.timeLimitMs } : {}),
        ...(selection.saveCounterexamples !== undefined
          ? { saveCounterexamples: selection.saveCounterexamples }
          : {}),
        ...(selection.replayHint !== undefined ? { replayHint: selection.replayHint } : {}),
      }),
    );
  }
  return suites;
}
