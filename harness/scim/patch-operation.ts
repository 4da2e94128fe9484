/**
 * Applies one PATCH operation to one resolved target, in place on a working copy (RFC 7644 §3.5.2.1–3).
 *
 * Mutability (RFC 7644 §3.5.2, RFC 7643 §2.2): targeting a readOnly attribute throws `mutability`; an
 * immutable (sub-)attribute may be given a value when it has none, and any change to an existing value
 * throws `mutability`. Adding or removing whole records of a multi-valued attribute (`members`) is
 * allowed even though their sub-attributes are immutable.
 *
 * A value filter that matches nothing (RFC 7644 §3.5.2.1–3, §3.12): see `upsertOrRefuse` for add/replace;
 * remove answers noTarget or changes nothing (choice "remove-filter-no-match", patch-context.ts). Strict
 * mode may also refuse any value filter with invalidFilter (choice "unsupported-filter").
 *
 * Primary (RFC 7644 §3.5.2): when an operation writes a record with `"primary": true`, other records of
 * that attribute that were primary get `"primary": false`.
 */
import {
  containerOf,
  deleteAttr,
  deepEqual,
  getAttr,
  sameRecord,
  seedFromFilter,
  setAttr,
} from "./attribute-path.ts";
import type { PatchTarget } from "./attribute-path.ts";
import { matchesValueFilter } from "./filter-evaluate.ts";
import { choose, fail, tolerate } from "./patch-context.ts";
import type { PatchContext } from "./patch-context.ts";
import { assertOnePrimary, normaliseAttributeValue, normaliseElement, stripNulls } from "./patch-value.ts";
import { isJsonObject, setOwn } from "./plain-object.ts";
import type { JsonObject } from "./plain-object.ts";
import { findAttributeDefinition } from "./schema-types.ts";
import type { AttributeDefinition } from "./schema-types.ts";

export type PatchOpName = "add" | "replace" | "remove";

const absent = (v: unknown): boolean => v === undefined || v === null;

const manyPrimaries = (label: string) =>
  fail("invalidValue", `"${label}" would make several records "primary": true (RFC 7643 §2.4)`);

function assertImmutableKept(def: AttributeDefinition, old: unknown, next: unknown, label: string): void {
  if (def.mutability !== "immutable" || absent(old) || deepEqual(old, next)) return;
  throw fail("mutability", `"${label}": "${def.name}" is immutable and already has a value (RFC 7643 §2.2)`);
}

/** Sets (or, for null, deletes) a sub-attribute of one record, guarding immutability. */
function setSub(sub: AttributeDefinition, record: JsonObject, value: unknown, label: string): void {
  assertImmutableKept(sub, getAttr(record, sub.name), absent(value) ? undefined : value, label);
  if (absent(value)) deleteAttr(record, sub.name);
  else setAttr(record, sub.name, value);
}

/** Merges normalised sub-attributes into a record (add/replace on a complex value, RFC 7644 §3.5.2.3). */
function merge(def: AttributeDefinition, record: JsonObject, patch: unknown, label: string): JsonObject {
  if (!isJsonObject(patch)) throw fail("invalidValue", `"${label}" needs an object`);
  for (const [key, value] of Object.entries(patch)) {
    const sub = findAttributeDefinition(def.subAttributes ?? [], key);
    if (sub !== undefined) setSub(sub, record, value, label);
  }
  return record;
}

/** After `fresh` records were written, at most one record may be primary (RFC 7644 §3.5.2, RFC 7643 §2.4). */
function enforcePrimary(def: AttributeDefinition, list: unknown[], fresh: Set<unknown>, label: string): void {
  if (def.type !== "complex" || findAttributeDefinition(def.subAttributes ?? [], "primary") === undefined)
    return;
  const primaries = list.filter((e) => fresh.has(e) && getAttr(e, "primary") === true);
  assertOnePrimary(primaries, label);
  const winner = primaries[0];
  if (winner === undefined) return;
  for (const e of list)
    if (e !== winner && isJsonObject(e) && getAttr(e, "primary") === true) setAttr(e, "primary", false);
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : absent(value) ? [] : [value]);

function writeList(container: JsonObject, def: AttributeDefinition, list: unknown[], single: boolean): void {
  if (list.length === 0) deleteAttr(container, def.name);
  else setAttr(container, def.name, single ? list[0] : list);
}

/** The records a value filter selects from, as a list; a single-valued complex attribute is tolerated as one. */
function selectable(ctx: PatchContext, target: PatchTarget, container: JsonObject | undefined) {
  const def = target.attribute;
  const old = container === undefined ? undefined : getAttr(container, def.name);
  if (def.multiValued) return { list: asList(old), single: false };
  if (def.type !== "complex")
    throw fail("invalidPath", `"${target.label}": "${def.name}" cannot take a value filter`);
  tolerate(
    ctx,
    "filter-on-single-valued",
    "invalidPath",
    `"${target.label}": "${def.name}" is single-valued`,
  );
  return { list: isJsonObject(old) ? [old] : [], single: true };
}

function addOrReplaceAttribute(
  ctx: PatchContext,
  resource: JsonObject,
  op: PatchOpName,
  t: PatchTarget,
  raw: unknown,
) {
  const def = t.attribute;
  const value = normaliseAttributeValue(ctx, def, raw, t.label);
  const container = containerOf(resource, t, true) as JsonObject;
  const old = getAttr(container, def.name);
  if (def.multiValued) {
    const items = (value ?? []) as unknown[];
    if (op === "replace") return writeList(container, def, items, false);
    const list = asList(old);
    const fresh = new Set<unknown>();
    for (const item of items) {
      const index = list.findIndex((e) => sameRecord(def, e, item));
      const existing = list[index];
      if (index < 0 || existing === undefined) {
        list.push(item);
        fresh.add(item);
      } else if (choose(ctx, "add-existing-value", ["merge", "append"]) === "append") {
        list.push(item);
        fresh.add(item);
      } else if (isJsonObject(existing)) {
        fresh.add(merge(def, existing, item, t.label)); // RFC 7644 §3.5.2.1: an existing value is not duplicated
      }
    }
    enforcePrimary(def, list, fresh, t.label);
    return writeList(container, def, list, false);
  }
  if (def.type === "complex" && value !== null) {
    const record = merge(def, isJsonObject(old) ? old : {}, value, t.label);
    return writeList(container, def, Object.keys(record).length === 0 ? [] : [record], true);
  }
  assertImmutableKept(def, old, value ?? undefined, t.label);
  return writeList(container, def, value === null ? [] : [value], true);
}

function addOrReplaceSub(
  ctx: PatchContext,
  resource: JsonObject,
  t: PatchTarget,
  sub: AttributeDefinition,
  raw: unknown,
) {
  const def = t.attribute;
  const value = normaliseAttributeValue(ctx, sub, raw, t.label);
  const container = containerOf(resource, t, true) as JsonObject;
  const old = getAttr(container, def.name);
  if (!def.multiValued) {
    const record = isJsonObject(old) ? old : {};
    setSub(sub, record, value, t.label);
    return writeList(container, def, Object.keys(record).length === 0 ? [] : [record], true);
  }
  const records = asList(old).filter(isJsonObject);
  if (records.length === 0) throw fail("noTarget", `"${t.label}": "${def.name}" has no values to update`);
  if (value === true && sub.name === "primary" && records.length > 1) throw manyPrimaries(t.label);
  for (const record of records) setSub(sub, record, value, t.label);
}

/**
 * A filtered add/replace matched no value: returns to add a record seeded from the filter, or throws
 * noTarget. A replace while the attribute has other values SHALL answer noTarget (RFC 7644 §3.5.2.3) in
 * both modes: Entra's documented need [C14] (B10) is a first work email or address, where the attribute
 * has no value ([C11]: `Replace addresses[type eq "work"].formatted` on a user without addresses). Where
 * the attribute has no value at all, §3.5.2.3 also treats a replace of an attribute that does not exist as
 * an add: tolerant mode upserts, as Entra and the SCIM Validator expect [C14], and strict mode takes either
 * reading ("replace-filter-no-match-absent"). An add may answer noTarget or add ("add-filter-no-match";
 * tolerant mode adds).
 */
function upsertOrRefuse(ctx: PatchContext, op: PatchOpName, t: PatchTarget, attributeAbsent: boolean): void {
  const refuse = () => fail("noTarget", `"${t.label}" matches no value (RFC 7644 §3.5.2.3, §3.12)`);
  if (op === "replace" && !attributeAbsent) throw refuse();
  if (ctx.mode === "tolerant") {
    const form = op === "replace" ? "replace-filter-no-match-adds" : "add-filter-no-match-adds";
    tolerate(ctx, form, "noTarget", `"${t.label}" matches no value (RFC 7644 §3.5.2.3)`);
    return;
  }
  const reading =
    op === "replace"
      ? choose(ctx, "replace-filter-no-match-absent", ["noTarget", "upsert"])
      : choose(ctx, "add-filter-no-match", ["noTarget", "upsert"]);
  if (reading === "noTarget") throw refuse();
}

function addOrReplaceFiltered(
  ctx: PatchContext,
  resource: JsonObject,
  op: PatchOpName,
  t: PatchTarget,
  raw: unknown,
) {
  const def = t.attribute;
  const filter = t.filter;
  if (filter === undefined) return;
  const container = containerOf(resource, t, true) as JsonObject;
  const { list, single } = selectable(ctx, t, container);
  const matched = list.flatMap((e, i) => (matchesValueFilter(filter, e, def) ? [i] : []));
  const fresh = new Set<unknown>();
  if (matched.length === 0) {
    upsertOrRefuse(ctx, op, t, list.length === 0);
    const seed = seedFromFilter(filter);
    if (seed === undefined)
      throw fail("noTarget", `"${t.label}" matches no value, and its filter cannot seed one`);
    const patch = t.sub === undefined ? raw : { [t.sub.name]: raw };
    if (!isJsonObject(patch)) throw fail("invalidValue", `"${t.label}" needs an object`);
    for (const [key, v] of Object.entries(patch)) setOwn(seed, key, v);
    const record = stripNulls(normaliseElement(ctx, def, seed, t.label));
    list.push(record);
    fresh.add(record);
  }
  for (const i of matched) {
    const record = list[i];
    if (t.sub !== undefined) {
      const value = normaliseAttributeValue(ctx, t.sub, raw, t.label);
      if (value === true && t.sub.name === "primary" && matched.length > 1) throw manyPrimaries(t.label);
      if (isJsonObject(record)) setSub(t.sub, record, value, t.label);
      fresh.add(record);
      continue;
    }
    const value = normaliseElement(ctx, def, raw, t.label);
    let next: unknown;
    if (value === null) next = undefined;
    else if (op === "add" && isJsonObject(record)) next = merge(def, record, value, t.label);
    else next = stripNulls(value);
    for (const sub of def.subAttributes ?? []) {
      if (isJsonObject(record) && next !== record)
        assertImmutableKept(sub, getAttr(record, sub.name), getAttr(next, sub.name), t.label);
    }
    list[i] = next;
    fresh.add(next);
  }
  const kept = list.filter((e) => e !== undefined);
  enforcePrimary(def, kept, fresh, t.label);
  writeList(container, def, kept, single);
}

function remove(
  ctx: PatchContext,
  resource: JsonObject,
  t: PatchTarget,
  raw: unknown,
  hasValue: boolean,
): void {
  const def = t.attribute;
  const container = containerOf(resource, t, false);
  if (t.filter !== undefined) {
    const filter = t.filter;
    const { list, single } = selectable(ctx, t, container);
    const matched = new Set(list.filter((e) => matchesValueFilter(filter, e, def)));
    if (matched.size === 0) {
      // RFC 7644 §3.5.2.2 has no noTarget rule for remove; §3.12 names the no-match filter as noTarget.
      if (choose(ctx, "remove-filter-no-match", ["noTarget", "unchanged"]) === "unchanged") return;
      throw fail("noTarget", `"${t.label}" matches no value (RFC 7644 §3.12)`);
    }
    if (container === undefined) return;
    const sub = t.sub;
    if (sub === undefined)
      return writeList(
        container,
        def,
        list.filter((e) => !matched.has(e)),
        single,
      );
    for (const e of matched) if (isJsonObject(e)) setSub(sub, e, undefined, t.label);
    return writeList(
      container,
      def,
      list.filter((e) => !isJsonObject(e) || Object.keys(e).length > 0),
      single,
    );
  }
  if (container === undefined) return;
  const old = getAttr(container, def.name);
  const sub = t.sub;
  if (sub !== undefined) {
    const records = asList(old);
    for (const e of records) if (isJsonObject(e)) setSub(sub, e, undefined, t.label);
    const kept = records.filter((e) => !isJsonObject(e) || Object.keys(e).length > 0);
    return writeList(container, def, kept, !def.multiValued);
  }
  const listed = Array.isArray(raw) ? raw : [raw];
  if (def.multiValued && hasValue && raw !== null && listed.length > 0 && ctx.mode === "tolerant") {
    // Entra without aadOptscim062020 [S2] [C5] and JumpCloud [J7]: the value lists the records to remove.
    tolerate(ctx, "members-value-array-remove", "invalidSyntax", `"${t.label}" remove with a value`);
    const items = listed
      .map((v, i) => normaliseElement(ctx, def, v, `${t.label}[${i}]`))
      .filter((v) => v !== null);
    return writeList(
      container,
      def,
      asList(old).filter((e) => !items.some((item) => sameRecord(def, e, item))),
      false,
    );
  }
  // Strict mode reads RFC 7644 §3.5.2.2 literally: "If the target location is a multi-valued attribute and
  // no filter is specified, the attribute and all values are removed", and a remove has no "value". So the
  // same Entra body empties the whole group here: exactly the trap real SPs fall into (B4, azure-docs #30826).
  assertImmutableKept(def, old, undefined, t.label);
  deleteAttr(container, def.name);
}

/** Applies `op` to `target` in place on `resource` (a working copy). Throws `ScimError(400, …)`. */
export function applyToTarget(
  ctx: PatchContext,
  resource: JsonObject,
  op: PatchOpName,
  target: PatchTarget,
  value: unknown,
  hasValue: boolean,
): void {
  if (target.attribute.mutability === "readOnly" || target.sub?.mutability === "readOnly") {
    throw fail("mutability", `"${target.label}" is readOnly (RFC 7643 §2.2)`);
  }
  if (
    target.filter !== undefined &&
    ctx.mode === "strict" &&
    choose(ctx, "unsupported-filter", ["supported", "invalidFilter"]) === "invalidFilter"
  ) {
    throw fail("invalidFilter", `"${target.label}": this filter is not supported here (RFC 7644 §3.12)`);
  }
  if (target.extension !== undefined) ctx.touchedExtensions.add(target.extension);
  if (op === "remove") return remove(ctx, resource, target, value, hasValue);
  if (target.filter !== undefined) return addOrReplaceFiltered(ctx, resource, op, target, value);
  if (target.sub !== undefined) return addOrReplaceSub(ctx, resource, target, target.sub, value);
  return addOrReplaceAttribute(ctx, resource, op, target, value);
}
