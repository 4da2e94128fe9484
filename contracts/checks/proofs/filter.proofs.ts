/**
 * Broken servers for the filter checks: each evaluates some filters wrongly, and must make its check fail.
 */
import type { FilterNode } from "../../../harness/scim/filter-ast.ts";
import {
  caseSensitiveUserName,
  ignoreInvalidFilters,
  rejectFilter,
  rewriteFilter,
  swapLogical,
  swapOperator,
} from "../../test-support/broken-filters.ts";
import { errorJson, rewriteParam, rewriteResponse } from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

const present = (name: string): FilterNode => ({ kind: "present", path: { name } });

/** `a or (b and c)` regrouped as `(a or b) and c`: left-to-right parsing without precedence. */
function leftToRight(n: FilterNode): FilterNode {
  if (n.kind === "or" && n.right.kind === "and") {
    return { kind: "and", left: { kind: "or", left: n.left, right: n.right.left }, right: n.right.right };
  }
  return n;
}

export const FILTER_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.filter.eq",
    broken: "looks eq on userName up in displayName",
    hooks: rewriteFilter((n) =>
      n.kind === "compare" && n.op === "eq" && n.path.name === "userName"
        ? { ...n, path: { name: "displayName" } }
        : n,
    ),
  },
  {
    check: "rfc7644.filter.eq-case-insensitive-userName",
    broken: "compares userName case-sensitively",
    hooks: caseSensitiveUserName(),
  },
  {
    check: "rfc7644.filter.eq-externalId",
    broken: "treats a filter on externalId as match-all",
    hooks: rewriteFilter((n) => (n.kind === "compare" && n.path.name === "externalId" ? present("id") : n)),
  },
  { check: "rfc7644.filter.ne", broken: "evaluates ne as eq", hooks: swapOperator("ne", "eq") },
  { check: "rfc7644.filter.co", broken: "evaluates co as sw", hooks: swapOperator("co", "sw") },
  { check: "rfc7644.filter.sw", broken: "evaluates sw as ew", hooks: swapOperator("sw", "ew") },
  { check: "rfc7644.filter.ew", broken: "evaluates ew as sw", hooks: swapOperator("ew", "sw") },
  {
    check: "rfc7644.filter.pr",
    broken: "treats title pr as true for everyone",
    hooks: rewriteFilter((n) => (n.kind === "present" && n.path.name === "title" ? present("id") : n)),
  },
  { check: "rfc7644.filter.ordering", broken: "evaluates gt as ge", hooks: swapOperator("gt", "ge") },
  { check: "rfc7644.filter.and", broken: "evaluates and as or", hooks: swapLogical("and", "or") },
  { check: "rfc7644.filter.or", broken: "evaluates or as and", hooks: swapLogical("or", "and") },
  {
    check: "rfc7644.filter.not",
    broken: "ignores not",
    hooks: rewriteFilter((n) => (n.kind === "not" ? n.filter : n)),
  },
  {
    check: "rfc7644.filter.precedence",
    broken: "parses logical operators left to right, without precedence",
    hooks: rewriteFilter(leftToRight),
  },
  {
    check: "rfc7644.filter.value-path",
    broken: "ignores the filter inside [ ]",
    hooks: rewriteFilter((n) => (n.kind === "valuePath" ? { kind: "present", path: n.path } : n)),
  },
  {
    check: "rfc7644.filter.sub-attribute",
    broken: "compares name.familyName against name.givenName",
    hooks: rewriteFilter((n) =>
      n.kind === "compare" && n.path.subAttr === "familyName"
        ? { ...n, path: { ...n.path, subAttr: "givenName" } }
        : n,
    ),
  },
  {
    check: "rfc7644.filter.multi-valued-any",
    broken: "compares only the primary value of a multi-valued attribute",
    hooks: rewriteFilter((n) =>
      n.kind === "compare" && n.path.name === "emails" && n.path.subAttr === "value"
        ? {
            kind: "valuePath",
            path: { name: "emails" },
            filter: {
              kind: "and",
              left: { kind: "compare", path: { name: "primary" }, op: "eq", value: true },
              right: { ...n, path: { name: "value" } },
            },
          }
        : n,
    ),
  },
  {
    check: "rfc7644.filter.boolean",
    broken: "compares booleans as strings",
    hooks: rewriteFilter((n) =>
      n.kind === "compare" && typeof n.value === "boolean" ? { ...n, value: String(n.value) } : n,
    ),
  },
  {
    check: "rfc7644.filter.extension-attribute",
    broken: "matches nothing on URN-qualified attributes",
    hooks: rewriteFilter((n) =>
      n.kind === "compare" && n.path.uri !== undefined ? present("unknownAttribute") : n,
    ),
  },
  {
    check: "rfc7644.filter.case-insensitive-names",
    broken: "rejects upper-case attribute names and operators",
    hooks: rejectFilter(/USERNAME|\bEQ\b|\bSw\b/),
  },
  {
    check: "rfc7644.filter.invalid-filter-400",
    broken: "ignores filters it cannot parse and lists everything",
    hooks: ignoreInvalidFilters(),
  },
  {
    check: "rfc7644.filter.invalid-filter-400",
    broken: "answers 500 to a filter it cannot parse",
    hooks: rewriteResponse("list", (r) => (r.status === 400 ? errorJson(500, "Internal Server Error") : r)),
  },
  {
    check: "rfc7644.filter.invalid-filter-400",
    broken: "declines an unknown operator with 400 but no scimType (RFC 7644 §3.4.2.2 names invalidFilter)",
    hooks: rewriteResponse("list", (r) => (r.status === 400 ? errorJson(400, "bad filter") : r)),
  },
  {
    check: "rfc7644.filter.group-displayName-eq",
    broken: "ignores filters on /Groups",
    hooks: rewriteParam(
      (ctx) => ctx.route.operation === "list" && ctx.route.resourceType === "Group",
      "filter",
      () => null,
    ),
  },
];
