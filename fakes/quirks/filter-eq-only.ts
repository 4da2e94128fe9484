/**
 * An RFC-correct trait, not a bug: a service provider that implements only the `eq` operator (joined with
 * `and` / `or`), which is all Entra ID sends [S1] ("Only the operators eq and and are used"). RFC 7644
 * §3.12 lets it decline every other filter with 400 invalidFilter: "the specified attribute and filter
 * comparison combination is not supported". The contract checks and properties must not fail it.
 */
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

/** The first part of a filter that is not `eq` joined with `and` / `or`, or undefined when it is. */
function unsupported(node: FilterNode): string | undefined {
  switch (node.kind) {
    case "and":
    case "or":
      return unsupported(node.left) ?? unsupported(node.right);
    case "compare":
      return node.op === "eq" ? undefined : `the operator "${node.op}"`;
    case "present":
      return 'the operator "pr"';
    case "not":
      return '"not"';
    default:
      return "value filters [ ]";
  }
}

/** Throws 400 invalidFilter when `raw` parses but is not eq-only; parse errors are left to the fake. */
function check(raw: unknown): void {
  if (typeof raw !== "string") return;
  let ast: FilterNode;
  try {
    ast = parseFilter(raw);
  } catch {
    return;
  }
  const what = unsupported(ast);
  if (what !== undefined) throw new ScimError(400, "invalidFilter", `${what} is not supported in filters`);
}

/** Only `eq` (with `and` / `or`) in filters; anything else answers 400 invalidFilter. */
export const filterEqOnly = defineQuirk({
  id: "filter-eq-only",
  title: "Filters support only eq (joined with and / or); other operators answer 400 invalidFilter",
  bugIds: [],
  sources: ["[S1]", "RFC 7644 §3.12 (invalidFilter)"],
  description:
    "GET /Users and /Groups and POST .search accept filters made of eq comparisons joined with and / or. " +
    "Any other operator (ne, co, sw, ew, gt, ge, lt, le, pr), not, and value filters [ ] answer 400 with " +
    'scimType "invalidFilter", which RFC 7644 §3.12 allows. Malformed filters are answered as before.',
  hooks: {
    // After authentication: a filtered list that would have answered 200 answers 400 instead.
    onResponse(ctx, response) {
      if (ctx.route.operation === "list" && response.status === 200)
        check(ctx.request.url.searchParams.get("filter") ?? undefined);
      return response;
    },
    transformBody(ctx, body) {
      if (ctx.route.operation === "search" && isJsonObject(body)) {
        const key = Object.keys(body).find((k) => k.toLowerCase() === "filter");
        if (key !== undefined) check(body[key]);
      }
      return body;
    },
  },
});
