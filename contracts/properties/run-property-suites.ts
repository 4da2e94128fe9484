/**
 * The property-based suites (filters, PATCH, stateful) and a runner for several of them in a row.
 */
import { randomBytes } from "node:crypto";
import type { PropertyResult } from "../../reports/index.ts";
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

/** Runs the selected suites one after the other, all with one seed (random unless given). Unknown ids throw `TypeError`. */
export async function runPropertySuites(options: RunPropertySuitesOptions): Promise<PropertyResult[]> {
  const { only, ...others } = options;
  const rest = { ...others, seed: others.seed ?? randomBytes(4).readUInt32BE(0) % 2 ** 31 };
  const wanted = (only ?? []).map((id) => (id.startsWith("property.") ? id : `property.${id}`));
  const unknown = wanted.filter((id) => !PROPERTY_SUITES.some((s) => s.id === id));
  if (unknown.length > 0)
    throw new TypeError(
      `unknown property suite ${unknown.join(", ")} (${PROPERTY_SUITES.map((s) => s.id).join(", ")})`,
    );
  const selected =
    wanted.length === 0 ? PROPERTY_SUITES : PROPERTY_SUITES.filter((s) => wanted.includes(s.id));
  const results: PropertyResult[] = [];
  for (const s of selected) {
    if (rest.signal?.aborted === true) break;
    results.push(await s.run(rest));
  }
  return results;
}
