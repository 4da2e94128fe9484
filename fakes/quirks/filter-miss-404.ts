/**
 * B9: a filter that matches nothing answers 404 instead of an empty ListResponse. Entra's Test Connection
 * and every pre-create lookup then fail; Entra quarantines the job with "SCIM Compliance issue" [S4].
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import type { ScimResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkContext } from "./quirk.ts";

/** True when a list or `.search` request carries a non-empty filter. */
export function hasFilter(ctx: QuirkContext): boolean {
  if (ctx.route.operation === "list") return (ctx.request.url.searchParams.get("filter") ?? "").trim() !== "";
  try {
    const body: unknown = JSON.parse(new TextDecoder().decode(ctx.request.body));
    return isJsonObject(body) && typeof body["filter"] === "string" && body["filter"].trim() !== "";
  } catch {
    return false;
  }
}

/** True for a filtered list or `.search` that answered 200 with no match. */
export function isFilterMiss(ctx: QuirkContext, response: ScimResponse): boolean {
  const isQuery = ctx.route.operation === "list" || ctx.route.operation === "search";
  const json = response.json;
  const empty = response.status === 200 && isJsonObject(json) && json["totalResults"] === 0;
  return isQuery && empty && hasFilter(ctx);
}

/** 404 on a filtered list or search with no match (B9). */
export const filterMiss404 = defineQuirk({
  id: "filter-miss-404",
  title: "Filter miss returns 404 instead of an empty ListResponse",
  bugIds: ["B9"],
  sources: [
    "https://github.com/jelhub/scimgateway/issues/18",
    "https://github.com/grokability/snipe-it/issues/11913",
    "[S4]",
  ],
  description:
    "A filtered GET /Users, GET /Groups or POST .search that matches no resource answers 404 with a SCIM " +
    "error body. Lists with matches, unfiltered lists (also when empty) and GET by id are unchanged.",
  hooks: {
    onResponse(ctx, response) {
      if (!isFilterMiss(ctx, response)) return response;
      return scimErrorResponse(404, undefined, "No resources found");
    },
  },
});
