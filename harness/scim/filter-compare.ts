/**
 * Schema-aware comparison of one attribute value with a filter literal (RFC 7644 §3.4.2.2), shared by
 * `evaluateFilter` and PATCH value matching.
 *
 * Rules (our reading of §3.4.2.2 where it is silent):
 * - string and reference attributes compare case-insensitively unless `caseExact` (RFC 7643 §2.2);
 *   `gt`/`ge`/`lt`/`le` are lexicographic on UTF-16 code units after that case folding. A userName is
 *   PRECIS-prepared first, both the value and the literal (RFC 7644 §5, §7.8; `precis.ts`): width
 *   mapping and NFC, so that `userName eq` matches every spelling of the same prepared name.
 * - binary values are compared exactly (base64 is case-sensitive) and support only `eq`/`ne`/`co`/`sw`/`ew`.
 * - integer and decimal compare numerically; dateTime values compare as instants (a value without a time
 *   zone is read as UTC), so `2011-05-13T04:42:34Z` equals `2011-05-13T04:42:34.000+00:00`.
 * - A literal of the wrong JSON type for `eq`/`ne` simply does not match (`active eq "true"` is false).
 * - Invalid combinations, decided from the schema alone so that errors never depend on the data, are
 *   `ScimError(400, "invalidFilter")`: any comparison of a complex attribute without a `value`
 *   sub-attribute; `gt`/`ge`/`lt`/`le` on boolean or binary (§3.4.2.2 says so) or with a literal of the
 *   wrong type; `co`/`sw`/`ew` on anything but string, reference and binary, or with a non-string
 *   literal; `null` with anything but `eq`/`ne`; a dateTime attribute compared with a string that is not
 *   an `xsd:dateTime`.
 */
import type { CompareOperator, FilterLiteral } from "./filter-ast.ts";
import type { AttributeDefinition } from "./schema-types.ts";
import { isUserNameAttribute, prepareUserName } from "./precis.ts";
import { ScimError } from "./scim-error.ts";
import { isXsdDateTime } from "./xsd-date-time.ts";

type ValueKind = "string" | "binary" | "number" | "boolean" | "dateTime" | "complex";

function kindOf(def: AttributeDefinition): ValueKind {
  switch (def.type) {
    case "string":
    case "reference":
      return "string";
    case "integer":
    case "decimal":
      return "number";
    default:
      return def.type;
  }
}

/** An instant with sub-millisecond digits kept as a string, so that precision is never lost. */
export interface Instant {
  ms: number;
  /** Fraction digits beyond the millisecond, without trailing zeros. */
  sub: string;
}

const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))?$/;

/** Parses an `xsd:dateTime` (RFC 7643 §2.3.5) into an instant; undefined when it is not one. */
export function parseInstant(text: string): Instant | undefined {
  if (!isXsdDateTime(text)) return undefined;
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [, y = "", mo = "", d = "", h = "", mi = "", s = "", frac = "", , sign, zh = "0", zm = "0"] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.slice(0, 3).padEnd(3, "0")));
  const offset = sign === undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  return { ms: date.getTime() - offset, sub: frac.slice(3).replace(/0+$/, "") };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  const width = Math.max(a.sub.length, b.sub.length);
  const x = a.sub.padEnd(width, "0");
  const y = b.sub.padEnd(width, "0");
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Where RFC 7644 §3.4.2.2 and RFC 7643 §2.2 leave a string comparison open, the reading a server may take
 * (every one is allowed, see `READINGS` in filter-evaluate.ts):
 * - `fold`: how a `caseExact: false` value loses its case. RFC 7643 §2.2 says only that such a comparison
 *   is case-insensitive, not whether case is folded over all of Unicode (`lower`, `upper`) or over ASCII.
 * - `collation`: the order of `gt`/`ge`/`lt`/`le` on strings. §3.4.2.2 says "lexicographically" without an
 *   alphabet: UTF-16 code units, code points, or the root locale's collation.
 * - `dateTimeEq`: `eq` on a dateTime. §3.4.2.2 orders dateTimes "chronologically" but says of `eq` only that
 *   "the attribute and operator values must be identical": the same instant (`instant`), or the same text
 *   (`text`, so `…T12:00:00Z` is not `…T17:30:00+05:30`).
 */
export interface CompareReading {
  fold: "lower" | "upper" | "ascii";
  collation: "units" | "points" | "locale";
  dateTimeEq: "instant" | "text";
}

/** The reading `evaluateFilter` and PATCH matching use. */
export const DEFAULT_READING: CompareReading = { fold: "lower", collation: "units", dateTimeEq: "instant" };

const ASCII_UPPER = /[A-Z]+/g;

function fold(def: AttributeDefinition, s: string, how: CompareReading["fold"]): string {
  // userName is PRECIS-prepared first (RFC 7644 §5, §7.8; see precis.ts); the case reading applies after.
  if (isUserNameAttribute(def)) {
    if (def.caseExact || how === "lower") return prepareUserName(s, def.caseExact);
    s = prepareUserName(s, true);
  } else if (def.caseExact || def.type === "binary") return s;
  if (how === "upper") return s.toUpperCase();
  if (how === "ascii") return s.replace(ASCII_UPPER, (m) => m.toLowerCase());
  return s.toLowerCase();
}

const ROOT_COLLATOR = new Intl.Collator("und");

function collate(a: string, b: string, how: CompareReading["collation"]): number {
  if (a === b) return 0;
  if (how === "locale") return ROOT_COLLATOR.compare(a, b);
  if (how === "points") {
    const x = [...a].map((c) => c.codePointAt(0) ?? 0);
    const y = [...b].map((c) => c.codePointAt(0) ?? 0);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  }
  return a < b ? -1 : 1;
}

const ORDERING: ReadonlySet<CompareOperator> = new Set(["gt", "ge", "lt", "le"]);
const SUBSTRING: ReadonlySet<CompareOperator> = new Set(["co", "sw", "ew"]);

/**
 * Throws `ScimError(400, "invalidFilter")` when `path op literal` is not a valid comparison for an
 * attribute with definition `def` (see the module comment). `def` is the attribute actually compared:
 * for a complex attribute the caller passes its `value` sub-attribute, or the complex definition when
 * it has none.
 */
export function checkComparison(
  def: AttributeDefinition,
  op: CompareOperator,
  literal: FilterLiteral,
  where: string,
): void {
  const kind = kindOf(def);
  const fail = (why: string): never => {
    throw new ScimError(400, "invalidFilter", `Filter on "${where}": ${why}`);
  };
  if (kind === "complex")
    fail(`"${op}" cannot compare a complex attribute that has no "value" sub-attribute`);
  if (literal === null) {
    if (op !== "eq" && op !== "ne")
      fail(`"${op} null" is meaningless; only "eq null" and "ne null" are allowed`);
    return;
  }
  if (SUBSTRING.has(op)) {
    if (kind !== "string" && kind !== "binary")
      fail(`"${op}" applies only to string attributes, not ${def.type}`);
    if (typeof literal !== "string") fail(`"${op}" needs a string literal`);
    return;
  }
  if (ORDERING.has(op)) {
    if (kind === "boolean" || kind === "binary") {
      fail(`"${op}" on a ${def.type} attribute is not allowed (RFC 7644 §3.4.2.2)`);
    }
    const wanted = kind === "number" ? "number" : "string";
    if (typeof literal !== wanted) fail(`"${op}" on a ${def.type} attribute needs a ${wanted} literal`);
  }
  if (kind === "dateTime" && typeof literal === "string" && parseInstant(literal) === undefined) {
    fail(`${JSON.stringify(literal)} is not an xsd:dateTime (RFC 7643 §2.3.5)`);
  }
}

function order(op: CompareOperator, c: number): boolean {
  switch (op) {
    case "gt":
      return c > 0;
    case "ge":
      return c >= 0;
    case "lt":
      return c < 0;
    case "le":
      return c <= 0;
    default:
      return c === 0;
  }
}

/**
 * Does one value satisfy `op literal`? Only for combinations `checkComparison` accepted, with `op` not
 * `ne` (the caller negates `eq`) and `literal` not null. Never throws; a value of an unexpected JSON type
 * does not match.
 */
export function compareValue(
  def: AttributeDefinition,
  op: CompareOperator,
  actual: unknown,
  literal: FilterLiteral,
  reading: CompareReading = DEFAULT_READING,
): boolean {
  const kind = kindOf(def);
  if (kind === "number" || kind === "boolean") {
    if (typeof actual !== typeof literal || (kind === "number" && typeof actual !== "number")) return false;
    if (kind === "boolean") return op === "eq" && actual === literal;
    const a = actual as number;
    const b = literal as number;
    return order(op, a === b ? 0 : a < b ? -1 : 1);
  }
  if (typeof actual !== "string" || typeof literal !== "string") return false;
  if (kind === "dateTime") {
    if (op === "eq" && reading.dateTimeEq === "text") return actual === literal;
    const a = parseInstant(actual);
    const b = parseInstant(literal);
    return a !== undefined && b !== undefined && order(op, compareInstants(a, b));
  }
  const a = fold(def, actual, reading.fold);
  const b = fold(def, literal, reading.fold);
  switch (op) {
    case "co":
      return a.includes(b);
    case "sw":
      return a.startsWith(b);
    case "ew":
      return a.endsWith(b);
    case "eq":
      return a === b;
    default:
      return order(op, collate(a, b, reading.collation));
  }
}

/** Schema-aware equality of two attribute values (case per `caseExact`, dateTime as instants). */
export function valuesEqual(def: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (kindOf(def) === "complex" || a === null || b === null) return false;
  return compareValue(def, "eq", a, b as FilterLiteral);
}
