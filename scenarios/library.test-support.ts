/**
 * Test support for the scenario library: loads every scenario, starts the embedded fake SP with a profile
 * and quirks (catalogued ids or hand-broken quirk objects), and runs variants (and contract checks) in-process,
 * so `library.test.ts` can prove that every scenario passes where it applies and fails where it should, and
 * that every quirk fails a scenario or check that names it.
 */
import { createFakeServiceProvider } from "../fakes/create-fake-service-provider.ts";
import type { Quirk } from "../fakes/quirks/quirk.ts";
import type { RunReport, ScenarioResult } from "../reports/index.ts";
import { runScenarios } from "../harness/runner/run-suite.ts";
import { runContractSuite, type ContractSuiteResult } from "../contracts/checks/run-contract-suite.ts";
import { expandVariants, type ScenarioVariant } from "../harness/scenario/expand-variants.ts";
import { DEFAULT_SCENARIO_DIR, findScenarios } from "../harness/scenario/find-scenarios.ts";
import type { LoadedScenario } from "../harness/scenario/load-scenario.ts";
import { serveFake } from "../harness/targets/fake-target.ts";
import type { StartedScimTarget } from "../harness/targets/scim-target.ts";

/** Every scenario file of the library; throws when one does not load. */
export async function loadLibrary(): Promise<LoadedScenario[]> {
  const found = await findScenarios(DEFAULT_SCENARIO_DIR);
  if (found.errors.length > 0) throw new Error(found.errors.map((e) => e.message).join("\n"));
  return found.scenarios;
}

/** The variants of some scenarios. */
export function variantsOf(scenarios: readonly LoadedScenario[]): ScenarioVariant[] {
  return scenarios.flatMap(({ scenario, file }) => expandVariants(scenario, file));
}

/** How to start the fake SP for one run. */
export interface FakeSetup {
  profile?: "generic" | "cinode" | "cerby" | "kintone";
  /** Catalogued quirk specs (`id` or `id=option`) or hand-broken quirk objects. */
  quirks?: readonly (string | Quirk)[];
  /**
   * Quirk specs switched on through `/_admin` once discovery is over, for faults that would otherwise stop
   * the run before any scenario (latency past the timeout, resets, 5xx on every request).
   */
  afterDiscovery?: readonly string[];
  /** `filter.maxResults` the fake advertises and pages by (default the profile's). */
  maxResults?: number;
}

const ADMIN_SECRET = "scim-harness-library-test";

/** Starts the embedded fake SP on a loopback port, with token controls (like `FakeTarget`). */
export async function startFake(setup: FakeSetup = {}): Promise<StartedScimTarget> {
  const fake = createFakeServiceProvider({
    profile: setup.profile ?? "generic",
    ...(setup.maxResults !== undefined ? { maxResults: setup.maxResults } : {}),
    quirks: setup.quirks ?? [],
    ...(setup.afterDiscovery !== undefined ? { admin: { secret: ADMIN_SECRET } } : {}),
  });
  return serveFake(fake);
}

/** One run's results by scenario id. */
export interface LibraryRun {
  report: RunReport;
  byScenario: Map<string, ScenarioResult[]>;
}

/** Runs variants against a fake set up as asked, 4 at a time, with a pinned seed; stops the fake after. */
export async function runOnFake(
  setup: FakeSetup,
  variants: readonly ScenarioVariant[],
  timeoutMs = 60_000,
): Promise<LibraryRun> {
  const target = await startFake(setup);
  let armed: Promise<void> | undefined;
  const arm = (): Promise<void> =>
    (armed ??= fetch(`${new URL(target.baseUrl).origin}/_admin/quirks`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN_SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ quirks: setup.afterDiscovery }),
    }).then((r) => {
      if (!r.ok) throw new Error(`PUT /_admin/quirks answered ${r.status}`);
    }));
  try {
    const report = await runScenarios({
      target,
      variants,
      seed: 20_260_101,
      runId: "lib",
      concurrency: 4,
      timeoutMs,
      reporters: setup.afterDiscovery === undefined ? [] : [{ onScenarioStart: arm }],
    });
    if (armed !== undefined) await armed;
    const byScenario = new Map<string, ScenarioResult[]>();
    for (const result of report.scenarios) {
      byScenario.set(result.id, [...(byScenario.get(result.id) ?? []), result]);
    }
    return { report, byScenario };
  } finally {
    await target.stop();
  }
}

/** Runs contract checks (ids or globs) against a fake set up as asked; stops the fake after. */
export async function checksOnFake(setup: FakeSetup, only: readonly string[]): Promise<ContractSuiteResult> {
  const target = await startFake(setup);
  try {
    return await runContractSuite({ target, only, timeoutMs: 10_000, runId: "libc" });
  } finally {
    await target.stop();
  }
}

/** Error findings (rule ids) of a failed scenario result, plus warnings when asked. */
export function ruleIds(result: ScenarioResult, withWarnings = false): string[] {
  return result.steps.flatMap((s) =>
    s.findings.filter((f) => f.severity === "error" || withWarnings).map((f) => f.ruleId),
  );
}

/** A tiny semaphore: at most `limit` of the returned wrapper's calls run at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/** The bug ids (`B1`…`B25`) among a scenario's tags. */
export function bugTags(scenario: LoadedScenario["scenario"]): string[] {
  return (scenario.tags ?? []).filter((t) => /^B[1-9][0-9]*$/.test(t));
}
