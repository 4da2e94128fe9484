/**
 * Query parameters of list and search requests (RFC 7644 §3.4.2 via GET, §3.4.3 via POST `.search`):
 * `filter`, `startIndex`, `count`, `attributes`, `excludedAttributes`. `sortBy`/`sortOrder` are accepted
 * and ignored: /ServiceProviderConfig says `sort.supported: false` (RFC 7644 §3.4.2.3).
 */
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { parseAttributeList } from "../../harness/scim/projection.ts";
import { SCHEMA_SEARCH_REQUEST } from "../../harness/scim/schemas.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";

/** A parsed list query. `count` is undefined when the client gave none. */
export interface ListQuery {
  filter: FilterNode | undefined;
  startIndex: number;
  count: number | undefined;
  attributes: string[] | undefined;
  excludedAttributes: string[] | undefined;
}

/** The projection parameters of any request that returns a resource (RFC 7644 §3.9). */
export interface ProjectionQuery {
  attributes: string[] | undefined;
  excludedAttributes: string[] | undefined;
}

const INTEGER = /^[+-]?\d+$/;

function toInteger(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return raw;
  if (typeof raw === "string" && INTEGER.test(raw.trim())) {
    const value = Number(raw.trim());
    // Huge values are clamped, so they page past the end instead of overflowing.
    return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, value));
  }
  throw new ScimError(400, "invalidValue", `${name} must be an integer (RFC 7644 §3.4.2.4)`);
}

/** RFC 7644 §3.4.2.4: startIndex < 1 is read as 1; a negative count as 0. */
function paging(rawStart: unknown, rawCount: unknown): Pick<ListQuery, "startIndex" | "count"> {
  const start = toInteger("startIndex", rawStart) ?? 1;
  const count = toInteger("count", rawCount);
  return { startIndex: Math.max(1, start), count: count === undefined ? undefined : Math.max(0, count) };
}

/** `attributes` / `excludedAttributes` from the query string. */
export function projectionFromParams(params: URLSearchParams): ProjectionQuery {
  return {
    attributes: parseAttributeList(params.get("attributes") ?? undefined, "attributes"),
    excludedAttributes: parseAttributeList(
      params.get("excludedAttributes") ?? undefined,
      "excludedAttributes",
    ),
  };
}

/** A list query from GET parameters. */
export function listQueryFromParams(params: URLSearchParams): ListQuery {
  const filter = params.get("filter");
  return {
    filter: filter === null || filter.trim() === "" ? undefined : parseFilter(filter),
    ...paging(params.get("startIndex") ?? undefined, params.get("count") ?? undefined),
    ...projectionFromParams(params),
  };
}

const listParam = (name: string, raw: unknown): string[] | undefined => {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "string") return parseAttributeList(raw, name);
  if (Array.isArray(raw) && raw.every((v) => typeof v === "string"))
    return parseAttributeList(raw.join(","), name);
  throw new ScimError(400, "invalidValue", `${name} must be an array of attribute names (RFC 7644 §3.4.3)`);
};

/** A list query from a SearchRequest body (RFC 7644 §3.4.3); `strict` requires its `schemas`. */
export function listQueryFromSearchRequest(body: unknown, strict: boolean): ListQuery {
  if (!isJsonObject(body)) throw new ScimError(400, "invalidSyntax", "A SearchRequest must be a JSON object");
  const schemas = body["schemas"];
  if (strict && !(Array.isArray(schemas) && schemas.includes(SCHEMA_SEARCH_REQUEST))) {
    throw new ScimError(
      400,
      "invalidSyntax",
      `"schemas" must contain "${SCHEMA_SEARCH_REQUEST}" (RFC 7644 §3.4.3)`,
    );
  }
  const filter = body["filter"];
  if (filter !== undefined && filter !== null && typeof filter !== "string") {
    throw new ScimError(400, "invalidFilter", "filter must be a string");
  }
  return {
    filter: typeof filter === "string" && filter.trim() !== "" ? parseFilter(filter) : undefined,
    ...paging(body["startIndex"], body["count"]),
    attributes: listParam("attributes", body["attributes"]),
    excludedAttributes: listParam("excludedAttributes", body["excludedAttributes"]),
  };
}
