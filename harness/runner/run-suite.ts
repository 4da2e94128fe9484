/**
 * Runs many scenario variants against one target with bounded concurrency and folds the results into a
 * `RunReport`. Ctrl-C (an aborted signal) stops new scenarios and the report is marked incomplete.
 */
import { randomBytes } from "node:crypto";
import {
  REPORT_SCHEMA_VERSION,
  summarize,
  type RunReport,
  type ScenarioResult,
} from "../../reports/index.ts";
import { createScimClient } from "../http/scim-client.ts";
import { getIdpModel } from "../idp/index.ts";
import type { IdpModel } from "../idp/idp-model.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { safeUrl } from "../targets/url-target.ts";
import { TargetStartError } from "../errors.ts";
import { HARNESS_VERSION } from "../version.ts";
import { discoverCapabilities } from "./capabilities.ts";
import { notify, type Reporter } from "./run-events.ts";
import { runScenarioVariant } from "./run-scenario.ts";

export interface RunScenariosOptions {
  target: StartedScimTarget;
  variants: readonly ScenarioVariant[];
  /** Faker seed for fixture values; default random (printed in the report). */
  seed?: number;
  /** Short id in every created resource name; default random. */
  runId?: string;
  /** Scenarios in flight at once; default 4. */
  concurrency?: number;
  /** Per-request timeout; default 60 000 ms (Entra's deadline [S19]). */
  timeoutMs?: number;
  /** Stop starting scenarios after the first failure. */
  bail?: boolean;
  reporters?: readonly Reporter[];
  signal?: AbortSignal;
  command?: string;
  /** Override the IdP model lookup (tests). */
  getModel?: (idp: string) => IdpModel;
}

/** Runs the variants and returns the report. Throws TargetStartError when the target does not answer. */
export async function runScenarios(options: RunScenariosOptions): Promise<RunReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const seed = options.seed ?? randomBytes(4).readUInt32BE(0) % 2 ** 31;
  const runId = options.runId ?? randomBytes(3).toString("hex");
  const reporters = options.reporters ?? [];
  const { target } = options;
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "scim-harness", version: HARNESS_VERSION },
    run: {
      id: runId,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
      seed,
      incomplete: false,
      ...(options.command !== undefined ? { command: options.command } : {}),
    },
    target: {
      kind: target.kind,
      url: safeUrl(target.baseUrl),
      ...(target.details.profile !== undefined ? { profile: target.details.profile } : {}),
      ...(target.details.quirks !== undefined ? { quirks: target.details.quirks } : {}),
      ...(target.details.image !== undefined ? { image: target.details.image } : {}),
      ...(target.startupMs !== undefined ? { startupMs: target.startupMs } : {}),
    },
    summary: summarize([]),
    scenarios: [],
    findings: [],
  };
  await notify(reporters, "onRunStart", { total: options.variants.length, target: report.target });

  const discoveryClient = createScimClient({
    baseUrl: target.baseUrl,
    token: target.token,
    timeoutMs: options.timeoutMs ?? 60_000,
    idPrefix: "d",
  });
  let capabilities;
  try {
    capabilities = await discoverCapabilities(discoveryClient, target.tokenControls !== undefined);
  } catch (cause) {
    throw new TargetStartError(
      `cannot reach the target at ${safeUrl(target.baseUrl)}: ${(cause as Error).message}`,
      target.logs(),
      { cause },
    );
  } finally {
    await discoveryClient.close();
  }

  const results: (ScenarioResult | undefined)[] = new Array(options.variants.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < options.variants.length) {
      if (options.signal?.aborted || (options.bail && failed)) return;
      const index = next++;
      const variant = options.variants[index]!;
      await notify(reporters, "onScenarioStart", variant);
      const model = (options.getModel ?? getIdpModel)(variant.scenario.idp);
      const result = await runScenarioVariant(variant, {
        target,
        capabilities: capabilities.capabilities,
        ...(capabilities.userSchema !== undefined ? { userSchema: capabilities.userSchema } : {}),
        model,
        runId,
        seed,
        ordinal: index + 1,
        timeoutMs: options.timeoutMs ?? 60_000,
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        onStepEnd: (step) => notify(reporters, "onStepEnd", variant, step),
      });
      results[index] = result;
      if (result.status === "failed" || result.status === "errored") failed = true;
      await notify(reporters, "onScenarioEnd", result);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, options.variants.length || 1));
  await Promise.all(Array.from({ length: concurrency }, worker));

  report.scenarios = results.filter((r): r is ScenarioResult => r !== undefined);
  const notRun = options.variants.length - report.scenarios.length;
  if (notRun > 0) {
    report.run.incomplete = true;
    report.run.incompleteReason = options.signal?.aborted
      ? `interrupted: ${notRun} scenario(s) not run`
      : `--bail: ${notRun} scenario(s) not run after the first failure`;
  }
  report.summary = summarize(report.scenarios, undefined, report.findings);
  report.target.logs = target.logs().slice(-50);
  report.run.durationMs = Math.round(performance.now() - t0);
  await notify(reporters, "onRunEnd", report);
  return report;
}
