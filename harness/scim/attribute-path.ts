/**
 * PATCH path navigation (RFC 7644 §3.5.2): resolving a parsed path against a resource type, reading and
 * writing attributes in a resource (case-insensitive keys, extension attributes under their schema URN,
 * RFC 7643 §3.3), matching multi-valued records, and prototype-pollution guards (B18).
 *
 * Writers only ever use key names taken from the schema or from the resource's own keys, and assign
 * with `setOwn`, so no request can reach `Object.prototype`.
 */
import type { AttrPath, FilterLiteral, FilterNode, PatchPath } from "./filter-ast.ts";
import { valuesEqual } from "./filter-compare.ts";
import { UNSAFE_KEYS, findKey, isJsonObject, setOwn } from "./plain-object.ts";
import type { JsonObject } from "./plain-object.ts";
import { findAttributeDefinition, resolveAttribute } from "./schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "./schema-types.ts";
import { ScimError } from "./scim-error.ts";

/** `__proto__`, `constructor`, `prototype` in any case: never accepted as a key or path segment. */
export function isUnsafeName(name: string): boolean {
  return UNSAFE_KEYS.includes(name.toLowerCase());
}

/** The first unsafe key found anywhere in a JSON value (depth-first), or undefined. */
export function findUnsafeKey(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findUnsafeKey(v);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const key of Object.keys(value)) {
    if (isUnsafeName(key)) return key;
    const found = findUnsafeKey((value as JsonObject)[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every attribute and sub-attribute name a filter mentions. */
function filterNames(node: FilterNode): string[] {
  const names = (p: AttrPath): string[] => [p.name, ...(p.subAttr === undefined ? [] : [p.subAttr])];
  switch (node.kind) {
    case "and":
    case "or":
      return [...filterNames(node.left), ...filterNames(node.right)];
    case "not":
      return filterNames(node.filter);
    case "valuePath":
      return [...names(node.path), ...filterNames(node.filter)];
    default:
      return names(node.path);
  }
}

/** A PATCH path resolved against a resource type. */
export interface PatchTarget {
  /** The top-level attribute. */
  attribute: AttributeDefinition;
  /** `name.givenName`, or the sub-attribute after a value filter (`emails[…].value`). */
  sub?: AttributeDefinition;
  /** The value filter of `emails[type eq "work"]`. */
  filter?: FilterNode;
  /** The extension schema URN when the attribute lives in an extension. */
  extension?: string;
  /** The path as the client wrote it, for error details. */
  label: string;
}

/**
 * Resolves a parsed path. Unsafe names and attributes the resource type does not define throw
 * `ScimError(400, scimType)`: `invalidPath` for a `path`, `invalidValue` for a key of a path-less value.
 */
export function resolvePatchTarget(
  resourceType: ResourceTypeSchemas,
  path: PatchPath,
  label: string,
  scimType: "invalidPath" | "invalidValue",
): PatchTarget {
  const names = [
    path.attr.name,
    path.attr.subAttr,
    path.subAttr,
    ...(path.filter ? filterNames(path.filter) : []),
  ];
  const unsafe = names.find((n) => n !== undefined && isUnsafeName(n));
  if (unsafe !== undefined)
    throw new ScimError(400, scimType, `"${label}": "${unsafe}" is not an attribute name`);
  const resolved = resolveAttribute(resourceType, path.attr);
  if (resolved === undefined) {
    throw new ScimError(400, scimType, `"${label}": no such attribute in ${resourceType.name} schemas`);
  }
  const target: PatchTarget = { attribute: resolved.attribute, label };
  if (resolved.inExtension) target.extension = resolved.schemaId;
  if (resolved.subAttribute !== undefined) target.sub = resolved.subAttribute;
  if (path.filter !== undefined) {
    target.filter = path.filter;
    if (path.subAttr !== undefined) {
      const sub = findAttributeDefinition(resolved.attribute.subAttributes ?? [], path.subAttr);
      if (sub === undefined)
        throw new ScimError(400, scimType, `"${label}": no sub-attribute "${path.subAttr}"`);
      target.sub = sub;
    }
  }
  return target;
}

/** The value of attribute `name` (case-insensitive key) in an object, or undefined. */
export function getAttr(container: unknown, name: string): unknown {
  if (!isJsonObject(container)) return undefined;
  const key = findKey(container, name);
  return key === undefined ? undefined : container[key];
}

/** Sets attribute `name`, reusing the object's existing key spelling when there is one. */
export function setAttr(container: JsonObject, name: string, value: unknown): void {
  setOwn(container, findKey(container, name) ?? name, value);
}

/** Deletes every key that matches `name` case-insensitively. */
export function deleteAttr(container: JsonObject, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(container)) if (key.toLowerCase() === lower) delete container[key];
}

/** The object holding the target's attribute: the resource, or its extension object (created if `create`). */
export function containerOf(
  resource: JsonObject,
  target: PatchTarget,
  create: boolean,
): JsonObject | undefined {
  if (target.extension === undefined) return resource;
  const existing = getAttr(resource, target.extension);
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const made: JsonObject = {};
  setAttr(resource, target.extension, made);
  return made;
}

/** Structural equality of JSON values (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
    );
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as JsonObject;
  return (
    ka.length === kb.length && ka.every((k) => Object.hasOwn(bo, k) && deepEqual((a as JsonObject)[k], bo[k]))
  );
}

/**
 * Is `item` the same record as `existing` in multi-valued attribute `def`? Simple values: equal per the
 * schema. Complex values with a `value`: same `value`, and same `type` when both have one (so a
 * member is identified by its id whatever its `display`). Otherwise: every non-null sub-attribute of
 * `item` is equal in `existing`.
 */
export function sameRecord(def: AttributeDefinition, existing: unknown, item: unknown): boolean {
  if (def.type !== "complex") return valuesEqual(def, existing, item);
  if (!isJsonObject(existing) || !isJsonObject(item)) return false;
  const subs = def.subAttributes ?? [];
  const valueDef = findAttributeDefinition(subs, "value");
  const itemValue = getAttr(item, "value");
  if (valueDef !== undefined && itemValue !== undefined && itemValue !== null) {
    if (!valuesEqual(valueDef, getAttr(existing, "value"), itemValue)) return false;
    const typeDef = findAttributeDefinition(subs, "type");
    const a = getAttr(existing, "type");
    const b = getAttr(item, "type");
    return typeDef === undefined || a === undefined || a === null || b === undefined || b === null
      ? true
      : valuesEqual(typeDef, a, b);
  }
  return Object.entries(item).every(([key, v]) => {
    if (v === null || v === undefined) return true;
    const sub = findAttributeDefinition(subs, key);
    return sub !== undefined && valuesEqual(sub, getAttr(existing, key), v);
  });
}

/**
 * The record a no-match upsert creates from a value filter ([C14]): `type eq "work" and primary eq true`
 * gives `{ type: "work", primary: true }`. Undefined when the filter is not a conjunction of `eq` terms
 * on plain sub-attribute names with non-null literals.
 */
export function seedFromFilter(filter: FilterNode): JsonObject | undefined {
  const terms: [string, FilterLiteral][] = [];
  const walk = (node: FilterNode): boolean => {
    if (node.kind === "and") return walk(node.left) && walk(node.right);
    if (node.kind !== "compare" || node.op !== "eq" || node.value === null) return false;
    if (node.path.uri !== undefined || node.path.subAttr !== undefined || isUnsafeName(node.path.name))
      return false;
    terms.push([node.path.name, node.value]);
    return true;
  };
  if (!walk(filter)) return undefined;
  const seed: JsonObject = {};
  for (const [name, value] of terms) setAttr(seed, name, value);
  return seed;
}
