/**
 * Checks and normalises a PATCH `value` against an attribute definition (RFC 7644 §3.5.2, RFC 7643 §2.3).
 *
 * - Type mismatch → `ScimError(400, "invalidValue")`; unknown sub-attributes and unsafe keys too.
 * - Sub-attribute keys are rewritten to the schema's spelling (`"Value"` → `"value"`).
 * - readOnly sub-attributes in a value (`manager.displayName`) are dropped by default; RFC 7644 §3.5.2
 *   also allows 400 `mutability` (choice "readonly-in-value", patch-context.ts).
 * - `null` means unassigned (RFC 7643 §2.5): a null attribute value is returned as `null`; null
 *   sub-attributes are kept as `null` so that a merge can clear them; `stripNulls` drops them.
 * - Tolerant mode accepts, and records, `string-boolean`, `manager-plain-string` and `single-valued-array`.
 */
import { getAttr, isUnsafeName } from "./attribute-path.ts";
import { choose, fail, tolerate } from "./patch-context.ts";
import type { PatchContext } from "./patch-context.ts";
import { isJsonObject, setOwn } from "./plain-object.ts";
import type { JsonObject } from "./plain-object.ts";
import { findAttributeDefinition } from "./schema-types.ts";
import type { AttributeDefinition } from "./schema-types.ts";
import { isXsdDateTime } from "./xsd-date-time.ts";

const BOOLEAN_STRING = /^(true|false)$/i;

const describe = (value: unknown): string =>
  Array.isArray(value)
    ? "an array"
    : value === null
      ? "null"
      : `the ${typeof value} ${JSON.stringify(value)}`;

function normaliseScalar(ctx: PatchContext, def: AttributeDefinition, raw: unknown, label: string): unknown {
  switch (def.type) {
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string" && BOOLEAN_STRING.test(raw)) {
        tolerate(
          ctx,
          "string-boolean",
          "invalidValue",
          `"${label}" is the string ${JSON.stringify(raw)}, not a boolean`,
        );
        return raw.toLowerCase() === "true";
      }
      break;
    case "integer":
      if (typeof raw === "number" && Number.isInteger(raw)) return raw;
      break;
    case "decimal":
      if (typeof raw === "number" && Number.isFinite(raw)) return raw;
      break;
    case "dateTime":
      if (typeof raw === "string" && isXsdDateTime(raw)) return raw;
      break;
    default:
      if (typeof raw === "string") return raw;
  }
  throw fail(
    "invalidValue",
    `"${label}" must be ${def.type === "dateTime" ? "an xsd:dateTime" : `a ${def.type}`}, got ${describe(raw)}`,
  );
}

/** A copy of a complex value without null sub-attributes; other values are returned as they are. */
export function stripNulls(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) setOwn(out, key, v);
  return out;
}

/** One value of `def` (one element when `def` is multi-valued). `null` stays `null`. */
export function normaliseElement(
  ctx: PatchContext,
  def: AttributeDefinition,
  raw: unknown,
  label: string,
): unknown {
  if (raw === null) return null;
  if (def.type !== "complex") return normaliseScalar(ctx, def, raw, label);
  if (isJsonObject(raw)) {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(raw)) {
      if (isUnsafeName(key)) throw fail("invalidValue", `"${label}": "${key}" is not an attribute name`);
      const sub = findAttributeDefinition(def.subAttributes ?? [], key);
      if (sub === undefined) throw fail("invalidValue", `"${label}" has no sub-attribute "${key}"`);
      if (sub.mutability === "readOnly") {
        if (choose(ctx, "readonly-in-value", ["ignore", "mutability"]) === "mutability")
          throw fail("mutability", `"${label}.${sub.name}" is readOnly (RFC 7644 §3.5.2, RFC 7643 §2.2)`);
        continue;
      }
      setOwn(out, sub.name, normaliseAttributeValue(ctx, sub, v, `${label}.${sub.name}`));
    }
    return out;
  }
  const valueDef = findAttributeDefinition(def.subAttributes ?? [], "value");
  if (!def.multiValued && valueDef !== undefined && typeof raw === "string") {
    tolerate(
      ctx,
      "manager-plain-string",
      "invalidValue",
      `"${label}" is complex but the value is a bare string`,
    );
    if (raw === "") return null;
    const out: JsonObject = {};
    setOwn(out, valueDef.name, normaliseScalar(ctx, valueDef, raw, `${label}.${valueDef.name}`));
    return out;
  }
  throw fail("invalidValue", `"${label}" is complex and needs an object, got ${describe(raw)}`);
}

/** Throws invalidValue when more than one element says `"primary": true` (RFC 7643 §2.4). */
export function assertOnePrimary(elements: readonly unknown[], label: string): void {
  if (elements.filter((e) => getAttr(e, "primary") === true).length > 1) {
    throw fail("invalidValue", `"${label}": "primary": true may appear at most once (RFC 7643 §2.4)`);
  }
}

/**
 * The whole value of attribute `def`: an array for a multi-valued attribute (a single value is wrapped,
 * null elements dropped, complex elements without nulls), a single value otherwise, `null` for null.
 */
export function normaliseAttributeValue(
  ctx: PatchContext,
  def: AttributeDefinition,
  raw: unknown,
  label: string,
): unknown {
  if (raw === null) return null;
  if (def.multiValued) {
    const items = Array.isArray(raw) ? raw : [raw];
    const out = items
      .map((v, i) => normaliseElement(ctx, def, v, `${label}[${i}]`))
      .filter((v) => v !== null)
      .map(stripNulls);
    assertOnePrimary(out, label);
    return out;
  }
  if (Array.isArray(raw)) {
    if (def.type === "complex" && raw.length === 1) {
      tolerate(
        ctx,
        "single-valued-array",
        "invalidValue",
        `"${label}" is single-valued but the value is an array`,
      );
      return normaliseElement(ctx, def, raw[0], label);
    }
    throw fail("invalidValue", `"${label}" is single-valued, got an array`);
  }
  return normaliseElement(ctx, def, raw, label);
}
