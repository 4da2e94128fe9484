/**
 * Pages after the first start over: `startIndex` is ignored on unfiltered lists, so every page holds the
 * first resources again. Okta imports page by page with `startIndex` steps of 100 and needs one order for
 * every page [O1] (harness/idp/okta/EVIDENCE.md, RFC 7644 §3.4.2.4): it sees the first users twice and
 * the rest never.
 */
import { defineQuirk } from "./quirk.ts";

/** `startIndex` ignored on unfiltered GET lists. */
export const pagingRestarts = defineQuirk({
  id: "paging-restarts",
  title: "Unfiltered list pages ignore startIndex: every page starts over",
  bugIds: [],
  sources: [
    "https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20",
    "okta/okta-developer-docs scim-20/index.md [O1]",
  ],
  description:
    "A GET list without a filter is answered as if startIndex were 1 (the answer's startIndex says 1); " +
    "filtered lists, .search and everything else are unchanged.",
  hooks: {
    onRequest(ctx) {
      const params = ctx.request.url.searchParams;
      if (ctx.route.operation === "list" && (params.get("filter") ?? "") === "" && params.has("startIndex")) {
        params.set("startIndex", "1");
      }
      return undefined;
    },
  },
});
