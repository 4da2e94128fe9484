/**
 * An SP whose result cap throws: a filtered list or search that matches more resources than the page it may
 * return (filter.maxResults, RFC 7643 §5) answers 500 instead of 400 "tooMany" (RFC 7644 §3.4.2, §3.12) or a
 * page of at most maxResults. An IdP sees an outage where the RFC gives it a client error to act on. The
 * contract check `rfc7644.error.filter-too-many` reports it (with a small maxResults: the fake's
 * `maxResults` option, `FAKE_MAX_RESULTS` of its image).
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";

export const tooMany500 = defineQuirk({
  id: "too-many-500",
  title: "A filter matching more resources than maxResults answers 500",
  bugIds: [],
  sources: ["RFC 7644 §3.4.2, §3.12 (tooMany)", "RFC 7643 §5 (filter.maxResults)"],
  description:
    "A filtered list or .search without a count, whose matches do not fit on the page the fake would answer " +
    "(more than maxResults), answers 500 with a SCIM error body instead of that page.",
  hooks: {
    onResponse(ctx, response) {
      const listing = ctx.route.operation === "list" || ctx.route.operation === "search";
      if (!listing || response.status !== 200 || !isJsonObject(response.json)) return response;
      const query = ctx.request.url.searchParams;
      if (ctx.route.operation === "list" && (!query.has("filter") || query.has("count"))) return response;
      const total = response.json["totalResults"];
      const resources = response.json["Resources"];
      const onPage = Array.isArray(resources) ? resources.length : 0;
      const startIndex = Number(query.get("startIndex") ?? 1);
      const truncated = typeof total === "number" && onPage < total - (Math.max(startIndex, 1) - 1);
      return truncated ? scimErrorResponse(500, undefined, "result limit exceeded") : response;
    },
  },
});
