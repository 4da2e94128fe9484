/**
 * Schema-guided rewrites of a resource body that a service provider applies before storing it:
 * `coerceBooleans` (Entra's string booleans) and `stripReadOnly` (RFC 7643 §2.2). Both return new objects.
 */
import { COMMON_ATTRIBUTES, findAttributeDefinition } from "./schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas, SchemaDefinition } from "./schema-types.ts";
import { cloneJson, isJsonObject, setOwn } from "./plain-object.ts";
import type { JsonObject } from "./plain-object.ts";

/** The strings Entra sends for booleans ("True", "False", [C8] [C15]), matched case-insensitively. */
export const BOOLEAN_STRING = /^(true|false)$/i;
const DROP = Symbol("drop");

/** The extension schema of a resource type whose URN equals `key` (case-insensitive). */
export const extensionFor = (rt: ResourceTypeSchemas, key: string): SchemaDefinition | undefined =>
  rt.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase())?.schema;

/** Returns the (possibly rewritten) value of an attribute, or `DROP` to remove it. */
type Visit = (def: AttributeDefinition, value: unknown) => unknown;

function transformValue(value: unknown, def: AttributeDefinition, visit: Visit): unknown {
  const v = visit(def, value);
  if (v === DROP || def.type !== "complex") return cloneJson(v);
  const subs = def.subAttributes ?? [];
  const each = (el: unknown) => (isJsonObject(el) ? transformObject(el, subs, visit) : cloneJson(el));
  return Array.isArray(v) ? v.map(each) : each(v);
}

function transformObject(object: JsonObject, defs: readonly AttributeDefinition[], visit: Visit): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    const def = findAttributeDefinition(defs, key);
    const v = def === undefined ? cloneJson(value) : transformValue(value, def, visit);
    if (v !== DROP) setOwn(out, key, v);
  }
  return out;
}

/** Rewrites a resource attribute by attribute (core, common, extension, sub-attributes); returns a new object. */
function transformResource<T>(resource: T, rt: ResourceTypeSchemas, visit: Visit): T {
  if (!isJsonObject(resource)) return resource;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    const ext = extensionFor(rt, key);
    if (ext !== undefined) {
      setOwn(
        out,
        key,
        isJsonObject(value) ? transformObject(value, ext.attributes, visit) : cloneJson(value),
      );
      continue;
    }
    const def =
      key.toLowerCase() === "schemas"
        ? undefined
        : findAttributeDefinition([...COMMON_ATTRIBUTES, ...rt.core.attributes], key);
    const v = def === undefined ? cloneJson(value) : transformValue(value, def, visit);
    if (v !== DROP) setOwn(out, key, v);
  }
  return out as T;
}

const toBoolean = (value: unknown): unknown =>
  typeof value === "string" && BOOLEAN_STRING.test(value) ? value.toLowerCase() === "true" : value;

/**
 * Returns a new resource in which the strings "true"/"false" (any case) are booleans wherever the schema
 * says `boolean`: top level (`active`), sub-attributes (`emails[].primary`, `roles[].primary`), extensions.
 * Entra sends `"active": "False"` and `roles[].primary: "True"` ([C8] [C12] [C15], B1, B17). Other values
 * are left alone (validation reports them). Non-objects are returned as they are.
 */
export function coerceBooleans<T>(resource: T, resourceType: ResourceTypeSchemas): T {
  return transformResource(resource, resourceType, (def, value) =>
    def.type !== "boolean" ? value : Array.isArray(value) ? value.map(toBoolean) : toBoolean(value),
  );
}

/**
 * Returns a new resource without readOnly attributes and sub-attributes (`id`, `meta`, `groups`,
 * `manager.displayName`), which a service provider ignores in POST/PUT bodies (RFC 7643 §2.2, RFC 7644
 * §3.5.1). Unknown attributes are kept. Non-objects are returned as they are.
 */
export function stripReadOnly<T>(resource: T, resourceType: ResourceTypeSchemas): T {
  return transformResource(resource, resourceType, (def, value) =>
    def.mutability === "readOnly" ? DROP : value,
  );
}
