/**
 * Shared state of one PATCH application: the mode, the non-RFC forms tolerated so far, and the helpers
 * that either tolerate a form (tolerant mode) or reject it (strict mode).
 */
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { ScimError } from "./scim-error.ts";
import type { ScimType } from "./scim-error.ts";

/** `strict`: RFC 7644 §3.5.2 as written. `tolerant`: also the non-RFC forms real IdPs send (see `ToleratedForm`). */
export type PatchMode = "strict" | "tolerant";

/**
 * A non-RFC request form that tolerant mode accepted, named so that a check can tell which rule applied.
 * Each is rejected in strict mode with the `scimType` given here.
 *
 * - `capitalised-op`: `"op": "Replace"` / `"Add"` / `"Remove"` [S1] [S2] [C8], B2 (strict: invalidSyntax).
 * - `string-boolean`: `"False"` / `"True"` (any case) for a boolean attribute [S2] [C8] [C10] [C12] [C15],
 *   B1, B17 (strict: invalidValue).
 * - `dotted-key`: path-less value with `"name.givenName"` keys [S2] [C13], B5 (strict: invalidValue).
 * - `extension-urn-key`: path-less value with URN-qualified keys such as
 *   `"urn:…:enterprise:2.0:User:employeeNumber"` (core URNs too) [S2], B5 (strict: invalidValue).
 * - `members-value-array-remove`: `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes only
 *   the listed values (any multi-valued attribute) [S2] [C5] [J7], B4. Strict mode does NOT reject it: it
 *   applies RFC 7644 §3.5.2.2 literally and removes every member (see `patch-operation.ts`).
 * - `manager-plain-string`: a bare string for a complex attribute with a `value` sub-attribute
 *   (`"manager": "id"` → `{ value: "id" }`; `""` unassigns it) [C7] [S14], B11 (strict: invalidValue).
 * - `single-valued-array`: a one-element array for a single-valued complex attribute
 *   (`"manager": [{ "value": "id" }]`, the [S1] SDK example in dossier §1.5.5) (strict: invalidValue).
 * - `filter-on-single-valued`: a value filter on a single-valued complex attribute
 *   (`manager[value eq "id"]`) [C6], B11 (strict: invalidPath).
 * - `replace-filter-no-match-adds` / `add-filter-no-match-adds`: a filtered path that matches no element
 *   adds one built from the filter's `eq` terms [C14], B10 (strict: noTarget, RFC 7644 §3.5.2.3).
 */
export type ToleratedForm =
  | "capitalised-op"
  | "string-boolean"
  | "dotted-key"
  | "extension-urn-key"
  | "members-value-array-remove"
  | "manager-plain-string"
  | "single-valued-array"
  | "filter-on-single-valued"
  | "replace-filter-no-match-adds"
  | "add-filter-no-match-adds";

export interface PatchContext {
  readonly mode: PatchMode;
  readonly resourceType: ResourceTypeSchemas;
  /** Tolerated forms in order of first use, without duplicates. */
  readonly tolerated: ToleratedForm[];
  /** Extension schema URNs whose attributes this PATCH wrote or removed. */
  readonly touchedExtensions: Set<string>;
}

export function createPatchContext(mode: PatchMode, resourceType: ResourceTypeSchemas): PatchContext {
  return { mode, resourceType, tolerated: [], touchedExtensions: new Set() };
}

/** A 400 ScimError. */
export function fail(scimType: ScimType, detail: string): ScimError {
  return new ScimError(400, scimType, detail);
}

/** Tolerant mode: records `form` and returns. Strict mode: throws `ScimError(400, scimType, detail)`. */
export function tolerate(ctx: PatchContext, form: ToleratedForm, scimType: ScimType, detail: string): void {
  if (ctx.mode === "strict") throw fail(scimType, `${detail} (not RFC 7644; accepted only in tolerant mode)`);
  if (!ctx.tolerated.includes(form)) ctx.tolerated.push(form);
}
