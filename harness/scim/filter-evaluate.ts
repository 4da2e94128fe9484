/**
 * Evaluates a filter AST against a resource, schema-aware (RFC 7644 §3.4.2.2).
 *
 * - Attribute names match schema and resource keys case-insensitively (RFC 7643 §2.1). Extension
 *   attributes are read from the object under their schema URN (RFC 7643 §3.3); URN-qualified core paths
 *   (`urn:ietf:params:scim:schemas:core:2.0:User:userName`) read the top level.
 * - Multi-valued attributes match when any value matches. A complex attribute compared without a
 *   sub-attribute compares its `value` sub-attribute (`emails co "x"` ≡ `emails.value co "x"`).
 * - `emails[type eq "work" and value co "@"]` needs one single element to satisfy the whole inner filter.
 * - `schemas` is a multi-valued, case-insensitive URI attribute (`schemas eq "urn:…"`).
 * - `pr` is true iff the attribute has a value that is not null, `""`, `[]` or `{}` (RFC 7643 §2.5 makes
 *   null and `[]` "unassigned"; we treat `""` and `{}` the same way).
 * - `ne` on a multi-valued attribute matches when some value differs ("the filter matches if any of the
 *   values of the specified attribute match the specified criterion", RFC 7644 §3.4.2.2), so
 *   `emails.type ne "work"` matches a user with a work and a home email. An attribute with no value is
 *   `ne` anything (RFC 7644 is open there). RFC 7644 is silent on `null` literals; we define
 *   `x eq null` ≡ `not (x pr)` and `x ne null` ≡ `x pr`.
 * - An attribute the resource type does not define has no value: every comparison on it is false and
 *   `pr` is false (we do not answer `invalidFilter`, so clients may filter on optional extensions).
 * - Type errors (`gt` on a boolean, a bad dateTime literal, see `checkComparison`) are detected from the
 *   schema before any data is read, so they do not depend on the resource: `ScimError(400, "invalidFilter")`.
 *
 * Never mutates the resource; never throws anything but `ScimError`.
 */
import type { AttrPath, FilterNode } from "./filter-ast.ts";
import { DEFAULT_READING, checkComparison, compareValue } from "./filter-compare.ts";
import type { CompareReading } from "./filter-compare.ts";
import { findKey, isJsonObject } from "./plain-object.ts";
import { findAttributeDefinition, resolveAttribute } from "./schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "./schema-types.ts";
import { ScimError, isScimError } from "./scim-error.ts";

/** `schemas` (RFC 7643 §3): not in any schema's attribute list, but filterable (RFC 7644 §3.4.2.2 example). */
const SCHEMAS_ATTRIBUTE: AttributeDefinition = {
  name: "schemas",
  type: "reference",
  multiValued: true,
  description: "The schema URIs of the resource.",
  required: true,
  caseExact: false,
  mutability: "readWrite",
  returned: "always",
  uniqueness: "none",
};

/** Where filter paths are resolved: the resource, or one element of a multi-valued attribute. */
type Scope =
  | { kind: "resource"; resourceType: ResourceTypeSchemas }
  | { kind: "element"; attribute: AttributeDefinition };

/** A resolved filter path. `self` means the path names the element itself (`value` of a simple attribute). */
interface Target {
  top: AttributeDefinition;
  sub?: AttributeDefinition;
  extension?: string;
  self?: boolean;
}

/**
 * Resolution depends only on the scope's schema object and the path object, both immutable during an
 * evaluation, so it is memoised per (schema, path) pair: evaluating one filter over many resources
 * resolves each attribute once.
 */
const resolved = new WeakMap<object, WeakMap<AttrPath, Target | null>>();

function resolve(scope: Scope, path: AttrPath): Target | undefined {
  const owner = scope.kind === "resource" ? scope.resourceType : scope.attribute;
  let byPath = resolved.get(owner);
  if (byPath === undefined) {
    byPath = new WeakMap();
    resolved.set(owner, byPath);
  }
  const cached = byPath.get(path);
  if (cached !== undefined) return cached ?? undefined;
  const target = resolveUncached(scope, path);
  byPath.set(path, target ?? null);
  return target;
}

function resolveUncached(scope: Scope, path: AttrPath): Target | undefined {
  if (scope.kind === "resource") {
    if (path.uri === undefined && path.subAttr === undefined && path.name.toLowerCase() === "schemas") {
      return { top: SCHEMAS_ATTRIBUTE };
    }
    const r = resolveAttribute(scope.resourceType, path);
    if (r === undefined) return undefined;
    return { top: r.attribute, sub: r.subAttribute, extension: r.inExtension ? r.schemaId : undefined };
  }
  if (path.uri !== undefined || path.subAttr !== undefined) return undefined;
  const { attribute } = scope;
  if (attribute.type !== "complex") {
    return path.name.toLowerCase() === "value"
      ? { top: { ...attribute, multiValued: false }, self: true }
      : undefined;
  }
  const sub = findAttributeDefinition(attribute.subAttributes ?? [], path.name);
  return sub === undefined ? undefined : { top: sub };
}

const get = (data: unknown, name: string): unknown => {
  if (!isJsonObject(data)) return undefined;
  const key = findKey(data, name);
  return key === undefined ? undefined : data[key];
};

/** The raw values at a target: multi-valued attributes flattened, null and undefined dropped. */
function rawValues(target: Target, data: unknown): unknown[] {
  if (target.self) return data === null || data === undefined ? [] : [data];
  const container = target.extension === undefined ? data : get(data, target.extension);
  const value = get(container, target.top.name);
  const elements = target.top.multiValued && Array.isArray(value) ? value : [value];
  const sub = target.sub;
  const values = sub === undefined ? elements : elements.flatMap((e) => get(e, sub.name));
  return values.filter((v) => v !== null && v !== undefined);
}

/** The definition actually compared, and whether values must be read through their `value` sub-attribute. */
function compared(target: Target): { def: AttributeDefinition; viaValue: boolean } {
  if (target.sub !== undefined) return { def: target.sub, viaValue: false };
  if (target.top.type !== "complex") return { def: target.top, viaValue: false };
  const value = findAttributeDefinition(target.top.subAttributes ?? [], "value");
  return value === undefined ? { def: target.top, viaValue: false } : { def: value, viaValue: true };
}

/** Is this a value in the sense of `pr`: not null, `""`, `[]`, `{}` (or made only of those)? */
export function isPresentValue(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.some(isPresentValue);
  if (typeof value === "object") return Object.values(value).some(isPresentValue);
  return true;
}

const printPath = (path: AttrPath): string =>
  `${path.uri === undefined ? "" : `${path.uri}:`}${path.name}${path.subAttr === undefined ? "" : `.${path.subAttr}`}`;

/** Schema-only validation of a filter in a scope; throws `ScimError(400, "invalidFilter")`. */
function check(node: FilterNode, scope: Scope): void {
  switch (node.kind) {
    case "and":
    case "or":
      check(node.left, scope);
      check(node.right, scope);
      return;
    case "not":
      check(node.filter, scope);
      return;
    case "present":
      return;
    case "compare": {
      const target = resolve(scope, node.path);
      if (target !== undefined)
        checkComparison(compared(target).def, node.op, node.value, printPath(node.path));
      return;
    }
    case "valuePath": {
      if (scope.kind === "element") {
        throw new ScimError(400, "invalidFilter", "Value paths cannot be nested (RFC 7644 §3.4.2.2)");
      }
      const target = resolve(scope, node.path);
      if (target === undefined) return;
      if (target.sub !== undefined || (target.top.type !== "complex" && !target.top.multiValued)) {
        throw new ScimError(
          400,
          "invalidFilter",
          `"${printPath(node.path)}[…]": a value filter needs a multi-valued or complex attribute`,
        );
      }
      check(node.filter, { kind: "element", attribute: target.top });
      return;
    }
    default:
      throw new ScimError(400, "invalidFilter", "Unknown filter node");
  }
}

/**
 * A reading of the places RFC 7644 §3.4.2.2 leaves open (see `CompareReading`), plus `neAbsent`: what
 * `ne` gives on an attribute without a value (or one the resource type does not define), which the RFC
 * does not say (D5 in contracts/README.md).
 */
export interface FilterReading extends CompareReading {
  neAbsent: boolean;
}

const DEFAULT_FILTER_READING: FilterReading = { ...DEFAULT_READING, neAbsent: true };

/** Every reading: the folds, collations and `ne`-on-absent answers a server may choose. */
export const FILTER_READINGS: readonly FilterReading[] = (["lower", "upper", "ascii"] as const).flatMap(
  (fold) =>
    (["units", "points", "locale"] as const).flatMap((collation) =>
      (["instant", "text"] as const).flatMap((dateTimeEq) =>
        [true, false].map((neAbsent) => ({ fold, collation, dateTimeEq, neAbsent })),
      ),
    ),
);

function evaluate(node: FilterNode, data: unknown, scope: Scope, reading: FilterReading): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, data, scope, reading) && evaluate(node.right, data, scope, reading);
    case "or":
      return evaluate(node.left, data, scope, reading) || evaluate(node.right, data, scope, reading);
    case "not":
      return !evaluate(node.filter, data, scope, reading);
    case "present": {
      const target = resolve(scope, node.path);
      return target !== undefined && rawValues(target, data).some(isPresentValue);
    }
    case "compare": {
      const target = resolve(scope, node.path);
      if (node.value === null) {
        const present = target !== undefined && rawValues(target, data).some(isPresentValue);
        return node.op === "ne" ? present : !present;
      }
      if (target === undefined) return node.op === "ne" && reading.neAbsent;
      const { def, viaValue } = compared(target);
      const raw = rawValues(target, data);
      const values = viaValue ? raw.map((e) => get(e, "value")) : raw;
      const op = node.op === "ne" ? "eq" : node.op;
      const literal = node.value;
      const test = (v: unknown) =>
        v !== null && v !== undefined && compareValue(def, op, v, literal, reading);
      if (node.op !== "ne") return values.some(test);
      // A multi-valued attribute matches "if any of the values ... match the specified criterion" (RFC 7644
      // §3.4.2.2): some value differs. Without any value, `ne` is `not eq` (the RFC is open there).
      const present = values.filter((v) => v !== null && v !== undefined);
      if (present.length === 0) return reading.neAbsent;
      return target.top.multiValued ? present.some((v) => !test(v)) : !test(present[0]);
    }
    case "valuePath": {
      const target = resolve(scope, node.path);
      if (target === undefined) return false;
      const element: Scope = { kind: "element", attribute: target.top };
      return rawValues(target, data).some((e) => evaluate(node.filter, e, element, reading));
    }
  }
}

function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isScimError(error)) throw error;
    // Defensive: a bug here must surface as a SCIM 400, never as an unexpected exception.
    const message = error instanceof Error ? error.message : String(error);
    throw new ScimError(400, "invalidFilter", `Filter could not be evaluated: ${message}`, { cause: error });
  }
}

/**
 * Throws `ScimError(400, "invalidFilter")` if the filter compares attributes of `resourceType` in a way
 * RFC 7644 §3.4.2.2 does not allow (e.g. `active gt true`). Lets a server reject a filter before
 * reading any resource.
 */
export function assertFilterValid(node: FilterNode, resourceType: ResourceTypeSchemas): void {
  guarded(() => check(node, { kind: "resource", resourceType }));
}

/** Does `resource` match the filter (RFC 7644 §3.4.2.2)? Throws only `ScimError(400, "invalidFilter")`. */
export function evaluateFilter(
  node: FilterNode,
  resource: Readonly<Record<string, unknown>>,
  resourceType: ResourceTypeSchemas,
): boolean {
  return guarded(() => {
    const scope: Scope = { kind: "resource", resourceType };
    check(node, scope);
    return evaluate(node, resource, scope, DEFAULT_FILTER_READING);
  });
}

/**
 * Every answer RFC 7644 §3.4.2.2 allows for `resource`: the set of match results over `FILTER_READINGS`
 * (`{true}`, `{false}`, or both where the RFC is open for this resource). Throws
 * `ScimError(400, "invalidFilter")` as `evaluateFilter` does.
 */
export function allowedMatches(
  node: FilterNode,
  resource: Readonly<Record<string, unknown>>,
  resourceType: ResourceTypeSchemas,
): ReadonlySet<boolean> {
  return guarded(() => {
    const scope: Scope = { kind: "resource", resourceType };
    check(node, scope);
    return new Set(FILTER_READINGS.map((reading) => evaluate(node, resource, scope, reading)));
  });
}

/**
 * Validates a filter once against the schema and returns a predicate for many resources: what a server
 * scanning its store wants, instead of `evaluateFilter` re-validating for every resource. Throws
 * `ScimError(400, "invalidFilter")` for an invalid filter; the predicate throws only `ScimError` too.
 */
export function compileFilter(
  node: FilterNode,
  resourceType: ResourceTypeSchemas,
): (resource: Readonly<Record<string, unknown>>) => boolean {
  const scope: Scope = { kind: "resource", resourceType };
  guarded(() => check(node, scope));
  return (resource) => guarded(() => evaluate(node, resource, scope, DEFAULT_FILTER_READING));
}

/**
 * Does one element of a multi-valued `attribute` match a value filter (the `[…]` of a PATCH path,
 * RFC 7644 §3.5.2)? Paths in the filter are sub-attributes of `attribute`; for a simple multi-valued
 * attribute, `value` is the element itself. Throws only `ScimError(400, "invalidFilter")`.
 */
export function matchesValueFilter(
  filter: FilterNode,
  element: unknown,
  attribute: AttributeDefinition,
): boolean {
  return guarded(() => {
    const scope: Scope = { kind: "element", attribute };
    check(filter, scope);
    return evaluate(filter, element, scope, DEFAULT_FILTER_READING);
  });
}
