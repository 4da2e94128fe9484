/**
 * Test support: servers with broken filter evaluation, made by rewriting the filter AST of incoming list
 * queries (so the fake evaluates the wrong filter) or by post-filtering its answers.
 */
import type { QuirkContext, QuirkHooks } from "../../fakes/index.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import { json } from "./broken-target.ts";

/** Applies `fn` to every node, children first. */
export function mapFilter(node: FilterNode, fn: (node: FilterNode) => FilterNode): FilterNode {
  switch (node.kind) {
    case "and":
    case "or":
      return fn({ ...node, left: mapFilter(node.left, fn), right: mapFilter(node.right, fn) });
    case "not":
      return fn({ ...node, filter: mapFilter(node.filter, fn) });
    case "valuePath":
      return fn({ ...node, filter: mapFilter(node.filter, fn) });
    default:
      return fn(node);
  }
}

const isList = (ctx: QuirkContext) => ctx.route.operation === "list";

/** A server that evaluates `fn(filter)` instead of the filter it was sent (list requests only). */
export function rewriteFilter(
  fn: (node: FilterNode) => FilterNode,
  when: (ctx: QuirkContext) => boolean = isList,
): QuirkHooks {
  return {
    onRequest(ctx) {
      if (!when(ctx)) return undefined;
      const raw = ctx.request.url.searchParams.get("filter");
      if (raw === null) return undefined;
      let ast: FilterNode;
      try {
        ast = parseFilter(raw);
      } catch {
        return undefined;
      }
      ctx.request.url.searchParams.set("filter", printFilter(mapFilter(ast, fn)));
      return undefined;
    },
  };
}

/** Changes one comparison operator into another everywhere (`co` evaluated as `sw`, `gt` as `ge`). */
export const swapOperator = (from: string, to: string): QuirkHooks =>
  rewriteFilter((n) => (n.kind === "compare" && n.op === from ? { ...n, op: to as typeof n.op } : n));

/** Changes a logical operator into another (`and` evaluated as `or`). */
export const swapLogical = (from: "and" | "or", to: "and" | "or"): QuirkHooks =>
  rewriteFilter((n) => (n.kind === from ? { ...n, kind: to } : n));

/** The `userName eq` literals of a filter. */
function userNameEqLiterals(node: FilterNode, out: string[] = []): string[] {
  if (
    node.kind === "compare" &&
    node.op === "eq" &&
    node.path.name.toLowerCase() === "username" &&
    typeof node.value === "string"
  )
    out.push(node.value);
  if (node.kind === "and" || node.kind === "or") {
    userNameEqLiterals(node.left, out);
    userNameEqLiterals(node.right, out);
  }
  if (node.kind === "not") userNameEqLiterals(node.filter, out);
  return out;
}

/** A server that compares `userName eq` case-sensitively (it drops hits whose case differs). */
export function caseSensitiveUserName(): QuirkHooks {
  return {
    onResponse(ctx, response) {
      const raw = ctx.request.url.searchParams.get("filter");
      if (!isList(ctx) || raw === null || response.status !== 200) return response;
      const literals = userNameEqLiterals(parseFilter(raw));
      if (literals.length === 0) return response;
      const body = structuredClone(response.json) as {
        Resources?: Record<string, unknown>[];
        totalResults?: number;
        itemsPerPage?: number;
      };
      body.Resources = (body.Resources ?? []).filter((r) => literals.includes(String(r["userName"])));
      body.totalResults = body.Resources.length;
      body.itemsPerPage = body.Resources.length;
      return { ...response, json: body };
    },
  };
}

/** A server that rejects filters matching `pattern` with 400 invalidFilter. */
export function rejectFilter(pattern: RegExp): QuirkHooks {
  return {
    onRequest(ctx) {
      const raw = ctx.request.url.searchParams.get("filter");
      if (!isList(ctx) || raw === null || !pattern.test(raw)) return undefined;
      return json(400, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidFilter",
        detail: "unsupported filter",
      });
    },
  };
}

/** A server that ignores filters it cannot parse and lists everything. */
export function ignoreInvalidFilters(): QuirkHooks {
  return {
    onRequest(ctx) {
      const raw = ctx.request.url.searchParams.get("filter");
      if (raw === null) return undefined;
      try {
        parseFilter(raw);
      } catch {
        ctx.request.url.searchParams.delete("filter");
      }
      return undefined;
    },
  };
}
