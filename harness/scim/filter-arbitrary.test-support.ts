/**
 * fast-check arbitraries for SCIM filter ASTs and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2).
 *
 * Test-only: imports fast-check (a devDependency). Every generated value has a textual form, so
 * `printFilter` never throws on it: names come from a small realistic pool (core, sub-attribute and
 * URN-prefixed paths, plus a few keyword-like names), value paths are never nested, numbers are finite.
 */
import fc from "fast-check";
import { COMPARE_OPERATORS } from "./filter-ast.ts";
import type { AttrPath, FilterLiteral, FilterNode, PatchPath } from "./filter-ast.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

/** Paths usable at the top level of a filter. */
const TOP_PATHS: readonly AttrPath[] = [
  { name: "userName" },
  { name: "displayName" },
  { name: "title" },
  { name: "userType" },
  { name: "active" },
  { name: "externalId" },
  { name: "id" },
  { name: "schemas" },
  { name: "name", subAttr: "familyName" },
  { name: "name", subAttr: "givenName" },
  { name: "emails" },
  { name: "emails", subAttr: "value" },
  { name: "emails", subAttr: "type" },
  { name: "meta", subAttr: "lastModified" },
  { name: "members", subAttr: "value" },
  { name: "members", subAttr: "$ref" },
  { uri: ENTERPRISE, name: "employeeNumber" },
  { uri: ENTERPRISE, name: "manager", subAttr: "value" },
  { uri: CORE_USER, name: "userName" },
  { uri: "urn:example:custom:1.0:Ext", name: "x-badge_no2" },
  { name: "USERNAME" },
  // Keyword-like ATTRNAMEs are legal (RFC 7644 §3.10) and stress the parser's word handling.
  { name: "not" },
  { name: "and" },
  { name: "pr" },
];

/** Multi-valued attributes that take a `[valFilter]`. */
const MULTI_VALUED: readonly AttrPath[] = [
  { name: "emails" },
  { name: "phoneNumbers" },
  { name: "members" },
  { name: "addresses" },
  { uri: CORE_USER, name: "emails" },
  { name: "or" },
];

/** Paths relative to a multi-valued attribute, used inside brackets. */
const RELATIVE_PATHS: readonly AttrPath[] = [
  { name: "type" },
  { name: "value" },
  { name: "primary" },
  { name: "display" },
  { name: "$ref" },
  { name: "Value" },
  { name: "not" },
];

const SUB_ATTRS = ["value", "display", "type", "primary", "givenName", "$ref"] as const;

const tricky = fc.constantFrom(
  '"',
  "\\",
  "/",
  "\b",
  "\f",
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u2028",
  "\ud800",
  "\udfff",
  "é",
  "😀",
  " ",
  "a",
  "]",
  ")",
  " and ",
  "\\u0041",
);

/** Comparison values: strings with escapes and unicode, finite numbers (incl. -0), booleans, null. */
export const filterLiteral: fc.Arbitrary<FilterLiteral> = fc.oneof(
  fc.constantFrom("bjensen", "O'Malley", "2011-05-13T04:42:34Z", "@example.com", ""),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: tricky }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 5e-7, -1.5e-300, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE),
  fc.boolean(),
  fc.constant(null),
);

/** A copy of a pool entry, so generated ASTs never share objects. */
const pathFrom = (pool: readonly AttrPath[]): fc.Arbitrary<AttrPath> =>
  fc.constantFrom(...pool).map((path) => ({ ...path }));

function attrExp(pool: readonly AttrPath[]): fc.Arbitrary<FilterNode> {
  const compare = fc
    .tuple(pathFrom(pool), fc.constantFrom(...COMPARE_OPERATORS), filterLiteral)
    .map(([path, op, value]): FilterNode => ({ kind: "compare", path, op, value }));
  const present = pathFrom(pool).map((path): FilterNode => ({ kind: "present", path }));
  return fc.oneof({ weight: 3, arbitrary: compare }, { weight: 1, arbitrary: present });
}

function logical(kind: "and" | "or", operand: fc.Arbitrary<FilterNode>): fc.Arbitrary<FilterNode> {
  return fc.tuple(operand, operand).map(([left, right]): FilterNode => ({ kind, left, right }));
}

/** Generated filters and the bracket filters inside them. */
interface FilterArbitraries {
  filter: fc.Arbitrary<FilterNode>;
  valFilter: fc.Arbitrary<FilterNode>;
}

function build(maxDepth: number): FilterArbitraries {
  const depthIdentifier = fc.createDepthIdentifier();
  const options = { maxDepth, depthSize: "small", depthIdentifier } as const;
  const { filter, valFilter } = fc.letrec<{ filter: FilterNode; valFilter: FilterNode }>((tie) => ({
    filter: fc.oneof(
      options,
      attrExp(TOP_PATHS),
      logical("and", tie("filter")),
      logical("or", tie("filter")),
      tie("filter").map((filter): FilterNode => ({ kind: "not", filter })),
      fc
        .tuple(pathFrom(MULTI_VALUED), tie("valFilter"))
        .map(([path, filter]): FilterNode => ({ kind: "valuePath", path, filter })),
    ),
    valFilter: fc.oneof(
      options,
      attrExp(RELATIVE_PATHS),
      logical("and", tie("valFilter")),
      logical("or", tie("valFilter")),
      tie("valFilter").map((filter): FilterNode => ({ kind: "not", filter })),
    ),
  }));
  return { filter, valFilter };
}

/** Filter ASTs of depth at most `maxDepth` (default 5) over a realistic attribute pool. */
export function scimFilter(constraints: { maxDepth?: number } = {}): fc.Arbitrary<FilterNode> {
  return build(constraints.maxDepth ?? 5).filter;
}

/** PATCH paths (RFC 7644 §3.5.2): plain attribute paths and value paths with an optional sub-attribute. */
export function scimPatchPath(constraints: { maxDepth?: number } = {}): fc.Arbitrary<PatchPath> {
  const { valFilter } = build(constraints.maxDepth ?? 3);
  const plain = pathFrom(TOP_PATHS).map((attr): PatchPath => ({ attr }));
  const filtered = fc
    .tuple(pathFrom(MULTI_VALUED), valFilter, fc.option(fc.constantFrom(...SUB_ATTRS), { nil: undefined }))
    .map(([attr, filter, subAttr]): PatchPath =>
      subAttr === undefined ? { attr, filter } : { attr, filter, subAttr },
    );
  return fc.oneof(plain, filtered);
}
