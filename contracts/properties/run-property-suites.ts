/**
 * The property-based suites (filters, PATCH, stateful) and a runner for several of them in a row.
 */
import { randomBytes } from "node:crypto";
import { relative } from "node:path";
import type { PropertyResult } from "../../reports/index.ts";
import type { SuiteRunner } from "../../harness/runner/run-suites.ts";
import { saveCounterexample } from "./counterexample.ts";
import { FILTER_PROPERTY } from "./filter-property.ts";
import { PATCH_PROPERTY } from "./patch-property.ts";
import { runProperty } from "./run-property.ts";
import type { PropertyDefinition, PropertyRunOptions } from "./run-property.ts";
import { STATEFUL_PROPERTY } from "./stateful-property.ts";

/** A property suite as the CLI and docs list it. */
export interface PropertySuite {
  id: string;
  title: string;
  rfc: string;
  defaultNumRuns: number;
  run(options: PropertyRunOptions): Promise<PropertyResult>;
}

const suite = <T>(definition: PropertyDefinition<T>): PropertySuite => ({
  id: definition.id,
  title: definition.title,
  rfc: definition.rfc,
  defaultNumRuns: definition.defaultNumRuns,
  run: (options) => runProperty(definition, options),
});

/** Every property suite, in run order. */
export const PROPERTY_SUITES: readonly PropertySuite[] = Object.freeze([
  suite(FILTER_PROPERTY),
  suite(PATCH_PROPERTY),
  suite(STATEFUL_PROPERTY),
]);

export interface RunPropertySuitesOptions extends Omit<PropertyRunOptions, "path"> {
  /** Suite ids (`property.filters`, or short: `filters`); default all. */
  only?: readonly string[];
}

/** The property suites selected by `only` (short ids allowed); unknown ids throw `TypeError`. */
export function selectPropertySuites(only: readonly string[] | undefined): readonly PropertySuite[] {
  const wanted = (only ?? []).map((id) => (id.startsWith("property.") ? id : `property.${id}`));
  const unknown = wanted.filter((id) => !PROPERTY_SUITES.some((s) => s.id === id));
  if (unknown.length > 0)
    throw new TypeError(
      `unknown property suite ${unknown.join(", ")} (${PROPERTY_SUITES.map((s) => s.id).join(", ")})`,
    );
  return wanted.length === 0 ? PROPERTY_SUITES : PROPERTY_SUITES.filter((s) => wanted.includes(s.id));
}

export interface PropertySuiteOptions {
  only?: readonly string[];
  numRuns?: number;
  /** Time budget of each property (default 20 000 ms). */
  timeLimitMs?: number;
  /** Per-request timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** Write each failing property's counterexample as a scenario file into this folder. */
  saveCounterexamples?: string;
  /** The command that replays a saved counterexample against the same target (`file` is its path). */
  replayHint?: (file: string) => string;
}

/** The property suites as the run engine runs them: all with the session's seed, one after the other. */
export function propertySuite(options: PropertySuiteOptions = {}): SuiteRunner {
  const selected = selectPropertySuites(options.only);
  return {
    name: "properties",
    size: selected.length,
    async run({ session, signal, emit }) {
      for (const s of selected) {
        if (signal?.aborted === true) {
          emit.incomplete(`interrupted: ${s.id} did not run`);
          continue;
        }
        const result = await s.run({
          target: session.target,
          session,
          seed: session.seed,
          ...(options.numRuns !== undefined ? { numRuns: options.numRuns } : {}),
          ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
          timeoutMs: Math.min(options.timeoutMs ?? 10_000, session.timeoutMs),
          ...(signal !== undefined ? { signal } : {}),
        });
        await emit.property(result);
        const budget = result.timeLimitMs !== undefined ? `, budget ${result.timeLimitMs} ms` : "";
        await emit.log(
          `property ${result.id}: ${result.status}${result.reason !== undefined ? ` (${result.reason})` : ""} (seed ${result.seed}, ${result.numRuns} of ${result.numRunsRequested ?? "?"} runs${budget})`,
        );
        if (result.status === "failed" && options.saveCounterexamples !== undefined) {
          const file = relative(process.cwd(), await saveCounterexample(result, options.saveCounterexamples));
          const replay = options.replayHint?.(file) ?? `scim-harness run --scenario ${file}`;
          await emit.log(`  counterexample: ${file} (replay: ${replay})`);
        }
      }
    },
  };
}

/** Runs the selected suites one after the other, all with one seed (random unless given). Unknown ids throw `TypeError`. */
export async function runPropertySuites(options: RunPropertySuitesOptions): Promise<PropertyResult[]> {
  const { only, ...others } = options;
  const rest = { ...others, seed: others.seed ?? randomBytes(4).readUInt32BE(0) % 2 ** 31 };
  const selected = selectPropertySuites(only);
  const results: PropertyResult[] = [];
  for (const s of selected) {
    if (rest.signal?.aborted === true) break;
    results.push(await s.run(rest));
  }
  return results;
}
