/**
 * The PATCH oracle: every answer RFC 7644 §3.5.2 allows for an operation list applied to a resource.
 *
 * Where the RFC allows several answers (`PATCH_CHOICES` in patch-context.ts: remove on a filter that
 * matches nothing, a readOnly attribute inside a value, an unsupported filter, …), `applyPatch` takes one
 * reading; `allowedPatchOutcomes` runs it once per combination of readings (each choice is taken once per
 * request, as by a consistent server) and returns the distinct outcomes. A target's answer is correct when
 * it matches one of them.
 */
import { deepEqual } from "./attribute-path.ts";
import { applyPatchWith } from "./patch-apply.ts";
import type { PatchMode } from "./patch-apply.ts";
import type { ChosenReading, PatchChooser, ToleratedForm } from "./patch-context.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { isScimError } from "./scim-error.ts";
import type { ScimType } from "./scim-error.ts";

/** One allowed answer, with the readings that lead to it (empty when no choice was involved). */
export type AllowedPatchOutcome =
  | {
      kind: "ok";
      /** The resource after the PATCH. */
      resource: Record<string, unknown>;
      changed: boolean;
      tolerated: ToleratedForm[];
      readings: ChosenReading[];
    }
  | {
      kind: "error";
      status: number;
      scimType: ScimType | undefined;
      detail: string | undefined;
      readings: ChosenReading[];
    };

export interface PatchOracleOptions {
  /** Default `strict`. */
  mode?: PatchMode;
  /** Upper bound on the combinations of readings explored (default 256). */
  maxBranches?: number;
}

const sameOutcome = (a: AllowedPatchOutcome, b: AllowedPatchOutcome): boolean =>
  a.kind === "ok"
    ? b.kind === "ok" && deepEqual(a.resource, b.resource)
    : b.kind === "error" && a.status === b.status && a.scimType === b.scimType;

/**
 * The distinct outcomes RFC 7644 allows for `patchRequest` on `resource`, the core's preferred reading
 * first. Throws `TypeError` on API misuse, and the core's `ScimError(500)` if it has an internal bug (the
 * oracle cannot decide then).
 *
 * @example
 * allowedPatchOutcomes(user, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: 'emails[type eq "x"]' }] }, USER_RESOURCE_TYPE)
 * // → [{ kind: "error", status: 400, scimType: "noTarget", … }, { kind: "ok", resource: user, changed: false, … }]
 */
export function allowedPatchOutcomes(
  resource: Readonly<Record<string, unknown>>,
  patchRequest: unknown,
  resourceType: ResourceTypeSchemas,
  options: PatchOracleOptions = {},
): AllowedPatchOutcome[] {
  const mode = options.mode ?? "strict";
  const maxBranches = options.maxBranches ?? 256;
  const outcomes: AllowedPatchOutcome[] = [];
  // Depth-first over scripts of reading indexes: a script fixes the first choices, later ones take 0.
  const pending: number[][] = [[]];
  let branches = 0;
  while (pending.length > 0) {
    const script = pending.pop() ?? [];
    if (++branches > maxBranches) {
      throw new TypeError(`allowedPatchOutcomes: more than ${maxBranches} combinations of readings`);
    }
    const arities: number[] = [];
    const chooser: PatchChooser = (_choice, readings) => {
      const index = arities.length;
      arities.push(readings.length);
      return script[index] ?? 0;
    };
    let readings: ChosenReading[] = [];
    let outcome: AllowedPatchOutcome;
    try {
      const result = applyPatchWith(resource, patchRequest, resourceType, mode, chooser, (r) => {
        readings = r;
      });
      outcome = { kind: "ok", ...result, readings };
    } catch (error) {
      if (!isScimError(error) || error.status >= 500) throw error;
      outcome = {
        kind: "error",
        status: error.status,
        scimType: error.scimType,
        detail: error.detail,
        readings,
      };
    }
    if (!outcomes.some((o) => sameOutcome(o, outcome))) outcomes.push(outcome);
    const alternatives: number[][] = [];
    for (let i = script.length; i < arities.length; i++) {
      const zeros = new Array<number>(i - script.length).fill(0);
      for (let alt = 1; alt < (arities[i] ?? 1); alt++) alternatives.push([...script, ...zeros, alt]);
    }
    pending.push(...alternatives.reverse());
  }
  return outcomes;
}

/** A short description of outcomes, for messages: `200 (2 readings) | 400 noTarget`. */
export function describeOutcomes(outcomes: readonly AllowedPatchOutcome[]): string {
  return outcomes
    .map((o) => {
      const head = o.kind === "ok" ? "success" : `${o.status} ${o.scimType ?? ""}`.trim();
      const why = o.readings.map((r) => `${r.choice}=${r.reading}`).join(", ");
      return why === "" ? head : `${head} (${why})`;
    })
    .join(" | ");
}
