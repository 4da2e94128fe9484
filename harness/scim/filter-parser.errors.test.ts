import { expect, it } from "vitest";
import { MAX_FILTER_LENGTH, parseFilter } from "./filter-parser.ts";
import { isScimError } from "./scim-error.ts";

/** The error `parseFilter` throws, which must be ScimError 400 invalidFilter. */
function errorOf(filter: string): {
  status: number;
  scimType: string | undefined;
  detail: string | undefined;
} {
  try {
    parseFilter(filter);
  } catch (error) {
    if (!isScimError(error)) throw error;
    return { status: error.status, scimType: error.scimType, detail: error.detail };
  }
  throw new Error(`parseFilter accepted ${JSON.stringify(filter)}`);
}

it.each<[string, string, string]>([
  ["unknown operator", 'userName xx "a"', "Expected an operator at position 9"],
  ["missing operator", 'userName "bjensen"', "Expected an operator at position 9"],
  ["operator glued to pr", "title prand x pr", "Expected an operator at position 6"],
  ["unterminated string", 'userName eq "bjensen', "Unterminated string at position 12"],
  [
    "unquoted value",
    "userName eq bjensen",
    "Expected a value (a string, number, true, false or null) at position 12",
  ],
  [
    "pr with a value",
    'title pr "x"',
    "Unexpected value after 'pr' (the presence operator takes no value) at position 9",
  ],
  [
    "pr with a keyword value",
    "title pr true",
    "Unexpected value after 'pr' (the presence operator takes no value) at position 9",
  ],
  ["dangling and", "title pr and", "Expected an attribute path, '(' or 'not' at position 12 (end of input)"],
  ["dangling or in parens", "(a pr or )", "Expected an attribute path, '(' or 'not' at position 9"],
  ["unclosed paren", "(title pr", "Expected ')', 'and' or 'or' at position 9 (end of input)"],
  ["extra closing paren", "title pr)", "Unexpected ')' without a matching opening bracket at position 8"],
  ["empty parens", "()", "Expected an attribute path, '(' or 'not' at position 1"],
  ["unclosed bracket", 'emails[type eq "work"', "Expected ']', 'and' or 'or' at position 21 (end of input)"],
  [
    "extra closing bracket",
    'emails[type eq "work"]]',
    "Unexpected ']' without a matching opening bracket at position 22",
  ],
  ["paren closed by bracket", 'emails[(type eq "work"]', "Expected ')', 'and' or 'or' at position 22"],
  ["empty brackets", "emails[]", "Expected an attribute path, '(' or 'not' at position 7"],
  [
    "nested value path",
    'emails[type[value eq "x"] eq "y"]',
    "Unexpected '[': value paths cannot be nested (RFC 7644 §3.4.2.2) at position 11",
  ],
  [
    "value path on a sub-attribute",
    "name.familyName[value pr]",
    "A value path's attribute cannot have a sub-attribute before '[' at position 0",
  ],
  [
    "sub-attribute after a filter value path",
    'emails[type eq "work"].value eq "x"',
    "Expected 'and', 'or' or end of filter at position 22",
  ],
  ["not without parens", "not title pr", "Expected '(' after 'not' at position 4"],
  ["not at the end", "a pr and not", "Expected '(' after 'not' at position 12 (end of input)"],
  ["trailing garbage", "title pr xyz", "Expected 'and', 'or' or end of filter at position 9"],
  ["empty filter", "", "Expected an attribute path, '(' or 'not' at position 0 (end of input)"],
  ["blank filter", "   ", "Expected an attribute path, '(' or 'not' at position 3 (end of input)"],
  ["invalid escape", String.raw`x eq "\q"`, "Invalid escape sequence in string at position 6"],
  ["short unicode escape", String.raw`x eq "\u12G4"`, "Invalid escape sequence in string at position 6"],
  ["raw control character", 'x eq "a\tb"', "Unescaped control character in string at position 7"],
  ["leading zero", "x eq 01", "Invalid number at position 5"],
  ["bare minus", "x eq -", "Invalid number at position 5"],
  ["trailing dot", "x eq 1.", "Invalid number at position 5"],
  ["number glued to a word", "x eq 12abc", "Invalid number at position 5"],
  ["number overflow", "x eq 1e999", "Number out of range at position 5"],
  ["leading dot", "x eq .5", "Expected a value (a string, number, true, false or null) at position 5"],
  [
    "prototype key as a value",
    "x eq constructor",
    "Expected a value (a string, number, true, false or null) at position 5",
  ],
  ["attribute starting with a digit", "1abc pr", "Expected an attribute name at position 0"],
  [
    "two sub-attributes",
    "a.b.c pr",
    "Unexpected '.': an attribute path has at most one sub-attribute at position 3",
  ],
  ["empty sub-attribute", "name. pr", "Expected a sub-attribute name at position 5"],
  ["URN without attribute", "urn:foo:bar: pr", "Expected an attribute name at position 12"],
  ["URI without a scheme segment", "a:b pr", "Invalid schema URI 'a' at position 0"],
])("rejects %s with a positioned invalidFilter", (_what, filter, message) => {
  expect(errorOf(filter)).toEqual({
    status: 400,
    scimType: "invalidFilter",
    detail: `${message} in filter '${filter}'`,
  });
});

it("shortens a long filter quoted in the detail", () => {
  const filter = `${"a pr and ".repeat(40)}b xx 1`;
  expect(errorOf(filter).detail).toBe(
    `Expected an operator at position 362 in filter '${filter.slice(0, 200)}…'`,
  );
});

it(`rejects filters longer than ${MAX_FILTER_LENGTH} characters and accepts one at the limit`, () => {
  const atLimit = `x eq "${"a".repeat(MAX_FILTER_LENGTH - 7)}"`;
  expect(atLimit).toHaveLength(65_536);
  expect(parseFilter(atLimit)).toMatchObject({ kind: "compare", op: "eq" });
  expect(errorOf(`${atLimit} `)).toEqual({
    status: 400,
    scimType: "invalidFilter",
    detail: "The filter is 65537 characters long; the limit is 65536",
  });
});

it("accepts 64 levels of nesting and rejects 65 at the bracket that exceeds it", () => {
  expect(parseFilter(`${"(".repeat(64)}a pr${")".repeat(64)}`)).toEqual({
    kind: "present",
    path: { name: "a" },
  });
  expect(errorOf(`${"(".repeat(65)}a pr${")".repeat(65)}`).detail).toMatch(
    /^Nesting deeper than 64 levels at position 64 in filter/,
  );
  expect(errorOf(`${"not (".repeat(65)}a pr${")".repeat(65)}`).detail).toMatch(
    /^Nesting deeper than 64 levels at position 324 in filter/,
  );
});

it("survives pathologically deep input without a stack overflow", () => {
  expect(errorOf("(".repeat(60_000)).detail).toMatch(/^Nesting deeper than 64 levels/);
  expect(errorOf("not (".repeat(13_000)).detail).toMatch(/^Nesting deeper than 64 levels/);
  expect(errorOf("a[".repeat(30_000)).detail).toMatch(/^Unexpected '\[': value paths cannot be nested/);
});

it("accepts 1000 'and'/'or' operators and rejects the 1001st", () => {
  const chain = (n: number) => Array.from({ length: n + 1 }, () => "a pr").join(" and ");
  expect(parseFilter(chain(1000))).toMatchObject({ kind: "and" });
  expect(errorOf(chain(1001)).detail).toMatch(
    /^More than 1000 'and'\/'or' operators at position 9005 in filter/,
  );
});

it("throws TypeError, not ScimError, when called with a non-string", () => {
  expect(() => parseFilter(undefined as unknown as string)).toThrow(TypeError);
});
