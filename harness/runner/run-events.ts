/**
 * Run events and the reporter contract (vitest style): every hook is optional and may be async. Suites
 * emit events while they run; `onRunEnd` receives the finished report once, after every suite has ended
 * and the report was assembled (baseline and waivers applied), and nothing changes it afterwards.
 */
import type {
  ContractCheckResult,
  PropertyResult,
  RunReport,
  ScenarioResult,
  StepResult,
} from "../../reports/index.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";

/** What a suite is about to run. */
export interface SuiteStart {
  /** `scenarios`, `contracts`, `properties`. */
  suite: string;
  /** Items it will run (scenario variants, checks, properties). */
  total: number;
}

export interface Reporter {
  onRunStart?(info: { total: number; target: RunReport["target"] }): void | Promise<void>;
  onSuiteStart?(info: SuiteStart): void | Promise<void>;
  onScenarioStart?(variant: ScenarioVariant): void | Promise<void>;
  onStepEnd?(variant: ScenarioVariant, step: StepResult): void | Promise<void>;
  onScenarioEnd?(result: ScenarioResult): void | Promise<void>;
  onContractCheckEnd?(result: ContractCheckResult): void | Promise<void>;
  onPropertyEnd?(result: PropertyResult): void | Promise<void>;
  /** A line of progress a suite wants a person to see (e.g. where a counterexample was saved). */
  onLog?(line: string): void | Promise<void>;
  onRunEnd?(report: RunReport): void | Promise<void>;
}

/** Calls a hook on every reporter; a throwing reporter never breaks the run. */
export async function notify<K extends keyof Reporter>(
  reporters: readonly Reporter[],
  hook: K,
  ...args: Parameters<NonNullable<Reporter[K]>>
): Promise<void> {
  for (const reporter of reporters) {
    const fn = reporter[hook] as ((...a: unknown[]) => unknown) | undefined;
    if (fn === undefined) continue;
    try {
      await fn.apply(reporter, args);
    } catch (e) {
      process.stderr.write(`scim-harness: reporter ${String(hook)} failed: ${(e as Error).message}\n`);
    }
  }
}
