/**
 * ListResponse paging values as strings (`"totalResults": "3"`). Okta requires `itemsPerPage`, `startIndex`
 * and `totalResults` as integers [O1] [O2] (harness/idp/okta/EVIDENCE.md); RFC 7644 §3.4.2 defines them as
 * integers. Okta's Test API Credentials and imports fail.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

const PAGING = ["totalResults", "startIndex", "itemsPerPage"];

/** Paging values of list answers sent as JSON strings. */
export const pagingStrings = defineQuirk({
  id: "paging-strings",
  title: "ListResponse paging values are strings, not integers",
  bugIds: [],
  sources: [
    "https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20",
    "okta/okta-developer-docs scim-20/index.md [O1]",
  ],
  description:
    "Every list or .search answer sends totalResults, startIndex and itemsPerPage as strings of their " +
    "values; the resources and everything else are unchanged.",
  hooks: {
    onResponse(ctx, response) {
      const query = ctx.route.operation === "list" || ctx.route.operation === "search";
      if (!query || !isJsonObject(response.json)) return response;
      const json = { ...response.json };
      for (const key of PAGING) if (typeof json[key] === "number") json[key] = String(json[key]);
      return { ...response, json };
    },
  },
});
