import { expect, it } from "vitest";
import type { AttrPath, FilterLiteral, FilterNode, PatchPath } from "./filter-ast.ts";
import { printAttrPath, printFilter, printLiteral, printPatchPath } from "./filter-print.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const p = (name: string): FilterNode => ({ kind: "present", path: { name } });
const eq = (name: string, value: string): FilterNode => ({
  kind: "compare",
  path: { name },
  op: "eq",
  value,
});

it("prints RFC 7644 §3.4.2.2 examples in their RFC spelling", () => {
  expect(
    printFilter({
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
    }),
  ).toBe('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")');
  expect(
    printFilter({
      kind: "or",
      left: {
        kind: "valuePath",
        path: { name: "emails" },
        filter: {
          kind: "and",
          left: eq("type", "work"),
          right: { kind: "compare", path: { name: "value" }, op: "co", value: "@example.com" },
        },
      },
      right: { kind: "valuePath", path: { name: "ims" }, filter: eq("type", "xmpp") },
    }),
  ).toBe('emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp"]');
  expect(
    printFilter({ kind: "compare", path: { uri: ENTERPRISE, name: "employeeNumber" }, op: "ge", value: "7" }),
  ).toBe(`${ENTERPRISE}:employeeNumber ge "7"`);
});

it.each<[FilterNode, string]>([
  [
    { kind: "and", left: { kind: "and", left: p("a"), right: p("b") }, right: p("c") },
    "a pr and b pr and c pr",
  ],
  [
    { kind: "and", left: p("a"), right: { kind: "and", left: p("b"), right: p("c") } },
    "a pr and (b pr and c pr)",
  ],
  [{ kind: "or", left: { kind: "or", left: p("a"), right: p("b") }, right: p("c") }, "a pr or b pr or c pr"],
  [
    { kind: "or", left: p("a"), right: { kind: "or", left: p("b"), right: p("c") } },
    "a pr or (b pr or c pr)",
  ],
  [
    { kind: "or", left: p("a"), right: { kind: "and", left: p("b"), right: p("c") } },
    "a pr or b pr and c pr",
  ],
  [
    { kind: "or", left: { kind: "and", left: p("a"), right: p("b") }, right: p("c") },
    "a pr and b pr or c pr",
  ],
  [
    { kind: "and", left: { kind: "or", left: p("a"), right: p("b") }, right: p("c") },
    "(a pr or b pr) and c pr",
  ],
  [
    { kind: "and", left: p("a"), right: { kind: "or", left: p("b"), right: p("c") } },
    "a pr and (b pr or c pr)",
  ],
  [{ kind: "not", filter: p("a") }, "not (a pr)"],
  [{ kind: "not", filter: { kind: "and", left: p("a"), right: p("b") } }, "not (a pr and b pr)"],
  [
    { kind: "and", left: { kind: "not", filter: p("a") }, right: { kind: "not", filter: p("b") } },
    "not (a pr) and not (b pr)",
  ],
])("prints minimal parentheses for %j", (node, expected) => {
  expect(printFilter(node)).toBe(expected);
});

it.each<[FilterLiteral, string]>([
  ["bjensen", '"bjensen"'],
  ['a"b\\c/d', String.raw`"a\"b\\c/d"`],
  ["\b\f\n\r\t\u0001", String.raw`"\b\f\n\r\t\u0001"`],
  ["é😀", '"é😀"'],
  ["\ud800", String.raw`"\ud800"`],
  [0, "0"],
  [-0, "-0"],
  [42, "42"],
  [-3.5, "-3.5"],
  [1e21, "1e+21"],
  [5e-7, "5e-7"],
  [true, "true"],
  [false, "false"],
  [null, "null"],
])("prints the literal %j as %s", (value, expected) => {
  expect(printLiteral(value)).toBe(expected);
});

it("prints attribute paths with URN prefix and sub-attribute", () => {
  expect(printAttrPath({ uri: ENTERPRISE, name: "manager", subAttr: "value" })).toBe(
    `${ENTERPRISE}:manager.value`,
  );
  expect(printAttrPath({ name: "members", subAttr: "$ref" })).toBe("members.$ref");
});

it.each<[PatchPath, string]>([
  [{ attr: { name: "name", subAttr: "givenName" } }, "name.givenName"],
  [{ attr: { uri: ENTERPRISE, name: "manager" } }, `${ENTERPRISE}:manager`],
  [{ attr: { name: "members" }, filter: eq("value", "2819c223") }, 'members[value eq "2819c223"]'],
  [
    { attr: { name: "emails" }, filter: eq("type", "work"), subAttr: "value" },
    'emails[type eq "work"].value',
  ],
])("prints the PATCH path %s", (path, expected) => {
  expect(printPatchPath(path)).toBe(expected);
});

it.each<[string, () => string]>([
  ["NaN", () => printLiteral(Number.NaN)],
  ["Infinity", () => printLiteral(Number.POSITIVE_INFINITY)],
  ["an object value", () => printLiteral({} as unknown as string)],
  ["a name with a space", () => printAttrPath({ name: "user name" })],
  ["a name starting with a digit", () => printAttrPath({ name: "1st" })],
  ["an empty name", () => printAttrPath({ name: "" })],
  ["a bad sub-attribute", () => printAttrPath({ name: "name", subAttr: "a.b" })],
  ["a URI without segments", () => printAttrPath({ uri: "urn", name: "x" })],
  ["a URI ending in ':'", () => printAttrPath({ uri: "urn:x:", name: "x" })],
  [
    "an unknown operator",
    () => printFilter({ kind: "compare", path: { name: "a" }, op: "xx" as "eq", value: 1 }),
  ],
  ["an unknown node kind", () => printFilter({ kind: "nand" } as unknown as FilterNode)],
  [
    "a nested value path",
    () =>
      printFilter({
        kind: "valuePath",
        path: { name: "a" },
        filter: { kind: "valuePath", path: { name: "b" }, filter: p("c") },
      }),
  ],
  [
    "a value path on a sub-attribute",
    () => printFilter({ kind: "valuePath", path: { name: "a", subAttr: "b" } as AttrPath, filter: p("c") }),
  ],
  ["a PATCH subAttr without filter", () => printPatchPath({ attr: { name: "emails" }, subAttr: "value" })],
  [
    "a PATCH value path on a sub-attribute",
    () => printPatchPath({ attr: { name: "a", subAttr: "b" }, filter: p("c") }),
  ],
])("throws TypeError for %s, which has no SCIM spelling", (_what, print) => {
  expect(print).toThrow(TypeError);
});
