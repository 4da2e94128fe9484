import fc from "fast-check";
import { expect, it } from "vitest";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { scimFilter } from "../../harness/scim/filter-arbitrary.test-support.ts";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { mapFilter } from "../test-support/broken-filters.ts";
import { spellFilter, spellNumber, spellString } from "./filter-spelling.ts";
import type { Spelling } from "./filter-spelling.ts";

const spelling: fc.Arbitrary<Spelling> = fc.record({
  names: fc.constantFrom<Spelling["names"]>("as-is", "lower", "upper"),
  escapes: fc.constantFrom<Spelling["escapes"]>("json", "unicode", "all"),
  parens: fc.boolean(),
  numbers: fc.constantFrom<Spelling["numbers"]>("plain", "padded", "exponent"),
});

/** Attribute names are case-insensitive (RFC 7644 §3.4.2.2): compare them lower-cased. */
const lowerNames = (node: FilterNode): FilterNode =>
  mapFilter(node, (n) =>
    n.kind === "and" || n.kind === "or" || n.kind === "not"
      ? n
      : {
          ...n,
          path: {
            ...n.path,
            name: n.path.name.toLowerCase(),
            ...(n.path.subAttr === undefined ? {} : { subAttr: n.path.subAttr.toLowerCase() }),
          },
        },
  );

it("every spelling parses back to the same filter (names up to case)", () => {
  fc.assert(
    fc.property(scimFilter({ maxDepth: 4 }), spelling, (ast, s) => {
      expect(lowerNames(parseFilter(spellFilter(ast, s)))).toEqual(lowerNames(ast));
    }),
    { seed: 42, numRuns: 500 },
  );
});

it("writes fractions padded and in exponent form (RFC 8259 §6), each the same number; whole numbers plain", () => {
  expect([spellNumber(1.5, "padded"), spellNumber(1.5, "exponent"), spellNumber(10, "exponent")]).toEqual([
    "1.50",
    "1.5e+0",
    "10",
  ]);
  fc.assert(
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom("padded", "exponent" as const),
      (n, how) => {
        expect(JSON.parse(spellNumber(n, how))).toBe(n);
      },
    ),
    { seed: 7, numRuns: 300 },
  );
});

it("writes every escape of the JSON string grammar (RFC 8259 §7), and JSON.parse reads each back", () => {
  const text = 'q" b\\ s/ \b\f\n\r\t \u0001 é 漢 😀';
  expect(spellString(text, "json")).toBe(JSON.stringify(text));
  const unicode = spellString(text, "unicode");
  for (const escape of [
    '\\"',
    "\\\\",
    "\\/",
    "\\u0008",
    "\\u000c",
    "\\u000a",
    "\\u0001",
    "\\u00e9",
    "\\u6f22",
    "\\ud83d\\ude00",
  ])
    expect(unicode).toContain(escape);
  expect(spellString("ab", "all")).toBe('"\\u0061\\u0062"');
  // The run prefix is left as written, whatever the style.
  expect(spellString("scimh-x-ab/scimh-x-", "all", "scimh-x-")).toBe(
    '"scimh-x-\\u0061\\u0062\\u002fscimh-x-"',
  );
  for (const style of ["json", "unicode", "all"] as const)
    expect(JSON.parse(spellString(text, style))).toBe(text);
  fc.assert(
    fc.property(
      fc.string({ unit: "binary" }),
      fc.constantFrom("json", "unicode", "all" as const),
      fc.constantFrom(undefined, "a", "scimh-"),
      (s, style, raw) => {
        expect(JSON.parse(spellString(s, style, raw))).toBe(s);
      },
    ),
    { seed: 7, numRuns: 300 },
  );
});
