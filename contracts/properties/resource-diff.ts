/**
 * Compares a resource the target returned with the one the oracle computed, the way RFC 7643 allows them
 * to differ: attribute names ignore case (§2.1), unassigned equals null equals `[]` (§2.5), multi-valued
 * order carries no meaning (§2.4) and a repeated equal value counts once (RFC 7644 §3.5.2.1 SHOULD; equal
 * but for `primary` too, RFC 7643 §2.4 SHOULD NOT), `primary: false` equals no `primary`; server-managed `meta`, `schemas`,
 * derived `groups` and `id` are not compared. And it writes the scenario steps that show a difference.
 */
import { scimQuery } from "../../harness/http/http-intent.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import type { ScenarioRecorder } from "./scenario-recorder.ts";

type Json = Record<string, unknown>;

const IGNORED = new Set(["meta", "schemas", "groups", "id", "password"]);
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function unassigned(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0)
  );
}

/** The comparable form of a value (see the module comment). */
export function normalise(value: unknown, top = true): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalise(v, false)).filter((v) => !unassigned(v));
    // Equal values count once: an add of a value the attribute already holds SHOULD change nothing
    // (RFC 7644 §3.5.2.1), a SHOULD, so keeping a duplicate is no failure of the MUST-level oracle. Values
    // equal but for "primary" count once too, primary when either is: a server SHOULD NOT return the same
    // (type, value) twice (RFC 7643 §2.4), so it may fold what a PATCH made equal, or keep both.
    const byKey = new Map<string, unknown>();
    for (const v of items) {
      const { primary, ...rest } = isObject(v) ? v : {};
      const key = JSON.stringify(isObject(v) ? rest : v);
      // The first of them, or the one that is primary (normalised values carry no "primary": false).
      if (!byKey.has(key) || primary === true) byKey.set(key, v);
    }
    return [...byKey.values()]
      .map((v) => [JSON.stringify(v), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v);
  }
  if (isObject(value)) {
    const out: Json = {};
    for (const key of Object.keys(value).sort()) {
      const lower = key.toLowerCase();
      if (top && IGNORED.has(lower)) continue;
      if (lower === "primary" && value[key] === false) continue;
      const v = normalise(value[key], false);
      if (!unassigned(v)) out[lower] = v;
    }
    return out;
  }
  return value;
}

/** One top-level attribute that differs; `name` keeps the case the oracle (or the target) used. */
export interface AttributeDiff {
  name: string;
  expected: unknown;
  actual: unknown;
  /** Lower-case key → the spelling the resources use, for JSON pointers into the target's body. */
  keys: ReadonlyMap<string, string>;
}

function collectKeys(value: unknown, into: Map<string, string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectKeys(v, into));
  else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      into.set(key.toLowerCase(), key);
      collectKeys(v, into);
    }
  }
}

/** The top-level attributes whose normalised values differ. */
export function diffResources(expected: Json, actual: Json): AttributeDiff[] {
  const e = normalise(expected) as Json;
  const a = normalise(actual) as Json;
  const keys = new Map<string, string>();
  collectKeys(actual, keys);
  collectKeys(expected, keys);
  const diffs: AttributeDiff[] = [];
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    if (JSON.stringify(e[key]) !== JSON.stringify(a[key]))
      diffs.push({ name: keys.get(key) ?? key, expected: e[key], actual: a[key], keys });
  }
  return diffs;
}

const eq = (name: string, value: unknown): FilterNode => ({
  kind: "compare",
  path: { name },
  op: "eq",
  value: value as string,
});
const and = (nodes: FilterNode[]): FilterNode =>
  nodes.reduce((left, right) => ({ kind: "and", left, right }));

/** `attr[…]` matching one normalised element: every field equal, and no `type` when it has none. */
function elementFilter(attribute: string, element: unknown): FilterNode {
  const fields: FilterNode[] = isObject(element)
    ? Object.entries(element)
        .filter(([, v]) => typeof v !== "object")
        .map(([k, v]) => eq(k, v))
    : [eq("value", element)];
  if (isObject(element) && element["type"] === undefined)
    fields.push({ kind: "not", filter: { kind: "present", path: { name: "type" } } });
  return {
    kind: "valuePath",
    path: { name: attribute },
    filter: and(fields.length > 0 ? fields : [{ kind: "present", path: { name: "value" } }]),
  };
}

/** A path for a (sub-)attribute; a URN key means an extension attribute. */
const pathOf = (name: string, sub?: string) =>
  name.startsWith("urn:")
    ? { uri: name, name: sub ?? "id" }
    : sub === undefined
      ? { name }
      : { name, subAttr: sub };

/**
 * Adds steps that fail on replay while the target keeps the wrong state: a GET with `expect.body` for
 * scalar values, and `id eq … and <filter>` queries (`totalResults` 1 or 0) for absent values and
 * multi-valued elements.
 */
export function witnessSteps(
  recorder: ScenarioRecorder,
  kind: "Users" | "Groups",
  id: string,
  diffs: readonly AttributeDiff[],
): void {
  const pointers: Record<string, unknown> = {};
  const unwitnessed: string[] = [];
  const count = (node: FilterNode, expected: 0 | 1, title: string) => {
    const filter = and([eq("id", id), node]);
    let text: string;
    try {
      text = printFilter(filter);
    } catch {
      // A name or value the target answered that no SCIM filter can express (`0:User:employeeNumber`):
      // never a crash; the replay says which difference it cannot pin.
      unwitnessed.push(title);
      return;
    }
    recorder.note(
      { method: "GET", path: `/${kind}?${scimQuery({ filter: text })}` },
      { status: [200], body: { "/totalResults": expected } },
      title,
    );
  };
  for (const diff of diffs) {
    const { name, expected, actual } = diff;
    const cased = (key: string) => diff.keys.get(key) ?? key;
    if (expected === undefined) {
      const subs = isObject(actual) && name.startsWith("urn:") ? Object.keys(actual) : [undefined];
      for (const sub of subs) {
        const path = pathOf(name, sub === undefined ? undefined : cased(sub));
        count(
          { kind: "present", path },
          0,
          `${name}${sub === undefined ? "" : `:${cased(sub)}`} is unassigned`,
        );
      }
    } else if (Array.isArray(expected)) {
      const have = Array.isArray(actual) ? actual.map((v) => JSON.stringify(v)) : [];
      const want = expected.map((v) => JSON.stringify(v));
      for (const element of expected)
        if (!have.includes(JSON.stringify(element)))
          count(elementFilter(name, element), 1, `${name} has ${JSON.stringify(element)}`);
      for (const element of Array.isArray(actual) ? actual : [])
        if (!want.includes(JSON.stringify(element)))
          count(elementFilter(name, element), 0, `${name} lacks ${JSON.stringify(element)}`);
    } else if (isObject(expected)) {
      const got = isObject(actual) ? actual : {};
      for (const sub of new Set([...Object.keys(expected), ...Object.keys(got)])) {
        if (JSON.stringify(expected[sub]) === JSON.stringify(got[sub])) continue;
        if (expected[sub] === undefined) {
          count(
            { kind: "present", path: pathOf(name, cased(sub)) },
            0,
            `${name}.${cased(sub)} is unassigned`,
          );
        } else pointers[`/${name.replaceAll("~", "~0").replaceAll("/", "~1")}/${cased(sub)}`] = expected[sub];
      }
    } else {
      pointers[`/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`] = expected;
    }
  }
  if (Object.keys(pointers).length > 0)
    recorder.note(
      { method: "GET", path: `/${kind}/${id}` },
      { status: [200], body: pointers },
      "the attributes read back",
    );
  if (unwitnessed.length > 0)
    recorder.note(
      { method: "GET", path: `/${kind}/${id}` },
      { status: [200] },
      `not pinned by the replay (no SCIM filter expresses these names or values): ${unwitnessed.join("; ")}`,
    );
}
