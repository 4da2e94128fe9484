/**
 * An SP that echoes the `count` it was asked for as `itemsPerPage`, however many resources the page holds.
 * RFC 7644 §3.4.2 defines itemsPerPage as "The number of resources returned in a list response page"; an
 * IdP that pages by itemsPerPage then asks for pages that do not exist or stops early. The contract check
 * `rfc7644.list.items-per-page-under-count` reports it.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

export const itemsPerPageCount = defineQuirk({
  id: "items-per-page-count",
  title: "itemsPerPage is the count asked for, not the number of resources returned",
  bugIds: [],
  sources: ["RFC 7644 §3.4.2 (itemsPerPage)", "RFC 7644 §3.4.2.4 (count)"],
  description:
    "A list or .search answer to a request with count=N says itemsPerPage N, also when the page holds fewer " +
    "resources. Without count nothing changes.",
  hooks: {
    onResponse(ctx, response) {
      if ((ctx.route.operation !== "list" && ctx.route.operation !== "search") || response.status !== 200)
        return response;
      const count = Number(ctx.request.url.searchParams.get("count") ?? Number.NaN);
      if (!Number.isInteger(count) || count < 1 || !isJsonObject(response.json)) return response;
      return { ...response, json: { ...response.json, itemsPerPage: count } };
    },
  },
});
