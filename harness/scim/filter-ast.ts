/**
 * The abstract syntax of SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 and §3.5.2).
 *
 * Produced by `parseFilter` / `parsePatchPath`, printed by `printFilter` / `printPatchPath`, evaluated by
 * `evaluateFilter`. Plain data: it serialises to JSON and compares with deep equality.
 */

/** Comparison operators, always lower-case in the AST (they are case-insensitive on the wire). */
export type CompareOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

export const COMPARE_OPERATORS: readonly CompareOperator[] = [
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "ge",
  "lt",
  "le",
];

/**
 * A comparison value. dateTime literals are strings on the wire (RFC 7644 §3.4.2.2) and are compared as
 * instants when the attribute's schema type is `dateTime`.
 */
export type FilterLiteral = string | number | boolean | null;

/**
 * An attribute path: `[URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.10). Names keep the case they were
 * written in; comparison against schemas and resources is case-insensitive.
 *
 * @example { uri: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", name: "employeeNumber" }
 * @example { name: "name", subAttr: "familyName" }
 */
export interface AttrPath {
  uri?: string;
  name: string;
  subAttr?: string;
}

export type FilterNode =
  | { kind: "compare"; path: AttrPath; op: CompareOperator; value: FilterLiteral }
  | { kind: "present"; path: AttrPath }
  | { kind: "and"; left: FilterNode; right: FilterNode }
  | { kind: "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; filter: FilterNode }
  /** `emails[type eq "work"]`: `path` has no `subAttr`; paths inside `filter` are relative to it. */
  | { kind: "valuePath"; path: AttrPath; filter: FilterNode };

/**
 * A PATCH operation path: `attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2).
 *
 * @example `emails[type eq "work"].value` → { attr: { name: "emails" }, filter: …, subAttr: "value" }
 * @example `name.givenName` → { attr: { name: "name", subAttr: "givenName" } }
 */
export interface PatchPath {
  attr: AttrPath;
  filter?: FilterNode;
  /** Only with `filter`: the sub-attribute after the closing bracket. */
  subAttr?: string;
}
