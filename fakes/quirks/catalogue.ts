/**
 * The quirk catalogue: every named quirk `--quirks` and `createFakeServiceProvider({ quirks })` accept.
 * Add a quirk by writing it with `defineQuirk` in its own file and listing it in `QUIRKS`.
 */
import { activeStringIgnored } from "./active-string-ignored.ts";
import { filterMiss404 } from "./filter-miss-404.ts";
import { membersRemoveWipesGroup } from "./members-remove-wipes-group.ts";
import { configureQuirk } from "./quirk.ts";
import type { Quirk } from "./quirk.ts";

/** All catalogued quirks, in README order. */
export const QUIRKS: readonly Quirk[] = Object.freeze([
  activeStringIgnored,
  membersRemoveWipesGroup,
  filterMiss404,
]);

/** The catalogued quirk ids. */
export function quirkIds(): string[] {
  return QUIRKS.map((q) => q.id);
}

/**
 * A quirk by id; `id=option` configures a parameterised quirk. Unknown ids throw a `TypeError` that lists
 * the valid ones.
 */
export function getQuirk(spec: string): Quirk {
  const trimmed = spec.trim();
  const separator = trimmed.indexOf("=");
  const id = separator === -1 ? trimmed : trimmed.slice(0, separator);
  const quirk = QUIRKS.find((q) => q.id === id);
  if (quirk === undefined) {
    throw new TypeError(`unknown quirk "${id}"; valid quirks: ${quirkIds().join(", ")}`);
  }
  return separator === -1 ? quirk : configureQuirk(quirk, trimmed.slice(separator + 1));
}

/** Resolves a mix of ids and quirk objects; duplicate ids throw. */
export function resolveQuirks(quirks: readonly (string | Quirk)[]): Quirk[] {
  const resolved = quirks.map((q) => (typeof q === "string" ? getQuirk(q) : q));
  const ids = resolved.map((q) => q.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw new TypeError(`quirk "${duplicate}" is listed twice`);
  return resolved;
}
