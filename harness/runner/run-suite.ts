/**
 * The scenario suite: runs scenario variants against the session's target with bounded concurrency.
 * Ctrl-C (an aborted signal) and `--bail` stop new scenarios, and the report is marked incomplete.
 * `runScenarios` is the library entry point for scenarios alone.
 */
import type { RunReport, ScenarioResult } from "../../reports/index.ts";
import { getIdpModel } from "../idp/index.ts";
import type { IdpModel } from "../idp/idp-model.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import { runPool } from "../session/run-pool.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { notify, type Reporter } from "./run-events.ts";
import { runScenarioVariant } from "./run-scenario.ts";
import { runSuites, type RunSuitesOptions, type SuiteRunner } from "./run-suites.ts";

export interface ScenarioSuiteOptions {
  variants: readonly ScenarioVariant[];
  /** Scenarios in flight at once; default 4. */
  concurrency?: number;
  /** Stop starting scenarios after the first failure. */
  bail?: boolean;
  /** Override the IdP model lookup (tests). */
  getModel?: (idp: string) => IdpModel;
}

export interface RunScenariosOptions extends ScenarioSuiteOptions {
  target: StartedScimTarget;
  /** Seed of every generated value; default random (printed in the report). */
  seed?: number;
  /** Short id in every created resource name; default random. */
  runId?: string;
  /** Per-request timeout; default 60 000 ms (Entra's deadline [S19]). */
  timeoutMs?: number;
  reporters?: readonly Reporter[];
  signal?: AbortSignal;
  command?: string;
  /** Preflight before the scenarios (default on; see `RunSuitesOptions.preflight`). */
  preflight?: RunSuitesOptions["preflight"];
}

/** The scenario suite as the engine runs it. */
export function scenarioSuite(options: ScenarioSuiteOptions): SuiteRunner {
  const { variants } = options;
  return {
    name: "scenarios",
    size: variants.length,
    async run({ session, reporters, signal, emit }) {
      let failed = false;
      const stop = () => signal?.aborted === true || (options.bail === true && failed);
      const { notStarted } = await runPool(
        variants.length,
        options.concurrency ?? 4,
        async (index) => {
          const variant = variants[index]!;
          await notify(reporters, "onScenarioStart", variant);
          const model = (options.getModel ?? getIdpModel)(variant.scenario.idp);
          const result: ScenarioResult = await runScenarioVariant(variant, {
            target: session.target,
            capabilities: session.discovery.capabilities,
            ...(session.refusedCredential !== undefined
              ? { refusedCredential: session.refusedCredential }
              : {}),
            ...(session.discovery.userSchema !== undefined
              ? { userSchema: session.discovery.userSchema }
              : {}),
            model,
            runId: session.runId,
            seed: session.seed,
            ordinal: index + 1,
            timeoutMs: session.timeoutMs,
            ...(signal !== undefined ? { signal } : {}),
            onStepEnd: (step) => notify(reporters, "onStepEnd", variant, step),
            ...(session.cleanup.keep ? { keep: (kind, id) => session.cleanup.track(kind, id) } : {}),
            createClient: (o) =>
              session.client({
                idPrefix: o.idPrefix,
                ...(o.token !== undefined ? { token: o.token } : {}),
                ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
                ...(o.onExchange !== undefined ? { onExchange: (e) => void o.onExchange?.(e) } : {}),
              }),
          });
          if (result.status === "failed" || result.status === "errored") failed = true;
          await emit.scenario(index, result);
        },
        stop,
      );
      if (notStarted.length > 0) {
        emit.incomplete(
          signal?.aborted === true
            ? `interrupted: ${notStarted.length} scenario(s) not run`
            : `--bail: ${notStarted.length} scenario(s) not run after the first failure`,
        );
      }
    },
  };
}

/** Runs the variants and returns the report. Throws TargetStartError when the target does not answer. */
export async function runScenarios(options: RunScenariosOptions): Promise<RunReport> {
  const { target, seed, runId, timeoutMs, reporters, signal, command, preflight, ...suite } = options;
  return runSuites({
    target,
    suites: [scenarioSuite(suite)],
    ...(seed !== undefined ? { seed } : {}),
    ...(runId !== undefined ? { runId } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(reporters !== undefined ? { reporters } : {}),
    ...(signal !== undefined ? { signal } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(preflight !== undefined ? { preflight } : {}),
  });
}
