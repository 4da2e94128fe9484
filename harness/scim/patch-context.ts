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
 *   adds one built from the filter's `eq` terms [C14], B10 (strict: noTarget, RFC 7644 §3.5.2.3). For a
 *   replace only where the attribute has no value: with other values present, both modes answer noTarget.
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

/**
 * A point where RFC 7643/7644 allow more than one answer. Each reading is named, and `PATCH_CHOICES`
 * gives the RFC sentence behind it; contracts/README.md ("Where the RFC allows several answers") lists
 * them for users. `applyPatch` takes one reading per choice (the first, or `ApplyPatchOptions.readings`);
 * `allowedPatchOutcomes` (patch-oracle.ts) explores all of them.
 */
export const PATCH_CHOICES = {
  "remove-filter-no-match": {
    summary: "remove on a value filter that matches no value",
    readings: {
      noTarget:
        'RFC 7644 §3.12: noTarget "occurs when the specified path value contains a filter that yields no match"',
      unchanged:
        'RFC 7644 §3.5.2.2 sets no noTarget rule for remove: "the values matched by the filter are removed" (none), so success without change',
    },
  },
  "add-filter-no-match": {
    summary: "add on a value filter that matches no value (strict mode)",
    readings: {
      noTarget:
        'RFC 7644 §3.12: noTarget "occurs when the specified path value contains a filter that yields no match"',
      upsert:
        'RFC 7644 §3.5.2.1: "If the target location does not exist, the attribute and value are added" (a record built from the filter\'s eq terms)',
    },
  },
  "replace-filter-no-match-absent": {
    summary: "replace on a value filter when the multi-valued attribute has no value at all (strict mode)",
    readings: {
      noTarget: 'RFC 7644 §3.5.2.3: a valuePath filter with "no record match" SHALL answer 400 noTarget',
      upsert:
        'RFC 7644 §3.5.2.3: "If the target location path specifies an attribute that does not exist, the service provider SHALL treat the operation as an add" (then as add-filter-no-match upsert)',
    },
  },
  "add-existing-value": {
    summary:
      "add of a multi-valued value equal to one the attribute holds (same value; a type on one side only)",
    readings: {
      merge:
        'RFC 7644 §3.5.2.1: "If the target location already contains the value specified, no changes SHOULD be made to the resource"',
      append:
        'RFC 7644 §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is added to the attribute" (the rule above is a SHOULD)',
    },
  },
  "unsupported-filter": {
    summary: "a value filter in a PATCH path (strict mode)",
    readings: {
      supported: "RFC 7644 §3.5.2: the path is an attrPath / valuePath and the filter is evaluated",
      invalidFilter:
        'RFC 7644 §3.12: invalidFilter when "the specified attribute and filter comparison combination is not supported" (§3.4.2.2)',
    },
  },
  "readonly-in-value": {
    summary: "a value (path-less or complex) that includes a readOnly attribute or sub-attribute",
    readings: {
      ignore:
        'RFC 7643 §2.2 readOnly "SHALL NOT be modified"; RFC 7644 §3.3 and §3.5.1 ignore client values for readOnly attributes',
      mutability:
        'RFC 7644 §3.5.2: "An operation that is not compatible with an attribute\'s mutability ... SHALL return" an error (400 mutability)',
    },
  },
  "required-removed": {
    summary: "a PATCH that removes (or nulls) a required attribute",
    readings: {
      invalidValue: 'RFC 7644 §3.12: invalidValue "A required value was missing"',
      mutability:
        'RFC 7644 §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a required attribute ..., the server SHALL return ... mutability"',
    },
  },
} as const;

export type PatchChoiceId = keyof typeof PATCH_CHOICES;

/** The readings of one choice. */
export type PatchReadingOf<C extends PatchChoiceId> = keyof (typeof PATCH_CHOICES)[C]["readings"] & string;

/** One reading a PATCH application took. */
export interface ChosenReading {
  choice: PatchChoiceId;
  reading: string;
  /** The RFC sentence behind the reading. */
  rfc: string;
}

/** Picks one of `readings` (index) for a choice; called at most once per choice and request. */
export type PatchChooser = (choice: PatchChoiceId, readings: readonly string[]) => number;

export interface PatchContext {
  readonly mode: PatchMode;
  /** Picks the reading at each choice point (see `choose`). */
  readonly chooser: PatchChooser;
  /** Readings taken so far, one per choice id, in order of first use. */
  readonly chosen: ChosenReading[];
  readonly resourceType: ResourceTypeSchemas;
  /** Tolerated forms in order of first use, without duplicates. */
  readonly tolerated: ToleratedForm[];
  /** Extension schema URNs whose attributes this PATCH wrote or removed. */
  readonly touchedExtensions: Set<string>;
}

/** A chooser that takes the preferred reading of each choice when available, else the first reading. */
export function preferredChooser(preferred: Partial<Record<PatchChoiceId, string>> = {}): PatchChooser {
  return (choice, readings) => Math.max(0, readings.indexOf(preferred[choice] ?? ""));
}

export function createPatchContext(
  mode: PatchMode,
  resourceType: ResourceTypeSchemas,
  chooser: PatchChooser = preferredChooser(),
): PatchContext {
  return { mode, resourceType, chooser, chosen: [], tolerated: [], touchedExtensions: new Set() };
}

/**
 * Takes a reading at a choice point. `readings` are those that apply here (a subset of the choice's, in
 * preference order). A request takes one reading per choice, as a consistent server would: a later
 * point of the same choice reuses it when it applies there.
 */
export function choose<C extends PatchChoiceId>(
  ctx: PatchContext,
  choice: C,
  readings: readonly PatchReadingOf<C>[],
): PatchReadingOf<C> {
  const earlier = ctx.chosen.find((c) => c.choice === choice);
  if (earlier !== undefined && readings.includes(earlier.reading as PatchReadingOf<C>))
    return earlier.reading as PatchReadingOf<C>;
  const index = readings.length <= 1 ? 0 : ctx.chooser(choice, readings);
  const reading = readings[index] ?? readings[0];
  if (reading === undefined) throw new TypeError(`choose: no reading for ${choice}`);
  if (earlier === undefined && readings.length > 1) {
    const texts = PATCH_CHOICES[choice].readings as Record<string, string>;
    ctx.chosen.push({ choice, reading, rfc: texts[reading] ?? "" });
  }
  return reading;
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
