/**
 * Generated filter ASTs (RFC 7644 §3.4.2.2) over the attributes a target declares. Comparison values
 * are either constants or references to a member of the generated population ("the userName of user 2,
 * upper-cased"), resolved when the case runs, so filters hit often and still shrink independently.
 */
import fc from "fast-check";
import type { AttrPath, CompareOperator, FilterNode } from "../../harness/scim/filter-ast.ts";
import { SCHEMA_ENTERPRISE_USER } from "../../harness/scim/schemas.ts";
import { EMAIL_TYPES, EXTERNAL_IDS, NUMBERS, TEXTS } from "./population.ts";

export type Transform = "same" | "upper" | "lower" | "head" | "tail" | "middle";

/** A comparison value: a constant, or a value of a population member (index taken modulo its size). */
export type Lit =
  { kind: "const"; value: string | boolean } | { kind: "ref"; user: number; transform: Transform };

/** A filter with symbolic values; `attr` keys `FILTER_ATTRS`, `elem` keys `ELEMENT_ATTRS`. */
export type Template =
  | { kind: "compare"; attr: string; op: CompareOperator; lit: Lit }
  | { kind: "present"; attr: string }
  | { kind: "and" | "or"; left: Template; right: Template }
  | { kind: "not"; filter: Template }
  | { kind: "emails"; filter: Template };

type Json = Record<string, unknown>;

interface AttrSpec {
  path: AttrPath;
  /** The schema attribute `declares` must admit (lower-case dotted), or `enterprise:<name>`. */
  needs: string;
  ops: readonly CompareOperator[];
  constants: readonly (string | boolean)[];
  /** The values of this attribute in a resource, for references. */
  read(resource: Json): unknown[];
  /** Whether comparison values may reference population values (false: constants only). */
  refs: boolean;
}

const get = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null ? (o as Json)[key] : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const STRING_OPS: readonly CompareOperator[] = ["eq", "co", "sw", "ew"];
const ENTERPRISE = SCHEMA_ENTERPRISE_USER;

/** Top-level filterable attributes. `ne` and ordering only on userName, which every user has and is ASCII. */
export const FILTER_ATTRS: Readonly<Record<string, AttrSpec>> = {
  userName: {
    path: { name: "userName" },
    needs: "username",
    ops: ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"],
    constants: ["zz"],
    read: (r) => list(r["userName"]),
    refs: true,
  },
  displayName: {
    path: { name: "displayName" },
    needs: "displayname",
    ops: STRING_OPS,
    constants: TEXTS,
    read: (r) => list(r["displayName"]),
    refs: true,
  },
  givenName: {
    path: { name: "name", subAttr: "givenName" },
    needs: "name.givenname",
    ops: STRING_OPS,
    constants: TEXTS,
    read: (r) => list(get(r["name"], "givenName")),
    refs: true,
  },
  familyName: {
    path: { name: "name", subAttr: "familyName" },
    needs: "name.familyname",
    ops: STRING_OPS,
    constants: TEXTS,
    read: (r) => list(get(r["name"], "familyName")),
    refs: true,
  },
  title: {
    path: { name: "title" },
    needs: "title",
    ops: STRING_OPS,
    constants: TEXTS,
    read: (r) => list(r["title"]),
    refs: true,
  },
  externalId: {
    path: { name: "externalId" },
    needs: "username",
    ops: STRING_OPS,
    constants: EXTERNAL_IDS,
    read: (r) => list(r["externalId"]),
    refs: true,
  },
  active: {
    path: { name: "active" },
    needs: "active",
    ops: ["eq"],
    constants: [true, false],
    read: () => [],
    refs: false,
  },
  emailValue: {
    path: { name: "emails", subAttr: "value" },
    needs: "emails",
    ops: STRING_OPS,
    constants: ["alice@example.com", "mail.test"],
    read: (r) => list(r["emails"]).map((e) => get(e, "value")),
    refs: true,
  },
  emailType: {
    path: { name: "emails", subAttr: "type" },
    needs: "emails",
    ops: ["eq"],
    constants: EMAIL_TYPES,
    read: () => [],
    refs: false,
  },
  employeeNumber: {
    path: { uri: ENTERPRISE, name: "employeeNumber" },
    needs: "enterprise:employeeNumber",
    ops: STRING_OPS,
    constants: NUMBERS,
    read: (r) => list(get(r[ENTERPRISE], "employeeNumber")),
    refs: true,
  },
  department: {
    path: { uri: ENTERPRISE, name: "department" },
    needs: "enterprise:department",
    ops: ["eq", "sw"],
    constants: TEXTS,
    read: (r) => list(get(r[ENTERPRISE], "department")),
    refs: true,
  },
};

/** Sub-attributes usable inside `emails[…]`. */
export const ELEMENT_ATTRS: Readonly<Record<string, AttrSpec>> = {
  value: {
    path: { name: "value" },
    needs: "emails",
    ops: STRING_OPS,
    constants: ["alice@example.com"],
    read: (e) => list(e["value"]),
    refs: true,
  },
  type: {
    path: { name: "type" },
    needs: "emails",
    ops: ["eq"],
    constants: EMAIL_TYPES,
    read: () => [],
    refs: false,
  },
  primary: {
    path: { name: "primary" },
    needs: "emails",
    ops: ["eq"],
    constants: [true],
    read: () => [],
    refs: false,
  },
};

/** `a` weighted `heavy` when `favoured(a)`, else 1. */
const weighted = <T>(values: readonly T[], favoured: (v: T) => boolean, heavy: number): fc.Arbitrary<T> =>
  fc.oneof(...values.map((v) => ({ weight: favoured(v) ? heavy : 1, arbitrary: fc.constant(v) })));

const transform = weighted<Transform>(
  ["same", "upper", "lower", "head", "tail", "middle"],
  (t) => t === "upper" || t === "lower" || t === "same",
  2,
);

function leaf(attrs: Readonly<Record<string, AttrSpec>>, keys: readonly string[]): fc.Arbitrary<Template> {
  const compare = weighted(keys, (k) => k === "userName", 4).chain((attr) => {
    const spec = attrs[attr]!;
    const constant = fc.constantFrom(...spec.constants).map((value): Lit => ({ kind: "const", value }));
    const ref = fc.record({ kind: fc.constant("ref" as const), user: fc.nat({ max: 5 }), transform });
    const lit: fc.Arbitrary<Lit> = spec.refs
      ? fc.oneof({ weight: 3, arbitrary: ref }, { weight: 1, arbitrary: constant })
      : constant;
    return fc.record({
      kind: fc.constant("compare" as const),
      attr: fc.constant(attr),
      op: weighted(spec.ops, (o) => o === "eq", 3),
      lit,
    });
  });
  const present = fc.constantFrom(...keys).map((attr): Template => ({ kind: "present", attr }));
  return fc.oneof({ weight: 4, arbitrary: compare }, { weight: 1, arbitrary: present });
}

/** Filter templates of depth ≤ 3 over the attributes the target declares. */
export function filterTemplate(
  declares: (name: string) => boolean,
  enterprise: (name: string) => boolean,
): fc.Arbitrary<Template> {
  const ok = (spec: AttrSpec) =>
    spec.needs.startsWith("enterprise:") ? enterprise(spec.needs.slice(11)) : declares(spec.needs);
  const keys = Object.keys(FILTER_ATTRS).filter((k) => ok(FILTER_ATTRS[k]!));
  const elementKeys = declares("emails") ? Object.keys(ELEMENT_ATTRS) : [];
  const element = elementKeys.length === 0 ? undefined : leaf(ELEMENT_ATTRS, elementKeys);
  const elementFilter =
    element === undefined
      ? undefined
      : fc.oneof(
          element,
          fc.tuple(element, element).map(([left, right]): Template => ({ kind: "and", left, right })),
        );
  const { node } = fc.letrec<{ node: Template }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 3, depthSize: "small", withCrossShrink: true },
      { weight: 3, arbitrary: leaf(FILTER_ATTRS, keys) },
      // Entra's matching query, `userName eq` with the value in any case [S1] §1.4, weighted up.
      {
        weight: 2,
        arbitrary: fc
          .record({
            user: fc.nat({ max: 5 }),
            transform: fc.constantFrom<Transform>("same", "upper", "lower"),
          })
          .map(({ user, transform }): Template => ({
            kind: "compare",
            attr: "userName",
            op: "eq",
            lit: { kind: "ref", user, transform },
          })),
      },
      fc.tuple(tie("node"), tie("node")).map(([left, right]): Template => ({ kind: "and", left, right })),
      fc.tuple(tie("node"), tie("node")).map(([left, right]): Template => ({ kind: "or", left, right })),
      tie("node").map((filter): Template => ({ kind: "not", filter })),
      ...(elementFilter === undefined
        ? []
        : [elementFilter.map((filter): Template => ({ kind: "emails", filter }))]),
    ),
  }));
  return node;
}

function applyTransform(value: string, how: Transform, prefix: string): string {
  const prefixed = value.startsWith(prefix);
  const s = prefixed ? value.slice(prefix.length) : value;
  const half = Math.ceil(s.length / 2);
  switch (how) {
    case "upper":
      return (prefixed ? prefix : "") + s.toUpperCase();
    case "lower":
      return (prefixed ? prefix : "") + s.toLowerCase();
    case "head":
      return (prefixed ? prefix : "") + s.slice(0, half);
    case "tail":
      return s.slice(s.length - half);
    case "middle":
      return s.length > 2 ? s.slice(1, -1) : s;
    default:
      return value;
  }
}

/** Resolves a template against the population (the resources as the target returned them). */
export function resolveTemplate(
  t: Template,
  population: readonly Json[],
  prefix: string,
  attrs = FILTER_ATTRS,
): FilterNode {
  switch (t.kind) {
    case "and":
    case "or":
      return {
        kind: t.kind,
        left: resolveTemplate(t.left, population, prefix, attrs),
        right: resolveTemplate(t.right, population, prefix, attrs),
      };
    case "not":
      return { kind: "not", filter: resolveTemplate(t.filter, population, prefix, attrs) };
    case "emails":
      return {
        kind: "valuePath",
        path: { name: "emails" },
        filter: resolveTemplate(t.filter, population, prefix, ELEMENT_ATTRS),
      };
    case "present":
      return { kind: "present", path: { ...attrs[t.attr]!.path } };
    case "compare": {
      const spec = attrs[t.attr]!;
      let value: string | boolean = "zz";
      if (t.lit.kind === "const") value = t.lit.value;
      else if (population.length > 0) {
        const source =
          attrs === ELEMENT_ATTRS
            ? list(population[t.lit.user % population.length]!["emails"])[0]
            : population[t.lit.user % population.length];
        const found = spec
          .read((source ?? {}) as Json)
          .find((v): v is string => typeof v === "string" && v !== "");
        if (found !== undefined) value = applyTransform(found, t.lit.transform, prefix) || found;
      }
      return { kind: "compare", path: { ...spec.path }, op: t.op, value };
    }
  }
}
