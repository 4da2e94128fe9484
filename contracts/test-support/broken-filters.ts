/**
 * Test support: servers with broken filter evaluation, made by rewriting the filter AST of incoming list
 * queries (so the fake evaluates the wrong filter) or by post-filtering its answers.
 */
import type { QuirkContext, QuirkHooks } from "../../fakes/index.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
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

type Json = Record<string, unknown>;

/**
 * A server with its own filter evaluator: it lists every user (the fake is sent no filter) and keeps
 * those `matches` selects; a filter `matches` throws on is refused with 400 invalidFilter. Used to break
 * one rule of RFC 7644 §3.4.2.2 while every other stays the harness evaluator's.
 */
export function evaluateWith(matches: (filter: FilterNode, resource: Json) => boolean): QuirkHooks {
  const filters = new WeakMap<object, FilterNode>();
  return {
    onRequest(ctx) {
      const raw = ctx.request.url.searchParams.get("filter");
      if (!isList(ctx) || ctx.route.endpoint !== "Users" || raw === null) return undefined;
      try {
        filters.set(ctx.request, parseFilter(raw));
      } catch {
        return undefined;
      }
      ctx.request.url.searchParams.delete("filter");
      ctx.request.url.searchParams.set("count", "1000");
      return undefined;
    },
    onResponse(ctx, response) {
      const filter = filters.get(ctx.request);
      if (filter === undefined || response.status !== 200) return response;
      const body = structuredClone(response.json) as {
        Resources?: Json[];
        totalResults?: number;
        itemsPerPage?: number;
      };
      try {
        body.Resources = (body.Resources ?? []).filter((r) => matches(filter, r));
      } catch {
        return json(400, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: "400",
          scimType: "invalidFilter",
          detail: "unsupported filter",
        });
      }
      body.totalResults = body.Resources.length;
      body.itemsPerPage = body.Resources.length;
      return { ...response, json: body };
    },
  };
}

/** The User resource type with `patch` applied to the attributes named (lower-case dotted: `name.givenname`). */
export function tweakUserType(
  names: readonly string[],
  patch: Partial<AttributeDefinition>,
  base: ResourceTypeSchemas = USER_RESOURCE_TYPE,
): ResourceTypeSchemas {
  const tweak = (attrs: readonly AttributeDefinition[], parent: string): AttributeDefinition[] =>
    attrs.map((a) => {
      const key = `${parent}${a.name.toLowerCase()}`;
      const sub = a.subAttributes === undefined ? {} : { subAttributes: tweak(a.subAttributes, `${key}.`) };
      return { ...a, ...sub, ...(names.includes(key) ? patch : {}) };
    });
  return {
    ...base,
    core: { ...base.core, attributes: tweak(base.core.attributes, "") },
    extensions: base.extensions.map((e) => ({
      ...e,
      schema: { ...e.schema, attributes: tweak(e.schema.attributes, "") },
    })),
  };
}

/** A single-valued string attribute the broken servers add to read a value their own way. */
const textAttribute = (name: string, caseExact: boolean): AttributeDefinition => ({
  name,
  type: "string",
  multiValued: false,
  description: "",
  required: false,
  caseExact,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
});

/**
 * A server that compares these (caseExact false) attributes case-sensitively, in the way that loses
 * matches: it drops a hit whose case differs (it never adds one).
 */
export const caseSensitive = (...names: string[]): QuirkHooks => {
  const type = tweakUserType(names, { caseExact: true });
  return evaluateWith(
    (filter, r) => evaluateFilter(filter, r, USER_RESOURCE_TYPE) && evaluateFilter(filter, r, type),
  );
};

/** A server that compares these attributes case-insensitively although they are caseExact true (RFC 7643 §3.1: externalId). */
export const caseInsensitiveCommon = (...names: string[]): QuirkHooks => {
  const lowered = new Set(names.map((n) => n.toLowerCase()));
  // The common attributes are in no schema: the server reads them as caseExact false copies.
  const type: ResourceTypeSchemas = {
    ...USER_RESOURCE_TYPE,
    core: {
      ...USER_RESOURCE_TYPE.core,
      attributes: [
        ...USER_RESOURCE_TYPE.core.attributes,
        ...names.map((name) => textAttribute(`scimhFolded${name}`, false)),
      ],
    },
  };
  return evaluateWith((filter, r) => {
    const renamed = mapFilter(filter, (n) =>
      (n.kind === "compare" || n.kind === "present") &&
      n.path.uri === undefined &&
      lowered.has(n.path.name.toLowerCase())
        ? { ...n, path: { name: `scimhFolded${n.path.name}` } }
        : n,
    );
    const copy: Json = { ...r };
    for (const name of names) copy[`scimhFolded${name}`] = r[name];
    return evaluateFilter(renamed, copy, type);
  });
};

/** A server that compares meta.created and meta.lastModified as strings, not as instants (RFC 7644 §3.4.2.2). */
export function dateTimeAsString(): QuirkHooks {
  const type = tweakUserType([], {});
  const texts = ["created", "lastModified"].map((name) => textAttribute(`scimhText${name}`, true));
  const asText: ResourceTypeSchemas = {
    ...type,
    core: { ...type.core, attributes: [...type.core.attributes, ...texts] },
  };
  return evaluateWith((filter, r) => {
    const renamed = mapFilter(filter, (n) =>
      (n.kind === "compare" || n.kind === "present") &&
      n.path.name.toLowerCase() === "meta" &&
      n.path.subAttr !== undefined
        ? { ...n, path: { name: `scimhText${n.path.subAttr}` } }
        : n,
    );
    const meta = (r["meta"] ?? {}) as Json;
    return evaluateFilter(
      renamed,
      { ...r, scimhTextcreated: meta["created"], scimhTextlastModified: meta["lastModified"] },
      asText,
    );
  });
}

/** A server whose parser keeps `\uXXXX` escapes in string literals as the text `uXXXX` (RFC 8259 §7). */
export function ignoresUnicodeEscapes(): QuirkHooks {
  return {
    onRequest(ctx) {
      const raw = ctx.request.url.searchParams.get("filter");
      if (!isList(ctx) || raw === null) return undefined;
      ctx.request.url.searchParams.set(
        "filter",
        raw.replace(/(?<!\\)((?:\\\\)*)\\u([0-9A-Fa-f]{4})/g, "$1u$2"),
      );
      return undefined;
    },
  };
}

/** A server that reads `not (a) and b` as `not (a and b)`: `not` binds looser than `and` (RFC 7644 §3.4.2.2 Table 3). */
export const notBindsLoosely = (): QuirkHooks =>
  rewriteFilter((n) =>
    n.kind === "and" && n.left.kind === "not"
      ? { kind: "not", filter: { kind: "and", left: n.left.filter, right: n.right } }
      : n,
  );

/** A server that matches nothing on a path qualified with the core schema URN (`urn:…:User:userName`, RFC 7644 §3.10). */
export const ignoresCoreUrn = (): QuirkHooks =>
  rewriteFilter((n) =>
    (n.kind === "compare" || n.kind === "present") &&
    n.path.uri?.toLowerCase() === "urn:ietf:params:scim:schemas:core:2.0:user"
      ? { kind: "compare", path: { name: "scimhNoSuchAttribute" }, op: "eq", value: "x" }
      : n,
  );

const onExtension = (node: FilterNode, uri: string, name: string): boolean =>
  (node.kind === "compare" || node.kind === "present") &&
  node.path.uri?.toLowerCase() === uri.toLowerCase() &&
  node.path.name.toLowerCase() === name.toLowerCase() &&
  node.path.subAttr === undefined;

/**
 * A server that stores the number extension attribute `uri:name` (integer or decimal) as text and compares
 * it as text: `"10" lt "9"`, `"1e-7" gt "0.1"` (RFC 7644 §3.4.2.2 orders numbers numerically). `type` is
 * the User resource type the fake declares.
 */
export function numberAsText(type: ResourceTypeSchemas, uri: string, name: string): QuirkHooks {
  const asText = tweakUserType([name.toLowerCase()], { type: "string", caseExact: true }, type);
  return evaluateWith((filter, r) => {
    const texts = mapFilter(filter, (n) =>
      n.kind === "compare" && onExtension(n, uri, name) && typeof n.value === "number"
        ? { ...n, value: String(n.value) }
        : n,
    );
    const ext = r[uri] as Json | undefined;
    const value = ext?.[name];
    const copy = typeof value === "number" ? { ...r, [uri]: { ...ext, [name]: String(value) } } : r;
    return evaluateFilter(texts, copy, asText);
  });
}

/** A server that compares the caseExact true extension string `name` without case (RFC 7643 §2.2). */
export const caseExactIgnored = (type: ResourceTypeSchemas, name: string): QuirkHooks => {
  const folded = tweakUserType([name.toLowerCase()], { caseExact: false }, type);
  return evaluateWith((filter, r) => evaluateFilter(filter, r, folded));
};
