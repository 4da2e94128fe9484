/**
 * Applies a SCIM PATCH request to a resource (RFC 7644 §3.5.2), as a reference implementation for the
 * fake SP and for checks that compare a target's result with the expected one.
 *
 * - The request needs `schemas` containing `urn:ietf:params:scim:api:messages:2.0:PatchOp` and a
 *   non-empty `Operations` array, else 400 `invalidSyntax`. Member names (`Operations`, `op`, `path`,
 *   `value`) match case-insensitively, as all SCIM attribute names do (RFC 7643 §2.1).
 * - `op` values are `add`, `replace`, `remove` exactly; other case is `capitalised-op` (tolerant only).
 * - `add`/`replace` without `value` → 400 `invalidValue`; `remove` without `path` → 400 `noTarget`.
 * - A path naming an extension schema URN alone targets the whole extension object.
 * - Atomic (§3.5.2 "treated as atomic"): operations run on a copy; any failure throws and nothing is
 *   returned. The input is never mutated.
 * - `__proto__`, `constructor`, `prototype` anywhere: in a path → `invalidPath`, as a key inside a `value`
 *   → `invalidValue`, elsewhere in the request → `invalidSyntax` (B18).
 * - After the operations: an extension object left empty is removed; `schemas` (when the resource has
 *   the array) gains or loses the URN of an extension this PATCH wrote or emptied (RFC 7643 §3); a
 *   required attribute the PATCH removed → 400 `invalidValue` (or `mutability`: choice "required-removed"). `meta.lastModified` is not touched: the
 *   server sets it, and `changed` (result structurally different from the input) says whether to.
 * - Where RFC 7644 allows several answers, one reading per choice is taken (`PATCH_CHOICES` in
 *   patch-context.ts; `options.readings`); `allowedPatchOutcomes` (patch-oracle.ts) returns them all.
 * - Only `ScimError` escapes (an internal bug surfaces as `ScimError(500)`), except `TypeError` when
 *   `resource` is not a plain object (API misuse).
 */
import {
  deepEqual,
  deleteAttr,
  findUnsafeKey,
  getAttr,
  isUnsafeName,
  resolvePatchTarget,
  setAttr,
} from "./attribute-path.ts";
import { isPresentValue } from "./filter-evaluate.ts";
import { parsePatchPath } from "./filter-parser.ts";
import { choose, createPatchContext, fail, preferredChooser, tolerate } from "./patch-context.ts";
import type {
  ChosenReading,
  PatchChoiceId,
  PatchChooser,
  PatchContext,
  PatchMode,
  ToleratedForm,
} from "./patch-context.ts";
import { applyToTarget } from "./patch-operation.ts";
import type { PatchOpName } from "./patch-operation.ts";
import { expandPathless, extensionNamed } from "./patch-pathless.ts";
import type { PathlessItem } from "./patch-pathless.ts";
import { cloneJson, findKey, isJsonObject } from "./plain-object.ts";
import type { JsonObject } from "./plain-object.ts";
import { schemasOf } from "./schema-types.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { ScimError, isScimError } from "./scim-error.ts";
import { SCHEMA_PATCH_OP } from "./schemas.ts";

export type { ChosenReading, PatchChoiceId, PatchMode, ToleratedForm } from "./patch-context.ts";
export { PATCH_CHOICES } from "./patch-context.ts";

export interface ApplyPatchOptions {
  /** Default `strict`. */
  mode?: PatchMode;
  /**
   * Where the RFC allows several answers (`PATCH_CHOICES`), the reading to take; default the first
   * reading of each choice (see patch-context.ts). `allowedPatchOutcomes` explores all of them.
   */
  readings?: Partial<Record<PatchChoiceId, string>>;
}

export interface PatchResult {
  /** A new resource; the input is untouched. */
  resource: Record<string, unknown>;
  /** False when the result is structurally equal to the input (RFC 7644 §3.5.2.1: no modify timestamp change). */
  changed: boolean;
  /** The non-RFC forms tolerant mode accepted, in order of first use; always empty in strict mode. */
  tolerated: ToleratedForm[];
}

interface ParsedOperation {
  op: PatchOpName;
  path: string | undefined;
  value: unknown;
  hasValue: boolean;
}

const OPS: ReadonlySet<string> = new Set(["add", "replace", "remove"]);

function member(object: JsonObject, name: string): { present: boolean; value: unknown } {
  const key = findKey(object, name);
  return key === undefined ? { present: false, value: undefined } : { present: true, value: object[key] };
}

function readOperation(ctx: PatchContext, raw: unknown, index: number): ParsedOperation {
  const where = `Operations[${index}]`;
  if (!isJsonObject(raw)) throw fail("invalidSyntax", `${where} is not an object`);
  for (const key of Object.keys(raw)) {
    const inner = isUnsafeName(key)
      ? key
      : key.toLowerCase() === "value"
        ? undefined
        : findUnsafeKey(raw[key]);
    if (inner !== undefined) throw fail("invalidSyntax", `${where}: "${inner}" is not allowed`);
  }
  const value = member(raw, "value");
  const unsafe = findUnsafeKey(value.value);
  if (unsafe !== undefined)
    throw fail("invalidValue", `${where}.value: "${unsafe}" is not an attribute name`);
  const opName = member(raw, "op").value;
  if (typeof opName !== "string" || !OPS.has(opName.toLowerCase())) {
    throw fail("invalidSyntax", `${where}: "op" must be "add", "replace" or "remove" (RFC 7644 §3.5.2)`);
  }
  const op = opName.toLowerCase() as PatchOpName;
  if (opName !== op)
    tolerate(ctx, "capitalised-op", "invalidSyntax", `${where}: "op" is "${opName}", not "${op}"`);
  const path = member(raw, "path").value;
  if (path !== undefined && (typeof path !== "string" || path.trim() === "")) {
    throw fail("invalidPath", `${where}: "path" must be a non-empty string`);
  }
  if (op !== "remove" && !value.present) throw fail("invalidValue", `${where}: "${op}" needs a "value"`);
  if (op === "remove" && path === undefined)
    throw fail("noTarget", `${where}: "remove" needs a "path" (RFC 7644 §3.5.2.2)`);
  return { op, path, value: value.value, hasValue: value.present };
}

function readRequest(ctx: PatchContext, body: unknown): ParsedOperation[] {
  if (!isJsonObject(body)) throw fail("invalidSyntax", "The PATCH body must be a JSON object");
  const operations = member(body, "Operations").value;
  for (const key of Object.keys(body)) {
    const unsafe = isUnsafeName(key)
      ? key
      : key.toLowerCase() === "operations"
        ? undefined
        : findUnsafeKey(body[key]);
    if (unsafe !== undefined) throw fail("invalidSyntax", `"${unsafe}" is not allowed in a PATCH body`);
  }
  const schemas = member(body, "schemas").value;
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA_PATCH_OP)) {
    throw fail("invalidSyntax", `"schemas" must contain "${SCHEMA_PATCH_OP}" (RFC 7644 §3.5.2)`);
  }
  if (!Array.isArray(operations) || operations.length === 0) {
    throw fail("invalidSyntax", `"Operations" must be a non-empty array (RFC 7644 §3.5.2)`);
  }
  return operations.map((raw, i) => readOperation(ctx, raw, i));
}

function applyItems(ctx: PatchContext, resource: JsonObject, op: PatchOpName, items: PathlessItem[]): void {
  for (const item of items) {
    if ("clearExtension" in item) {
      ctx.touchedExtensions.add(item.clearExtension);
      deleteAttr(resource, item.clearExtension);
    } else {
      applyToTarget(ctx, resource, op, item.target, item.value, true);
    }
  }
}

function applyOperation(ctx: PatchContext, resource: JsonObject, operation: ParsedOperation): void {
  const { op, path, value, hasValue } = operation;
  if (path === undefined) return applyItems(ctx, resource, op, expandPathless(ctx, value));
  const extension = extensionNamed(ctx, path.trim());
  if (extension !== undefined) {
    const items =
      op === "remove" ? [{ clearExtension: extension }] : expandPathless(ctx, { [extension]: value });
    return applyItems(ctx, resource, op, items);
  }
  const target = resolvePatchTarget(ctx.resourceType, parsePatchPath(path), path, "invalidPath");
  applyToTarget(ctx, resource, op, target, value, hasValue);
}

/** Removes emptied extension objects, keeps `schemas` in step, and refuses removal of required attributes. */
function finish(ctx: PatchContext, result: JsonObject, original: JsonObject): void {
  for (const id of ctx.touchedExtensions) {
    const extension = getAttr(result, id);
    if (isJsonObject(extension) && !Object.values(extension).some(isPresentValue)) deleteAttr(result, id);
    const schemas = getAttr(result, "schemas");
    if (!Array.isArray(schemas)) continue;
    const listed = schemas.some((s) => typeof s === "string" && s.toLowerCase() === id.toLowerCase());
    const present = getAttr(result, id) !== undefined;
    if (present && !listed) setAttr(result, "schemas", [...schemas, id]);
    if (!present && listed) {
      setAttr(
        result,
        "schemas",
        schemas.filter((s) => typeof s !== "string" || s.toLowerCase() !== id.toLowerCase()),
      );
    }
  }
  for (const schema of schemasOf(ctx.resourceType)) {
    const inExtension = schema !== ctx.resourceType.core;
    const before = inExtension ? getAttr(original, schema.id) : original;
    const after = inExtension ? getAttr(result, schema.id) : result;
    for (const attribute of schema.attributes) {
      if (!attribute.required || attribute.mutability === "readOnly") continue;
      if (
        isPresentValue(getAttr(before, attribute.name)) &&
        !isPresentValue(getAttr(after, attribute.name))
      ) {
        const scimType = choose(ctx, "required-removed", ["invalidValue", "mutability"]);
        throw fail(scimType, `"${attribute.name}" is required and cannot be removed (RFC 7644 §3.5.2.2)`);
      }
    }
  }
}

/**
 * Applies a PATCH request body (RFC 7644 §3.5.2) to `resource` and returns the new resource. Throws
 * `ScimError` (400 `invalidSyntax` / `invalidPath` / `invalidValue` / `invalidFilter` / `noTarget` /
 * `mutability`) and leaves `resource` untouched. See `ToleratedForm` for what `mode: "tolerant"` accepts.
 */
export function applyPatch(
  resource: Readonly<Record<string, unknown>>,
  patchRequest: unknown,
  resourceType: ResourceTypeSchemas,
  options: ApplyPatchOptions = {},
): PatchResult {
  return applyPatchWith(
    resource,
    patchRequest,
    resourceType,
    options.mode ?? "strict",
    preferredChooser(options.readings),
  );
}

/**
 * `applyPatch` with the reading at each choice point picked by `chooser` (for the oracle). Throws like
 * `applyPatch`; `onReadings` receives the readings taken, also when it throws.
 */
export function applyPatchWith(
  resource: Readonly<Record<string, unknown>>,
  patchRequest: unknown,
  resourceType: ResourceTypeSchemas,
  mode: PatchMode,
  chooser: PatchChooser,
  onReadings: (readings: ChosenReading[]) => void = () => {},
): PatchResult {
  if (!isJsonObject(resource)) throw new TypeError("applyPatch: resource must be a plain object");
  const original = resource as JsonObject;
  const ctx = createPatchContext(mode, resourceType, chooser);
  try {
    const operations = readRequest(ctx, patchRequest);
    const result = cloneJson(original);
    for (const operation of operations) applyOperation(ctx, result, operation);
    finish(ctx, result, original);
    return { resource: result, changed: !deepEqual(result, original), tolerated: [...ctx.tolerated] };
  } catch (error) {
    if (isScimError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ScimError(500, undefined, `PATCH could not be applied: ${message}`, { cause: error });
  } finally {
    onReadings([...ctx.chosen]);
  }
}
