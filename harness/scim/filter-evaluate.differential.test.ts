/**
 * Differential test of the filter evaluator (RFC 7644 §3.4.2.2) against scim2-parse-filter 0.2.10, an
 * independent implementation, on seeded fast-check filters and users. Both parse the same printed text.
 *
 * The generated domain avoids the documented divergences below (lower-case strings only, every attribute
 * with a non-empty value, booleans only with eq / ne / pr, dateTimes in one fixed format, no `and` inside
 * brackets); each divergence has its own test that shows it, so the table stays true. Where ours differs
 * it is the RFC's reading, or the RFC is open (D5); F1 was a bug in ours, fixed.
 *
 * | # | Case | scim-harness (RFC) | scim2-parse-filter | RFC citation |
 * |---|------|--------------------|--------------------|--------------|
 * | D1 | `userName eq "BJensen"` on `bjensen` | match: caseExact false → case-insensitive | no match (`===`) | RFC 7644 §3.4.2.2 ("caseExact" governs string comparison), RFC 7643 §2.2 / §4.1.1 (userName caseExact false) |
 * | D2 | `title pr` on `""`, `emails pr` on `[]` | no match | match (`!== undefined`) | RFC 7644 §3.4.2.2 pr: "non-empty value" |
 * | D3 | `active gt true` | 400 invalidFilter | evaluates `true > true` | RFC 7644 §3.4.2.2: gt/ge/lt/le on Boolean "SHALL cause a failed response (HTTP status code 400) with scimType invalidFilter" |
 * | D5 | `title ne "x"` on a user without title | match | no match | RFC 7644 §3.4.2.2 defines ne as "The attribute and operator values are not identical" and says nothing of a missing attribute: open, both readings are allowed |
 * | D6 | `emails[value eq "a" and primary eq true]` where one email has value a and another is primary | no match | match (the terms are tested on the array, not on one record) | RFC 7644 §3.4.2.2: the expressions in brackets "MUST be applied to the same value of a parent attribute" |
 * | F1 | `emails.type ne "work"` on a work and a home email | was no match (`ne` as `not eq`); fixed: match | match | RFC 7644 §3.4.2.2: a multi-valued attribute matches "if any of the values ... match the specified criterion" |
 * | D4 | `meta.lastModified gt "2024-01-01T01:00:00+01:00"` vs `…T00:30:00Z` | compares instants (00:30Z is after 00:00Z) | compares strings | RFC 7644 §3.4.2.2 gt on DateTime: "the attribute value is chronologically after" |
 */
import fc from "fast-check";
import { filter as theirFilter, parse as theirParse } from "scim2-parse-filter";
import { describe, expect, it } from "vitest";
import type { AttrPath, CompareOperator, FilterLiteral, FilterNode } from "./filter-ast.ts";
import { evaluateFilter } from "./filter-evaluate.ts";
import { parseFilter } from "./filter-parser.ts";
import { printFilter } from "./filter-print.ts";
import { isScimError } from "./scim-error.ts";
import { USER_RESOURCE_TYPE } from "./schemas.ts";

const WORDS = ["a", "ab", "b", "ba", "abc", "work", "home"] as const;
const TIMES = ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-06-30T12:00:00Z"] as const;

type Kind = "string" | "boolean" | "dateTime";
const STRING_PATHS: readonly AttrPath[] = [
  { name: "userName" },
  { name: "displayName" },
  { name: "title" },
  { name: "externalId" },
  { name: "name", subAttr: "givenName" },
  { name: "emails", subAttr: "value" },
  { name: "emails", subAttr: "type" },
];
const BOOLEAN_PATHS: readonly AttrPath[] = [{ name: "active" }, { name: "emails", subAttr: "primary" }];
const TIME_PATHS: readonly AttrPath[] = [{ name: "meta", subAttr: "lastModified" }];

const ORDERING: readonly CompareOperator[] = ["gt", "ge", "lt", "le"];
const STRING_OPS: readonly CompareOperator[] = ["eq", "ne", "co", "sw", "ew", ...ORDERING];

function comparison(kind: Kind, paths: readonly AttrPath[]): fc.Arbitrary<FilterNode> {
  const path = fc.constantFrom(...paths);
  const op: fc.Arbitrary<CompareOperator> =
    kind === "boolean"
      ? fc.constantFrom("eq", "ne")
      : kind === "dateTime"
        ? fc.constantFrom("eq", "ne", ...ORDERING)
        : fc.constantFrom(...STRING_OPS);
  const value: fc.Arbitrary<FilterLiteral> =
    kind === "boolean"
      ? fc.boolean()
      : kind === "dateTime"
        ? fc.constantFrom(...TIMES)
        : fc.constantFrom(...WORDS);
  return fc.record({ kind: fc.constant("compare" as const), path, op, value });
}

const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
  comparison("string", STRING_PATHS),
  comparison("boolean", BOOLEAN_PATHS),
  comparison("dateTime", TIME_PATHS),
  fc.record({
    kind: fc.constant("present" as const),
    path: fc.constantFrom(...STRING_PATHS, ...BOOLEAN_PATHS),
  }),
);

/** Inside `emails[…]`: paths relative to one email. */
const emailLeaf: fc.Arbitrary<FilterNode> = fc.oneof(
  comparison("string", [{ name: "value" }, { name: "type" }]),
  comparison("boolean", [{ name: "primary" }]),
);

const { filter } = fc.letrec<{ filter: FilterNode; inner: FilterNode }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constant("valuePath" as const),
      path: fc.constant({ name: "emails" }),
      filter: tie("inner"),
    }),
    fc.record({
      kind: fc.constantFrom("and" as const, "or" as const),
      left: tie("filter"),
      right: tie("filter"),
    }),
    fc.record({ kind: fc.constant("not" as const), filter: tie("filter") }),
  ),
  // No `and` inside brackets: scim2-parse-filter does not bind the terms to one record (D6).
  inner: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    emailLeaf,
    fc.record({ kind: fc.constant("or" as const), left: tie("inner"), right: tie("inner") }),
  ),
}));

const word = fc.constantFrom(...WORDS);
const user = fc.record(
  {
    userName: word,
    displayName: word,
    title: word,
    externalId: word,
    active: fc.boolean(),
    name: fc.record({ givenName: word }),
    emails: fc.array(fc.record({ value: word, type: word, primary: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
    meta: fc.record({ lastModified: fc.constantFrom(...TIMES) }),
  },
  // Every attribute has a value: `ne` on an attribute without one is D5.
);

function ours(text: string, resource: Record<string, unknown>): boolean | "invalidFilter" {
  try {
    return evaluateFilter(parseFilter(text), resource, USER_RESOURCE_TYPE);
  } catch (error) {
    if (isScimError(error) && error.scimType === "invalidFilter") return "invalidFilter";
    throw error;
  }
}

const theirs = (text: string, resource: Record<string, unknown>): boolean =>
  theirFilter(theirParse(text))(resource);

describe("filter evaluation: scim-harness vs scim2-parse-filter", () => {
  it("agree on generated filters and users (seeded)", () => {
    fc.assert(
      fc.property(filter, fc.array(user, { minLength: 1, maxLength: 4 }), (node, users) => {
        const text = printFilter(node);
        for (const u of users) expect([text, ours(text, u)]).toEqual([text, theirs(text, u)]);
      }),
      { seed: 14, numRuns: 600 },
    );
  });

  it("D1: string comparison follows caseExact (ours) / is always case-sensitive (theirs)", () => {
    const u = { userName: "bjensen" };
    expect(ours('userName eq "BJensen"', u)).toBe(true);
    expect(theirs('userName eq "BJensen"', u)).toBe(false);
  });

  it("D2: pr needs a non-empty value (ours) / any defined value (theirs)", () => {
    for (const [text, u] of [
      ["title pr", { title: "" }],
      ["emails pr", { emails: [] }],
    ] as const) {
      expect(ours(text, u)).toBe(false);
      expect(theirs(text, u)).toBe(true);
    }
  });

  it("D3: ordering on a boolean is invalidFilter (ours) / evaluated (theirs)", () => {
    expect(ours("active gt true", { active: true })).toBe("invalidFilter");
    expect(typeof theirs("active gt true", { active: true })).toBe("boolean");
  });

  it("D5: ne on an attribute without a value matches (ours) / does not (theirs); the RFC is open", () => {
    expect(ours('title ne "x"', { userName: "u" })).toBe(true);
    expect(theirs('title ne "x"', { userName: "u" })).toBe(false);
  });

  it("D6: the terms in brackets apply to one record (ours) / to the whole array (theirs)", () => {
    const u = { emails: [{ value: "a" }, { value: "b", primary: true }] };
    const text = 'emails[value eq "a" and primary eq true]';
    expect(ours(text, u)).toBe(false);
    expect(theirs(text, u)).toBe(true);
  });

  it("F1 (fixed in ours): ne on a multi-valued attribute matches when some value differs", () => {
    const u = {
      emails: [
        { value: "a", type: "work" },
        { value: "b", type: "home" },
      ],
    };
    expect(ours('emails.type ne "work"', u)).toBe(true);
    expect(theirs('emails.type ne "work"', u)).toBe(true);
    expect(ours('emails.type ne "work"', { emails: [{ value: "a", type: "work" }] })).toBe(false);
  });

  it("D4: dateTime ordering compares instants (ours) / strings (theirs)", () => {
    const u = { meta: { lastModified: "2024-01-01T00:30:00Z" } };
    const text = 'meta.lastModified gt "2024-01-01T01:00:00+01:00"';
    expect(ours(text, u)).toBe(true);
    expect(theirs(text, u)).toBe(false);
  });
});
