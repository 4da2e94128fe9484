/**
 * Generated filter ASTs (RFC 7644 §3.4.2.2) over the attributes a target declares. Comparison values
 * are either constants or references to a member of the generated population ("the userName of user 2,
 * upper-cased"; "the meta.created of user 1, one second later"), resolved when the case runs, so filters
 * hit often, sit on boundaries (equal values, case variants, the same instant in another offset), and
 * still shrink independently.
 *
 * Attribute types (RFC 7643 §2.3) and where they come from in a User: string with caseExact false
 * (userName, displayName, name.*, title, nickName, emails.*, the enterprise attributes) and true (id,
 * externalId, RFC 7643 §3.1), boolean (active, emails.primary), dateTime (meta.created, meta.lastModified),
 * reference (profileUrl), binary (x509Certificates.value), complex with sub-attributes (name, emails,
 * x509Certificates, compared directly or through a `[…]` value filter), multi-valued (emails,
 * x509Certificates), and an attribute no schema declares. Every operator is generated on each; the
 * oracle (`allowedMatches`) says which combinations RFC 7644 §3.4.2.2 refuses.
 */
import fc from "fast-check";
import type { AttrPath, CompareOperator, FilterNode } from "../../harness/scim/filter-ast.ts";
import { COMPARE_OPERATORS } from "../../harness/scim/filter-ast.ts";
import { parseInstant } from "../../harness/scim/filter-compare.ts";
import type { Instant } from "../../harness/scim/filter-compare.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import { EMAIL_TYPES, EXTERNAL_IDS, NUMBERS, TEXTS, userSpec } from "./population.ts";
import type { UserSpec } from "./population.ts";

/**
 * How a referenced value becomes a literal: strings keep or change case or are cut (`head` for `sw`,
 * `tail` for `ew`, `middle` for `co`); dateTimes are the same instant written in another offset
 * (`offset`), or one second `later` / `earlier`.
 */
export type Transform =
  "same" | "upper" | "lower" | "head" | "tail" | "middle" | "offset" | "later" | "earlier";

/** A comparison value: a constant, or a value of a population member (index taken modulo its size). */
export type Lit =
  { kind: "const"; value: string | number | boolean } | { kind: "ref"; user: number; transform: Transform };

/**
 * A filter with symbolic values; `attr` keys `FILTER_ATTRS`, or `ELEMENT_ATTRS` inside `emails`. `urn`:
 * the path is written with the core schema URN (`urn:ietf:params:scim:schemas:core:2.0:User:userName`,
 * RFC 7644 §3.10), which names the same attribute.
 */
export type Template =
  | { kind: "compare"; attr: string; op: CompareOperator; lit: Lit; urn?: true }
  | { kind: "present"; attr: string; urn?: true }
  | { kind: "and" | "or"; left: Template; right: Template }
  | { kind: "not"; filter: Template }
  | { kind: "emails"; filter: Template };

type Json = Record<string, unknown>;

export interface AttrSpec {
  path: AttrPath;
  /**
   * The schema attribute `declares` must admit (lower-case dotted), or `enterprise:<name>`; undefined:
   * always there (the common attributes of RFC 7643 §3.1, or on purpose an attribute no schema declares).
   */
  needs?: string;
  /** The path may carry the core schema URN (a core schema attribute, not a common one). */
  urn?: boolean;
  /** How references become literals (default `STRING_TRANSFORMS`). */
  transforms?: readonly Transform[];
  ops: readonly CompareOperator[];
  constants: readonly (string | number | boolean)[];
  /** The values of this attribute in a resource, for references. */
  read(resource: Json): unknown[];
  /** Whether comparison values may reference population values (false: constants only). */
  refs: boolean;
  /** How often the attribute is picked relative to the others (default 1). */
  weight?: number;
}

const get = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null ? (o as Json)[key] : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const ALL_OPS: readonly CompareOperator[] = COMPARE_OPERATORS;
const STRING_TRANSFORMS: readonly Transform[] = ["same", "upper", "lower", "head", "tail", "middle"];
export const INSTANT_TRANSFORMS: readonly Transform[] = ["same", "offset", "later", "earlier"];
/** Numbers: the same value, or one more (`later`) or one less (`earlier`). */
export const NUMBER_TRANSFORMS: readonly Transform[] = ["same", "later", "earlier"];
const ENTERPRISE = SCHEMA_ENTERPRISE_USER;

/**
 * Texts using every character class the JSON string grammar allows (RFC 8259 §7): the two characters
 * that must be escaped (`"`, `\`), `/`, the controls with short escapes (\b \f \n \r \t) and without
 * (U+0001, U+001F), non-ASCII (Latin, CJK, the line separator U+2028), a surrogate pair, and case
 * variants of one text (`caseExact` false compares them equal, RFC 7643 §2.2).
 */
export const JSON_TEXTS = [
  'say "hi"',
  "back\\slash",
  "a/b/c",
  "bell\b ff\f",
  "line\nbreak\r",
  "tab\tbed",
  "ctl\u0001\u001f",
  "Ünïcödé",
  "ÜNÏCÖDÉ",
  "漢字",
  "ls\u2028ps\u2029",
  "smile 😀 pair",
  "SMILE 😀 PAIR",
] as const;

/** Base64 values (RFC 7643 §2.3.6: binary is case exact): two differ only in case. */
export const CERTIFICATES = ["TUlJQ2l6Q0NB", "tuljq2l6q0nb", "QUJD+/9="] as const;

/** Top-level filterable attributes, each with every operator (the oracle knows which RFC 7644 refuses). */
export const FILTER_ATTRS: Readonly<Record<string, AttrSpec>> = {
  userName: {
    path: { name: "userName" },
    needs: "username",
    urn: true,
    ops: ALL_OPS,
    constants: ["zz"],
    read: (r) => list(r["userName"]),
    refs: true,
  },
  displayName: {
    path: { name: "displayName" },
    needs: "displayname",
    urn: true,
    ops: ALL_OPS,
    constants: TEXTS,
    read: (r) => list(r["displayName"]),
    refs: true,
  },
  givenName: {
    path: { name: "name", subAttr: "givenName" },
    needs: "name.givenname",
    urn: true,
    ops: ALL_OPS,
    constants: TEXTS,
    read: (r) => list(get(r["name"], "givenName")),
    refs: true,
  },
  familyName: {
    path: { name: "name", subAttr: "familyName" },
    needs: "name.familyname",
    urn: true,
    ops: ALL_OPS,
    constants: TEXTS,
    read: (r) => list(get(r["name"], "familyName")),
    refs: true,
  },
  title: {
    path: { name: "title" },
    needs: "title",
    urn: true,
    ops: ALL_OPS,
    constants: TEXTS,
    read: (r) => list(r["title"]),
    refs: true,
  },
  nickName: {
    path: { name: "nickName" },
    needs: "nickname",
    urn: true,
    ops: ALL_OPS,
    constants: JSON_TEXTS,
    read: (r) => list(r["nickName"]),
    refs: true,
  },
  profileUrl: {
    path: { name: "profileUrl" },
    needs: "profileurl",
    urn: true,
    ops: ALL_OPS,
    constants: ["https://example.com/"],
    read: (r) => list(r["profileUrl"]),
    refs: true,
  },
  externalId: {
    path: { name: "externalId" },
    needs: "username",
    ops: ALL_OPS,
    constants: EXTERNAL_IDS,
    read: (r) => list(r["externalId"]),
    refs: true,
  },
  id: {
    path: { name: "id" },
    ops: ALL_OPS,
    constants: ["zz"],
    read: (r) => list(r["id"]),
    refs: true,
  },
  active: {
    path: { name: "active" },
    needs: "active",
    urn: true,
    ops: ALL_OPS,
    constants: [true, false],
    read: () => [],
    refs: false,
  },
  created: {
    path: { name: "meta", subAttr: "created" },
    ops: ALL_OPS,
    constants: ["2000-01-01T00:00:00Z", "2999-12-31T23:59:59.999+14:00"],
    read: (r) => list(get(r["meta"], "created")),
    refs: true,
    transforms: INSTANT_TRANSFORMS,
  },
  lastModified: {
    path: { name: "meta", subAttr: "lastModified" },
    ops: ALL_OPS,
    constants: ["2000-01-01T00:00:00Z"],
    read: (r) => list(get(r["meta"], "lastModified")),
    refs: true,
    transforms: INSTANT_TRANSFORMS,
  },
  emails: {
    path: { name: "emails" },
    needs: "emails",
    urn: true,
    ops: ALL_OPS,
    constants: ["alice@example.com", "mail.test"],
    read: (r) => list(r["emails"]).map((e) => get(e, "value")),
    refs: true,
  },
  emailValue: {
    path: { name: "emails", subAttr: "value" },
    needs: "emails",
    urn: true,
    ops: ALL_OPS,
    constants: ["alice@example.com", "mail.test"],
    read: (r) => list(r["emails"]).map((e) => get(e, "value")),
    refs: true,
  },
  emailType: {
    path: { name: "emails", subAttr: "type" },
    needs: "emails",
    urn: true,
    ops: ["eq", "ne", "sw"],
    constants: EMAIL_TYPES,
    read: () => [],
    refs: false,
  },
  emailPrimary: {
    path: { name: "emails", subAttr: "primary" },
    needs: "emails",
    ops: ["eq", "ne", "gt"],
    constants: [true, false],
    read: () => [],
    refs: false,
  },
  certificate: {
    path: { name: "x509Certificates", subAttr: "value" },
    needs: "x509certificates",
    urn: true,
    ops: ALL_OPS,
    constants: CERTIFICATES,
    read: (r) => list(r["x509Certificates"]).map((e) => get(e, "value")),
    refs: true,
  },
  employeeNumber: {
    path: { uri: ENTERPRISE, name: "employeeNumber" },
    needs: "enterprise:employeeNumber",
    ops: ALL_OPS,
    constants: NUMBERS,
    read: (r) => list(get(r[ENTERPRISE], "employeeNumber")),
    refs: true,
  },
  department: {
    path: { uri: ENTERPRISE, name: "department" },
    needs: "enterprise:department",
    ops: ALL_OPS,
    constants: TEXTS,
    read: (r) => list(get(r[ENTERPRISE], "department")),
    refs: true,
  },
  // No schema declares it: RFC 7644 §3.4.2.2 does not say how it is answered (400, or no value).
  undeclared: {
    path: { name: "scimhUndeclared" },
    ops: ["eq", "ne"],
    constants: ["x"],
    read: () => [],
    refs: false,
  },
};

/** Sub-attributes usable inside `emails[…]`. */
export const ELEMENT_ATTRS: Readonly<Record<string, AttrSpec>> = {
  value: {
    path: { name: "value" },
    needs: "emails",
    ops: ALL_OPS,
    constants: ["alice@example.com"],
    read: (e) => list(e["value"]),
    refs: true,
  },
  type: {
    path: { name: "type" },
    needs: "emails",
    ops: ["eq", "ne", "co"],
    constants: EMAIL_TYPES,
    read: () => [],
    refs: false,
  },
  primary: {
    path: { name: "primary" },
    needs: "emails",
    ops: ["eq", "ne"],
    constants: [true, false],
    read: () => [],
    refs: false,
  },
};

/** Attributes a generated user may carry beyond `UserSpec` (filter property only). */
export interface FilterExtras {
  nickName?: string;
  profileUrl?: string;
  certificates?: string[];
  /** Extension attributes (typed-attributes.ts): schema URN → attribute name → value. */
  typed?: Record<string, Record<string, unknown>>;
}

/** A user of the filter property: the shared `UserSpec` and the extras. */
export interface FilterUserSpec {
  user: UserSpec;
  extras: FilterExtras;
}

/** Users over the attributes `declares` admits, with the JSON-grammar texts, a profile URL and certificates. */
export function filterUserSpec(
  declares: (name: string) => boolean,
  enterprise: (name: string) => boolean,
  typed: fc.Arbitrary<FilterExtras["typed"]> = fc.constant(undefined),
): fc.Arbitrary<FilterUserSpec> {
  const maybe = <T>(arb: fc.Arbitrary<T>, keep: boolean) =>
    keep ? fc.option(arb, { nil: undefined, freq: 3 }) : fc.constant(undefined);
  return fc.record({
    user: userSpec(declares, enterprise),
    extras: fc
      .record({
        nickName: maybe(fc.constantFrom(...JSON_TEXTS), declares("nickName")),
        profileUrl: maybe(
          fc.constantFrom("https://example.com/~u/Ü", "HTTPS://EXAMPLE.COM/~U/ü", "urn:x:y"),
          declares("profileUrl"),
        ),
        certificates: maybe(
          fc.uniqueArray(fc.constantFrom(...CERTIFICATES), { minLength: 1, maxLength: 2 }),
          declares("x509Certificates"),
        ),
        typed,
      })
      .map((extras) => {
        const out: FilterExtras = {};
        for (const key of ["nickName", "profileUrl", "certificates", "typed"] as const)
          if (extras[key] !== undefined) (out as Record<string, unknown>)[key] = extras[key];
        return out;
      }),
  });
}

/** Adds the extras to a user body (RFC 7643 §4.1.1 nickName, profileUrl; §4.1.2 x509Certificates). */
export function withExtras(body: Json, extras: FilterExtras): Json {
  const out = { ...body };
  if (extras.nickName !== undefined) out["nickName"] = extras.nickName;
  if (extras.profileUrl !== undefined) out["profileUrl"] = extras.profileUrl;
  if (extras.certificates !== undefined)
    out["x509Certificates"] = extras.certificates.map((value) => ({ value }));
  for (const [uri, values] of Object.entries(extras.typed ?? {})) {
    out["schemas"] = [...((out["schemas"] as string[] | undefined) ?? []), uri];
    out[uri] = { ...values };
  }
  return out;
}

/** `a` weighted `heavy` when `favoured(a)`, else 1. */
const weighted = <T>(values: readonly T[], favoured: (v: T) => boolean, heavy: number): fc.Arbitrary<T> =>
  fc.oneof(...values.map((v) => ({ weight: favoured(v) ? heavy : 1, arbitrary: fc.constant(v) })));

/** Case variants and the same instant in another offset are where servers differ: weighted up. */
const transformOf = (transforms: readonly Transform[]) =>
  fc.oneof(
    ...transforms.map((t) => ({
      weight: t === "upper" || t === "lower" || t === "offset" ? 4 : t === "same" ? 2 : 1,
      arbitrary: fc.constant(t),
    })),
  );
/** Adds the core schema URN to a path now and then (`urn:…:User:userName`, RFC 7644 §3.10). */
const urnFlag = (spec: AttrSpec) =>
  spec.urn === true
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constant({ urn: true as const }) },
      )
    : fc.constant({});

function leaf(attrs: Readonly<Record<string, AttrSpec>>, keys: readonly string[]): fc.Arbitrary<Template> {
  // Unweighted attributes keep the plain draw (and with it the cases every seed gave before weights).
  const key = keys.every((k) => attrs[k]!.weight === undefined)
    ? fc.constantFrom(...keys)
    : fc.oneof(...keys.map((k) => ({ weight: attrs[k]!.weight ?? 1, arbitrary: fc.constant(k) })));
  const compare = key.chain((attr) => {
    const spec = attrs[attr]!;
    const constant = fc.constantFrom(...spec.constants).map((value): Lit => ({ kind: "const", value }));
    const ref = fc.record({
      kind: fc.constant("ref" as const),
      user: fc.nat({ max: 5 }),
      transform: transformOf(spec.transforms ?? STRING_TRANSFORMS),
    });
    const lit: fc.Arbitrary<Lit> = spec.refs
      ? fc.oneof({ weight: 3, arbitrary: ref }, { weight: 1, arbitrary: constant })
      : constant;
    return fc
      .tuple(
        weighted(spec.ops, (o) => o === "eq", 3),
        lit,
        urnFlag(spec),
      )
      .map(([op, lit, urn]): Template => ({ kind: "compare", attr, op, lit, ...urn }));
  });
  const present = fc
    .constantFrom(...keys)
    .chain((attr) => urnFlag(attrs[attr]!).map((urn): Template => ({ kind: "present", attr, ...urn })));
  return fc.oneof({ weight: 4, arbitrary: compare }, { weight: 1, arbitrary: present });
}

/** Filter templates of depth ≤ 3 over the attributes the target declares. */
export function filterTemplate(
  declares: (name: string) => boolean,
  enterprise: (name: string) => boolean,
  extra: Readonly<Record<string, AttrSpec>> = {},
): fc.Arbitrary<Template> {
  const ok = (spec: AttrSpec) =>
    spec.needs === undefined ||
    (spec.needs.startsWith("enterprise:") ? enterprise(spec.needs.slice(11)) : declares(spec.needs));
  const attrs = { ...FILTER_ATTRS, ...extra };
  const keys = Object.keys(attrs).filter((k) => ok(attrs[k]!));
  const elementKeys = declares("emails") ? Object.keys(ELEMENT_ATTRS) : [];
  const element = elementKeys.length === 0 ? undefined : leaf(ELEMENT_ATTRS, elementKeys);
  const elementFilter =
    element === undefined
      ? undefined
      : fc.oneof(
          element,
          fc.tuple(element, element).map(([left, right]): Template => ({ kind: "and", left, right })),
          fc.tuple(element, element).map(([left, right]): Template => ({ kind: "or", left, right })),
          element.map((filter): Template => ({ kind: "not", filter })),
        );
  const { node } = fc.letrec<{ node: Template }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 3, depthSize: "small", withCrossShrink: true },
      { weight: 3, arbitrary: leaf(attrs, keys) },
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

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Writes an instant as an xsd:dateTime in the offset `minutes` east of UTC, keeping every digit. */
function writeInstant(instant: Instant, minutes: number): string {
  const d = new Date(instant.ms + minutes * 60_000);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const fraction = `${pad(d.getUTCMilliseconds(), 3)}${instant.sub}`;
  const sign = minutes < 0 ? "-" : "+";
  const zone =
    minutes === 0 ? "Z" : `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  return `${date}T${time}.${fraction}${zone}`;
}

/** A referenced number as it is (`same`), one more (`later`) or one less (`earlier`). */
const shiftNumber = (n: number, how: Transform): number =>
  how === "later" ? n + 1 : how === "earlier" ? n - 1 : n;

function applyTransform(value: string, how: Transform, prefix: string): string {
  if (how === "offset" || how === "later" || how === "earlier") {
    const instant = parseInstant(value);
    if (instant === undefined) return value;
    if (how === "offset") return writeInstant(instant, 5 * 60 + 30);
    return writeInstant({ ...instant, ms: instant.ms + (how === "later" ? 1000 : -1000) }, 0);
  }
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

/** The path of a leaf, with the core schema URN when the template asks for it. */
function pathOf(spec: AttrSpec, urn: true | undefined, coreUri: string): AttrPath {
  return urn === true && spec.path.uri === undefined ? { uri: coreUri, ...spec.path } : { ...spec.path };
}

/** Resolves a template against the population (the resources as the target returned them). */
export function resolveTemplate(
  t: Template,
  population: readonly Json[],
  prefix: string,
  attrs = FILTER_ATTRS,
  coreUri = SCHEMA_USER,
): FilterNode {
  switch (t.kind) {
    case "and":
    case "or":
      return {
        kind: t.kind,
        left: resolveTemplate(t.left, population, prefix, attrs, coreUri),
        right: resolveTemplate(t.right, population, prefix, attrs, coreUri),
      };
    case "not":
      return { kind: "not", filter: resolveTemplate(t.filter, population, prefix, attrs, coreUri) };
    case "emails":
      return {
        kind: "valuePath",
        path: { name: "emails" },
        filter: resolveTemplate(t.filter, population, prefix, ELEMENT_ATTRS, coreUri),
      };
    case "present":
      return { kind: "present", path: pathOf(attrs[t.attr]!, t.urn, coreUri) };
    case "compare": {
      const spec = attrs[t.attr]!;
      let value: string | number | boolean = "zz";
      if (t.lit.kind === "const") value = t.lit.value;
      else if (population.length > 0) {
        const source =
          attrs === ELEMENT_ATTRS
            ? list(population[t.lit.user % population.length]!["emails"])[0]
            : population[t.lit.user % population.length];
        const found = spec
          .read((source ?? {}) as Json)
          .find((v): v is string | number => (typeof v === "string" && v !== "") || typeof v === "number");
        if (typeof found === "number") value = shiftNumber(found, t.lit.transform);
        else if (found !== undefined) value = applyTransform(found, t.lit.transform, prefix) || found;
        else if (spec.transforms === INSTANT_TRANSFORMS) value = "2000-01-01T00:00:00Z";
        else if (spec.transforms === NUMBER_TRANSFORMS) value = 0;
      }
      return { kind: "compare", path: pathOf(spec, t.urn, coreUri), op: t.op, value };
    }
  }
}
