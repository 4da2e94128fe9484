import { expect, it } from "vitest";
import type { AttrPath, PatchPath } from "./filter-ast.ts";
import { parseAttrPath, parsePatchPath } from "./filter-parser.ts";
import { isScimError } from "./scim-error.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const MEMBER_ID = "2819c223-7f76-453a-919d-413861904646";

function errorOf(parse: () => unknown): {
  status: number;
  scimType: string | undefined;
  detail: string | undefined;
} {
  try {
    parse();
  } catch (error) {
    if (!isScimError(error)) throw error;
    return { status: error.status, scimType: error.scimType, detail: error.detail };
  }
  throw new Error("the parser accepted its input");
}

it.each<[string, AttrPath]>([
  ["userName", { name: "userName" }],
  ["name.familyName", { name: "name", subAttr: "familyName" }],
  ["members.$ref", { name: "members", subAttr: "$ref" }],
  [`${ENTERPRISE}:employeeNumber`, { uri: ENTERPRISE, name: "employeeNumber" }],
  [`${ENTERPRISE}:manager.displayName`, { uri: ENTERPRISE, name: "manager", subAttr: "displayName" }],
  ["  meta.created ", { name: "meta", subAttr: "created" }],
])("parseAttrPath reads %s", (input, expected) => {
  expect(parseAttrPath(input)).toEqual(expected);
});

it.each<[string, string]>([
  ["", "Expected an attribute path at position 0 (end of input)"],
  ["user name", "Expected end of path at position 5"],
  ['emails[type eq "work"]', "Expected end of path at position 6"],
  ["9lives", "Expected an attribute name at position 0"],
  ["name.", "Expected a sub-attribute name at position 5 (end of input)"],
])("parseAttrPath rejects %j with invalidPath", (input, message) => {
  expect(errorOf(() => parseAttrPath(input))).toEqual({
    status: 400,
    scimType: "invalidPath",
    detail: `${message} in path '${input}'`,
  });
});

// Paths from the PATCH examples of RFC 7644 §3.5.2 and §3.5.2.1–3, plus the enterprise extension forms.
it.each<[string, PatchPath]>([
  ["members", { attr: { name: "members" } }],
  ["name.familyName", { attr: { name: "name", subAttr: "familyName" } }],
  [
    'addresses[type eq "work"]',
    {
      attr: { name: "addresses" },
      filter: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" },
    },
  ],
  [
    `members[value eq "${MEMBER_ID}"]`,
    {
      attr: { name: "members" },
      filter: { kind: "compare", path: { name: "value" }, op: "eq", value: MEMBER_ID },
    },
  ],
  [
    `members[value eq "${MEMBER_ID}"].displayName`,
    {
      attr: { name: "members" },
      filter: { kind: "compare", path: { name: "value" }, op: "eq", value: MEMBER_ID },
      subAttr: "displayName",
    },
  ],
  [
    'emails[type eq "work" and value ew "example.com"]',
    {
      attr: { name: "emails" },
      filter: {
        kind: "and",
        left: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" },
        right: { kind: "compare", path: { name: "value" }, op: "ew", value: "example.com" },
      },
    },
  ],
  [
    'addresses[type eq "work"].streetAddress',
    {
      attr: { name: "addresses" },
      filter: { kind: "compare", path: { name: "type" }, op: "eq", value: "work" },
      subAttr: "streetAddress",
    },
  ],
  [`${ENTERPRISE}:manager`, { attr: { uri: ENTERPRISE, name: "manager" } }],
  [`${ENTERPRISE}:manager.value`, { attr: { uri: ENTERPRISE, name: "manager", subAttr: "value" } }],
  [
    'EMAILS[Type EQ "work"].Value',
    {
      attr: { name: "EMAILS" },
      filter: { kind: "compare", path: { name: "Type" }, op: "eq", value: "work" },
      subAttr: "Value",
    },
  ],
])("parsePatchPath reads %s", (input, expected) => {
  expect(parsePatchPath(input)).toEqual(expected);
});

it.each<[string, string]>([
  ["", "Expected an attribute path at position 0 (end of input)"],
  ['emails[type eq "work"', "Expected ']', 'and' or 'or' at position 21 (end of input)"],
  ['emails[type eq "work"].', "Expected a sub-attribute name at position 23 (end of input)"],
  ['emails[type eq "work"].value.x', "Expected a sub-attribute name at position 23"],
  ['emails[type eq "work"] x', "Expected end of path at position 23"],
  [
    "emails[type[value pr]]",
    "Unexpected '[': value paths cannot be nested (RFC 7644 §3.4.2.2) at position 11",
  ],
  [
    "name.givenName[value pr]",
    "A value path's attribute cannot have a sub-attribute before '[' at position 0",
  ],
  ["emails[type xx 1]", "Expected an operator at position 12"],
  ["urn:x:y:", "Expected an attribute name at position 8 (end of input)"],
])("parsePatchPath rejects %j with invalidPath", (input, message) => {
  expect(errorOf(() => parsePatchPath(input))).toEqual({
    status: 400,
    scimType: "invalidPath",
    detail: `${message} in path '${input}'`,
  });
});
