/**
 * `--suite contracts|properties|all`: the RFC contract checks and the property-based suites, run on the
 * same started target after the scenarios, folded into the same report. The CLI is the composition root,
 * so it is the one place in harness/ that imports contracts/.
 */
import { relative } from "node:path";
import { summarize, type RunReport } from "../../reports/index.ts";
import { runContractSuite, runPropertySuites, saveCounterexample } from "../../contracts/index.ts";
import { ConfigurationError } from "../errors.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";

export const SUITES = ["scenarios", "contracts", "properties", "all"] as const;
export type Suite = (typeof SUITES)[number];

export interface ExtraSuiteOptions {
  suite: Suite;
  runId: string;
  seed?: number;
  numRuns?: number;
  timeoutMs: number;
  checks?: string[];
  saveCounterexamples?: string;
  signal: AbortSignal;
  log: (line: string) => void;
}

export const includesScenarios = (suite: Suite): boolean => suite === "scenarios" || suite === "all";

/** Runs the contract and/or property suites and adds their findings and results to the report. */
export async function runExtraSuites(
  report: RunReport,
  target: StartedScimTarget,
  options: ExtraSuiteOptions,
): Promise<RunReport> {
  const { suite } = options;
  if (suite === "contracts" || suite === "all") {
    let result;
    try {
      result = await runContractSuite({
        target,
        timeoutMs: options.timeoutMs,
        runId: options.runId,
        signal: options.signal,
        ...(options.checks !== undefined ? { only: options.checks } : {}),
      });
    } catch (e) {
      if (e instanceof TypeError) throw new ConfigurationError(`--check: ${e.message}`, { cause: e });
      throw e;
    }
    const failed = result.checks.filter((c) => c.status === "failed").length;
    const na = result.checks.filter((c) => c.status === "notApplicable").length;
    options.log(`contracts: ${result.checks.length} checks, ${failed} failed, ${na} not applicable`);
    report.findings.push(...result.findings);
  }
  if (suite === "properties" || suite === "all") {
    const properties = await runPropertySuites({
      target,
      timeoutMs: Math.min(options.timeoutMs, 10_000),
      signal: options.signal,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.numRuns !== undefined ? { numRuns: options.numRuns } : {}),
    });
    for (const p of properties) {
      options.log(`property ${p.id}: ${p.status} (seed ${p.seed}, ${p.numRuns} runs)`);
      if (p.status === "failed" && options.saveCounterexamples !== undefined) {
        const file = await saveCounterexample(p, options.saveCounterexamples);
        options.log(
          `  counterexample: ${relative(process.cwd(), file)} (replay: npm run scenarios -- --scenario ${relative(process.cwd(), file)})`,
        );
      }
    }
    report.properties = properties;
  }
  report.summary = summarize(report.scenarios, report.properties, report.findings);
  report.run.durationMs = Math.max(report.run.durationMs, Date.now() - Date.parse(report.run.startedAt));
  return report;
}
