/**
 * Removes the attributes a resource type does not define before a resource is stored, so that what an SP
 * ignores (RFC 7644 §3.3: attributes it does not support) never comes back on a GET. App profiles with
 * restricted schemas rely on it: Kintone keeps no `title`, Cerby no `phoneNumbers`. Null values are
 * dropped too: null is "unassigned" (RFC 7643 §2.5), so JumpCloud's PUT `"emails": null` clears emails.
 *
 * (No core helper does this yet; candidate for harness/scim.)
 */
import { cloneJson, isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { COMMON_ATTRIBUTES, findAttributeDefinition } from "../../harness/scim/schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";

function keepKnown(object: JsonObject, defs: readonly AttributeDefinition[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    const def = findAttributeDefinition(defs, key);
    if (def === undefined) continue;
    setOwn(
      out,
      key,
      def.type === "complex" ? keepKnownValue(value, def.subAttributes ?? []) : cloneJson(value),
    );
  }
  return out;
}

function keepKnownValue(value: unknown, subs: readonly AttributeDefinition[]): unknown {
  if (Array.isArray(value)) return value.map((v) => (isJsonObject(v) ? keepKnown(v, subs) : cloneJson(v)));
  return isJsonObject(value) ? keepKnown(value, subs) : cloneJson(value);
}

/** A copy of `resource` with only `schemas`, common, core and extension attributes of `resourceType`. */
export function dropUnknownAttributes(resource: JsonObject, resourceType: ResourceTypeSchemas): JsonObject {
  const out: JsonObject = {};
  const core = [...COMMON_ATTRIBUTES, ...resourceType.core.attributes];
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase() === "schemas") {
      setOwn(out, key, cloneJson(value));
      continue;
    }
    const extension = resourceType.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
    if (extension !== undefined) {
      if (isJsonObject(value))
        setOwn(out, extension.schema.id, keepKnown(value, extension.schema.attributes));
      continue;
    }
    const def = findAttributeDefinition(core, key);
    if (def === undefined || value === null) continue;
    setOwn(
      out,
      key,
      def.type === "complex" ? keepKnownValue(value, def.subAttributes ?? []) : cloneJson(value),
    );
  }
  return out;
}

/**
 * The `schemas` a stored resource declares: the core schema and each extension it has a value for
 * (RFC 7643 §3). Replaces whatever the client sent (Entra's legacy URNs, missing extension URNs).
 */
export function declaredSchemas(resource: JsonObject, resourceType: ResourceTypeSchemas): string[] {
  const present = resourceType.extensions.filter((e) =>
    Object.keys(resource).some(
      (k) => k.toLowerCase() === e.schema.id.toLowerCase() && isJsonObject(resource[k]),
    ),
  );
  return [resourceType.core.id, ...present.map((e) => e.schema.id)];
}
