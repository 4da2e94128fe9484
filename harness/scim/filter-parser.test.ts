import { expect, it } from "vitest";
import type { FilterNode } from "./filter-ast.ts";
import { parseFilter } from "./filter-parser.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const LAST_MODIFIED = { name: "meta", subAttr: "lastModified" };

// Every example filter of RFC 7644 §3.4.2.2 (in order), with its AST written out by hand.
const RFC_EXAMPLES: [string, FilterNode][] = [
  ['userName eq "bjensen"', { kind: "compare", path: { name: "userName" }, op: "eq", value: "bjensen" }],
  [
    `name.familyName co "O'Malley"`,
    { kind: "compare", path: { name: "name", subAttr: "familyName" }, op: "co", value: "O'Malley" },
  ],
  ['userName sw "J"', { kind: "compare", path: { name: "userName" }, op: "sw", value: "J" }],
  [
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    { kind: "compare", path: { uri: CORE_USER, name: "userName" }, op: "sw", value: "J" },
  ],
  ["title pr", { kind: "present", path: { name: "title" } }],
  [
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    { kind: "compare", path: LAST_MODIFIED, op: "gt", value: "2011-05-13T04:42:34Z" },
  ],
  [
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    { kind: "compare", path: LAST_MODIFIED, op: "ge", value: "2011-05-13T04:42:34Z" },
  ],
  [
    'meta.lastModified lt "2011-05-13T04:42:34Z"',
    { kind: "compare", path: LAST_MODIFIED, op: "lt", value: "2011-05-13T04:42:34Z" },
  ],
  [
    'meta.lastModified le "2011-05-13T04:42:34Z"',
    { kind: "compare", path: LAST_MODIFIED, op: "le", value: "2011-05-13T04:42:34Z" },
  ],
  [
    'title pr and userType eq "Employee"',
    {
      kind: "and",
      left: { kind: "present", path: { name: "title" } },
      right: { kind: "compare", path: { name: "userType" }, op: "eq", value: "Employee" },
    },
  ],
  [
    'title pr or userType eq "Intern"',
    {
      kind: "or",
      left: { kind: "present", path: { name: "title" } },
      right: { kind: "compare", path: { name: "userType" }, op: "eq", value: "Intern" },
    },
  ],
  [
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    { kind: "compare", path: { name: "schemas" }, op: "eq", value: ENTERPRISE },
  ],
  [
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    {
      kind: "and",
      left: { kind: "compare", path: { name: "userType" }, op: "eq", value: "Employee" },
      right: {
        kind: "or",
        left: { kind: "compare", path: { name: "emails" }, op: "co", value: "example.com" },
        right: {
          kind: "compare",
          path: { name: "emails", subAttr: "value" },
          op: "co",
          value: "example.org",
        },
      },
    },
  ],
  [
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    {
      kind: "and",
      left: { kind: "compare", path: { name: "userType" }, op: "ne", value: "Employee" },
      right: {
        kind: "not",
        filter: {
          kind: "or",
          left: { kind: "compare", path: { name: "emails" }, op: "co", value: "example.com" },
          right: {
            kind: "compare",
            path: { name: "emails", subAttr: "value" },
            op: "co",
            value: "example.org",
          },
        },
      },
    },
  ],
  [
    'userType eq "Employee" and (emails.type eq "work")',
    {
      kind: "and",
      left: { kind: "compare", path: { name: "userType" }, op: "eq", value: "Employee" },
      right: { kind: "compare", path: { name: "emails", subAttr: "type" }, op: "eq", value: "work" },
    },
  ],
  [
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    {
      kind: "and",
      left: { kind: "compare", path: { name: "userType" }, op: "eq", value: "Employee" },
      right: {
        kind: "valuePath",
        path: { name: "emails" },
        filter: {
          kind: "and",
          left: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" },
          right: { kind: "compare", path: { name: "value" }, op: "co", value: "@example.com" },
        },
      },
    },
  ],
  [
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    {
      kind: "or",
      left: {
        kind: "valuePath",
        path: { name: "emails" },
        filter: {
          kind: "and",
          left: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" },
          right: { kind: "compare", path: { name: "value" }, op: "co", value: "@example.com" },
        },
      },
      right: {
        kind: "valuePath",
        path: { name: "ims" },
        filter: {
          kind: "and",
          left: { kind: "compare", path: { name: "type" }, op: "eq", value: "xmpp" },
          right: { kind: "compare", path: { name: "value" }, op: "co", value: "@foo.com" },
        },
      },
    },
  ],
];

it("covers all 17 example filters of RFC 7644 §3.4.2.2", () => {
  expect(RFC_EXAMPLES).toHaveLength(17);
});

it.each(RFC_EXAMPLES)("parses the RFC 7644 §3.4.2.2 example %s", (filter, expected) => {
  expect(parseFilter(filter)).toEqual(expected);
});

it("parses an RFC example as wrapped over two lines in the RFC text", () => {
  expect(
    parseFilter('userType eq "Employee" and (emails co "example.com" or\n  emails.value co "example.org")'),
  ).toEqual(RFC_EXAMPLES[12]?.[1]);
});

const p = (name: string): FilterNode => ({ kind: "present", path: { name } });

it.each<[string, FilterNode]>([
  [
    "a pr or b pr and c pr",
    { kind: "or", left: p("a"), right: { kind: "and", left: p("b"), right: p("c") } },
  ],
  [
    "a pr and b pr or c pr",
    { kind: "or", left: { kind: "and", left: p("a"), right: p("b") }, right: p("c") },
  ],
  ["a pr or b pr or c pr", { kind: "or", left: { kind: "or", left: p("a"), right: p("b") }, right: p("c") }],
  [
    "a pr and b pr and c pr",
    { kind: "and", left: { kind: "and", left: p("a"), right: p("b") }, right: p("c") },
  ],
  [
    "a pr or (b pr or c pr)",
    { kind: "or", left: p("a"), right: { kind: "or", left: p("b"), right: p("c") } },
  ],
  [
    "(a pr or b pr) and c pr",
    { kind: "and", left: { kind: "or", left: p("a"), right: p("b") }, right: p("c") },
  ],
  ["not (a pr) and b pr", { kind: "and", left: { kind: "not", filter: p("a") }, right: p("b") }],
  [
    "a pr or not (b pr) and c pr",
    {
      kind: "or",
      left: p("a"),
      right: { kind: "and", left: { kind: "not", filter: p("b") }, right: p("c") },
    },
  ],
  ["not (not (a pr))", { kind: "not", filter: { kind: "not", filter: p("a") } }],
  ["((a pr))", p("a")],
])("applies RFC 7644 §3.4.2.2 precedence and left-associativity: %s", (filter, expected) => {
  expect(parseFilter(filter)).toEqual(expected);
});

it("treats operators and keywords case-insensitively and keeps attribute names as written", () => {
  expect(parseFilter('USERNAME EQ "x"')).toEqual({
    kind: "compare",
    path: { name: "USERNAME" },
    op: "eq",
    value: "x",
  });
  expect(parseFilter("Not (a PR) AND b Pr Or c pR")).toEqual({
    kind: "or",
    left: { kind: "and", left: { kind: "not", filter: p("a") }, right: p("b") },
    right: p("c"),
  });
  expect(parseFilter("a Co TRUE")).toEqual({ kind: "compare", path: { name: "a" }, op: "co", value: true });
  expect(parseFilter("a gE False")).toEqual({ kind: "compare", path: { name: "a" }, op: "ge", value: false });
  expect(parseFilter("a NE NULL")).toEqual({ kind: "compare", path: { name: "a" }, op: "ne", value: null });
});

it.each<[string, string]>([
  [String.raw`"a\"b"`, 'a"b'],
  [String.raw`"\\ \/ \b\f\n\r\t"`, "\\ / \b\f\n\r\t"],
  [String.raw`"caf\u00e9 \u00C9"`, "café É"],
  [String.raw`"\ud83d\ude00"`, "😀"],
  [String.raw`"\ud800"`, "\ud800"],
  ['"raw é 😀 and ] ) pr"', "raw é 😀 and ] ) pr"],
  ['""', ""],
])("decodes the JSON string %s", (literal, expected) => {
  expect(parseFilter(`x eq ${literal}`)).toEqual({
    kind: "compare",
    path: { name: "x" },
    op: "eq",
    value: expected,
  });
});

it.each<[string, number]>([
  ["0", 0],
  ["42", 42],
  ["-17", -17],
  ["3.25", 3.25],
  ["1e3", 1000],
  ["1E-2", 0.01],
  ["-2.5e+10", -25_000_000_000],
])("reads the JSON number %s", (literal, expected) => {
  expect(parseFilter(`x gt ${literal}`)).toEqual({
    kind: "compare",
    path: { name: "x" },
    op: "gt",
    value: expected,
  });
});

it("keeps the sign of -0", () => {
  const node = parseFilter("x eq -0");
  expect(node.kind === "compare" && Object.is(node.value, -0)).toBe(true);
});

it("splits URN-prefixed paths at the last ':' before the attribute name", () => {
  expect(parseFilter(`${ENTERPRISE}:employeeNumber eq "701984"`)).toEqual({
    kind: "compare",
    path: { uri: ENTERPRISE, name: "employeeNumber" },
    op: "eq",
    value: "701984",
  });
  expect(parseFilter(`${ENTERPRISE}:manager.value eq "26118915"`)).toEqual({
    kind: "compare",
    path: { uri: ENTERPRISE, name: "manager", subAttr: "value" },
    op: "eq",
    value: "26118915",
  });
  expect(parseFilter(`${CORE_USER}:name.familyName pr`)).toEqual({
    kind: "present",
    path: { uri: CORE_USER, name: "name", subAttr: "familyName" },
  });
  expect(parseFilter(`${CORE_USER}:emails[type eq "work"]`)).toEqual({
    kind: "valuePath",
    path: { uri: CORE_USER, name: "emails" },
    filter: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" },
  });
});

it("accepts $ref as an attribute name (RFC 7643 §2.3.7)", () => {
  expect(parseFilter('members.$ref eq "https://x/Users/1"')).toEqual({
    kind: "compare",
    path: { name: "members", subAttr: "$ref" },
    op: "eq",
    value: "https://x/Users/1",
  });
  expect(parseFilter("members[$ref pr]")).toEqual({
    kind: "valuePath",
    path: { name: "members" },
    filter: { kind: "present", path: { name: "$ref" } },
  });
});

it("allows not, parentheses and logic inside a value path", () => {
  expect(parseFilter('emails[not (type eq "work") and (value co "x" or primary eq true)]')).toEqual({
    kind: "valuePath",
    path: { name: "emails" },
    filter: {
      kind: "and",
      left: { kind: "not", filter: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" } },
      right: {
        kind: "or",
        left: { kind: "compare", path: { name: "value" }, op: "co", value: "x" },
        right: { kind: "compare", path: { name: "primary" }, op: "eq", value: true },
      },
    },
  });
});

it("tolerates extra whitespace and omitted spaces next to punctuation", () => {
  const expected: FilterNode = { kind: "compare", path: { name: "userName" }, op: "eq", value: "x" };
  expect(parseFilter(' \t userName   eq\t"x"  ')).toEqual(expected);
  expect(parseFilter('userName eq"x"')).toEqual(expected);
  expect(parseFilter("not(a pr)and(b pr)")).toEqual({
    kind: "and",
    left: { kind: "not", filter: p("a") },
    right: p("b"),
  });
});

it("reads keyword-like words as attribute names where the grammar expects a path", () => {
  expect(parseFilter('not eq "x"')).toEqual({ kind: "compare", path: { name: "not" }, op: "eq", value: "x" });
  expect(parseFilter("not pr")).toEqual(p("not"));
  expect(parseFilter("pr pr and and pr or or pr")).toEqual({
    kind: "or",
    left: { kind: "and", left: p("pr"), right: p("and") },
    right: p("or"),
  });
});
