/**
 * B9 (the empty-body variant): a filter that matches nothing answers 200 with an empty body instead of an
 * empty ListResponse; Entra cannot parse it, so Test Connection and pre-create lookups fail [S4] [S8].
 */
import { defineQuirk } from "./quirk.ts";
import { isFilterMiss } from "./filter-miss-404.ts";

/** 200 with no body on a filtered list or search with no match (B9). */
export const filterMissEmptyBody = defineQuirk({
  id: "filter-miss-empty-body",
  title: "Filter miss returns 200 with an empty body instead of an empty ListResponse",
  bugIds: ["B9"],
  sources: [
    "https://github.com/jelhub/scimgateway/issues/18",
    "https://github.com/grokability/snipe-it/issues/11913",
    "[S4]",
  ],
  description:
    "A filtered GET /Users, GET /Groups or POST .search that matches no resource answers 200 with " +
    "Content-Type application/scim+json and an empty body. Lists with matches, unfiltered lists (also when " +
    "empty) and GET by id are unchanged.",
  hooks: {
    onResponse(ctx, response) {
      if (!isFilterMiss(ctx, response)) return response;
      return { status: 200, headers: { "content-type": response.headers["content-type"] ?? "" }, text: "" };
    },
  },
});
