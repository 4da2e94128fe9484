/**
 * JSON Schema fragments (draft-07, the scenario format's `expect.schema`) with which a recorded
 * counterexample step replays an invariant of the stateful property: each accepts the same bodies as the
 * invariant it stands for, no fewer. Attribute names match case-insensitively (RFC 7643 §2.1) through
 * `patternProperties`; the recorder turns ids and the run prefix in them into `${var}` templates.
 */
import type { AttributeDefinition } from "../../harness/scim/schema-types.ts";

export type JsonSchema = Record<string, unknown>;

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** A regular expression matching `name` in any case: `^[uU][sS]…$`. */
export function anyCase(name: string): string {
  const chars = [...name].map((c) =>
    c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escape(c),
  );
  return `^${chars.join("")}$`;
}

/**
 * `leaf` applied to the attribute at `path` (names from the body's root; an extension's URN first). With
 * `items`, a parent that holds an array applies it to each element too (multi-valued complex attributes).
 */
export function at(path: readonly string[], leaf: JsonSchema, items = false): JsonSchema {
  let schema = leaf;
  for (let i = path.length - 1; i >= 0; i--) {
    const inner = i === path.length - 1 || !items ? schema : { ...schema, items: schema };
    schema = { patternProperties: { [anyCase(path[i]!)]: inner } };
  }
  return schema;
}

/** An object that has an attribute `name` (any case). */
export const hasKey = (name: string): JsonSchema => ({
  not: { propertyNames: { not: { pattern: anyCase(name) } } },
});

/** Only applies `then` to strings (the meta invariants ignore values of other types). */
export const ifString = (then: JsonSchema): JsonSchema => ({ if: { type: "string" }, then });

/** An xsd:dateTime (RFC 7643 §2.3.5), e.g. 2008-01-23T04:56:22Z. */
export const DATE_TIME_PATTERN =
  "^-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$";

/** The values of one item of an attribute of this type (null is unassigned, RFC 7643 §2.5). */
function itemSchema(def: AttributeDefinition): JsonSchema {
  switch (def.type) {
    case "string":
    case "reference":
    case "binary":
      return { type: ["string", "null"] };
    case "boolean":
      return { type: ["boolean", "null"] };
    case "integer":
      return { type: ["integer", "null"] };
    case "decimal":
      return { type: ["number", "null"] };
    case "dateTime":
      return { anyOf: [{ type: "null" }, { type: "string", pattern: DATE_TIME_PATTERN }] };
    case "complex":
      return { type: ["object", "null"] };
  }
}

/** The declared type and plurality of an attribute (RFC 7643 §2.3, §2.4). */
export function typeSchema(def: AttributeDefinition): JsonSchema {
  return def.multiValued
    ? { anyOf: [{ type: "null" }, { type: "array", items: itemSchema(def) }] }
    : { allOf: [{ not: { type: "array" } }, itemSchema(def)] };
}

/**
 * An unassigned value as resource-diff.ts normalises it: null, "", and arrays and objects of unassigned
 * values (`primary: false` counts as absent), recursively.
 */
const UNASSIGNED: JsonSchema = {
  unassigned: {
    anyOf: [
      { type: "null" },
      { const: "" },
      { type: "array", items: { $ref: "#/definitions/unassigned" } },
      {
        type: "object",
        patternProperties: {
          [anyCase("primary")]: { anyOf: [{ const: false }, { $ref: "#/definitions/unassigned" }] },
        },
        additionalProperties: { $ref: "#/definitions/unassigned" },
      },
    ],
  },
};

/** The reference to `UNASSIGNED` (the root schema carries its definition, see `rootSchema`). */
export const UNASSIGNED_REF: JsonSchema = { $ref: "#/definitions/unassigned" };

/** All of `schemas` as a root schema, with a title that names what they replay, and `definitions`. */
export function rootSchema(
  title: string,
  schemas: readonly JsonSchema[],
  definitions: JsonSchema = {},
): JsonSchema {
  // A lone `$ref` stays in `allOf`: draft-07 ignores the keywords beside a `$ref`.
  const root =
    schemas.length === 1 && schemas[0]!["$ref"] === undefined
      ? { ...schemas[0], title }
      : { title, allOf: schemas };
  const all = {
    ...(JSON.stringify(schemas).includes(String(UNASSIGNED_REF["$ref"])) ? UNASSIGNED : {}),
    ...definitions,
  };
  return Object.keys(all).length > 0 ? { ...root, definitions: all } : root;
}
