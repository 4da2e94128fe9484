/**
 * Puts the scenario library inside a vendor's own vitest suite: one test per scenario variant against a
 * target the vendor starts (their app in-process, a container, a URL).
 *
 * @example
 * describeScimTarget("our SCIM API", {
 *   target: () => new AppTarget(createApp(), { basePath: "/scim/v2", token: "t" }),
 *   scenarios: ["entra/*"],
 * });
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { scenarioFindings, type ScenarioResult } from "../../reports/index.ts";
import { expandVariants, type ScenarioVariant } from "../scenario/expand-variants.ts";
import { DEFAULT_SCENARIO_DIR, globToRegExp } from "../scenario/find-scenarios.ts";
import { loadScenarioSync } from "../scenario/load-scenario.ts";
import { runScenarios } from "../runner/run-suite.ts";
import type { ScimTarget, StartedScimTarget } from "../targets/scim-target.ts";

export interface DescribeScimTargetOptions {
  /** A target to start before the tests and stop after them, or one already started. */
  target: () => ScimTarget | StartedScimTarget | Promise<ScimTarget | StartedScimTarget>;
  /** Scenario id globs (`entra/*`); default all. */
  scenarios?: string[];
  /** Folder of scenario files; default the shipped library. */
  dir?: string;
  seed?: number;
  timeoutMs?: number;
}

/** Thrown by a failing scenario test; its message is the findings, rendered for humans. */
export class ScenarioFailedError extends Error {
  override readonly name = "ScenarioFailedError";
}

/** The failing findings of a scenario as readable text. */
export function describeFailure(result: ScenarioResult): string {
  const lines = [
    `${result.id} [${result.variant}] ${result.status}${result.reason ? `: ${result.reason}` : ""}`,
  ];
  for (const f of scenarioFindings(result).filter((x) => x.severity === "error")) {
    lines.push(
      `  ${f.ruleId} (step ${f.stepIndex ?? "-"}): ${f.message}`,
      ...(f.curl ? [`    ${f.curl}`] : []),
    );
  }
  return lines.join("\n");
}

function variantsIn(dir: string, patterns: readonly string[]): ScenarioVariant[] {
  const res = patterns.map(globToRegExp);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        /\.(ya?ml|json)$/.test(e.name) &&
        !e.name.endsWith(".schema.json") &&
        !e.name.startsWith("_"),
    )
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return files
    .map((f) => loadScenarioSync(f))
    .filter(({ scenario }) => res.length === 0 || res.some((re) => re.test(scenario.id)))
    .flatMap(({ scenario, file }) => expandVariants(scenario, file));
}

const isStarted = (t: ScimTarget | StartedScimTarget): t is StartedScimTarget => "baseUrl" in t;

/** Declares one vitest test per scenario variant. Not-applicable scenarios are reported as skipped. */
export function describeScimTarget(name: string, options: DescribeScimTargetOptions): void {
  const variants = variantsIn(options.dir ?? DEFAULT_SCENARIO_DIR, options.scenarios ?? []);
  describe(name, () => {
    let target: StartedScimTarget;
    let ownsTarget = false;
    beforeAll(async () => {
      const t = await options.target();
      ownsTarget = !isStarted(t);
      target = isStarted(t) ? t : await t.start();
    });
    afterAll(async () => {
      if (ownsTarget) await target?.stop();
    });
    for (const variant of variants) {
      it(`${variant.scenario.id} [${variant.name}]`, async (ctx) => {
        const report = await runScenarios({
          target,
          variants: [variant],
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        });
        const result = report.scenarios[0]!;
        if (result.status === "notApplicable") return ctx.skip(result.reason);
        if (result.status !== "passed") throw new ScenarioFailedError(describeFailure(result));
      });
    }
  });
}
