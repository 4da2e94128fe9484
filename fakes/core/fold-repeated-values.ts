/**
 * RFC 7643 §2.4: a service provider SHOULD NOT return the same (type, value) combination more than once per
 * attribute. Before a resource is stored, an element of a multi-valued complex attribute with `type` and
 * `value` sub-attributes that repeats an earlier element's (type, value) is folded into that element: the
 * first one's other sub-attributes are kept, and it is primary when either was. Group `members` are left as
 * sent (RFC 7644 §3.5.2.1 lets a repeated member add be a no-op or not; the stateful model compares sets).
 */
import { findKey, isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";

const field = (element: JsonObject, name: string): unknown => {
  const key = findKey(element, name);
  return key === undefined ? undefined : element[key];
};

const foldable = (def: AttributeDefinition): boolean =>
  def.multiValued &&
  def.type === "complex" &&
  def.name.toLowerCase() !== "members" &&
  ["type", "value"].every((n) => (def.subAttributes ?? []).some((s) => s.name.toLowerCase() === n));

function foldList(list: readonly unknown[]): unknown[] {
  const firstByPair = new Map<string, JsonObject>();
  const out: unknown[] = [];
  for (const element of list) {
    const value = isJsonObject(element) ? field(element, "value") : undefined;
    if (!isJsonObject(element) || value === undefined || value === null) {
      out.push(element);
      continue;
    }
    const pair = JSON.stringify([field(element, "type") ?? null, value]);
    const first = firstByPair.get(pair);
    if (first === undefined) {
      const copy = { ...element };
      firstByPair.set(pair, copy);
      out.push(copy);
    } else if (field(element, "primary") === true) {
      setOwn(first, findKey(first, "primary") ?? "primary", true);
    }
  }
  return out;
}

function foldAttributes(container: JsonObject, defs: readonly AttributeDefinition[]): void {
  for (const def of defs.filter(foldable)) {
    const key = findKey(container, def.name);
    const list = key === undefined ? undefined : container[key];
    if (key !== undefined && Array.isArray(list)) container[key] = foldList(list);
  }
}

/** `resource` (a copy about to be stored) with repeated (type, value) elements folded, in place. */
export function foldRepeatedValues(resource: JsonObject, resourceType: ResourceTypeSchemas): JsonObject {
  foldAttributes(resource, resourceType.core.attributes);
  for (const { schema } of resourceType.extensions) {
    const key = findKey(resource, schema.id);
    const extension = key === undefined ? undefined : resource[key];
    if (isJsonObject(extension)) foldAttributes(extension, schema.attributes);
  }
  return resource;
}
