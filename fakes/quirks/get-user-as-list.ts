/**
 * GET `/Users/{id}` answers a ListResponse holding the user instead of the user itself. RFC 7644 §3.4.1
 * returns the resource; Okta GETs the user before every profile PUT and merges its change into the answer
 * [O1] (harness/idp/okta/EVIDENCE.md), so it would PUT a ListResponse back.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** A successful GET of one user wrapped in a ListResponse. */
export const getUserAsList = defineQuirk({
  id: "get-user-as-list",
  title: "GET /Users/{id} answers a ListResponse instead of the User",
  bugIds: [],
  sources: [
    "https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20",
    "okta/okta-developer-docs scim-20/index.md [O1]",
  ],
  description:
    "A 200 answer to GET /Users/{id} becomes {schemas: [ListResponse], totalResults: 1, startIndex: 1, " +
    "itemsPerPage: 1, Resources: [user]}; lists, groups and writes are unchanged.",
  hooks: {
    onResponse(ctx, response) {
      const get = ctx.route.operation === "get" && ctx.route.resourceType === "User";
      if (!get || response.status !== 200 || !isJsonObject(response.json)) return response;
      const json = {
        schemas: [LIST],
        totalResults: 1,
        startIndex: 1,
        itemsPerPage: 1,
        Resources: [response.json],
      };
      return { ...response, json };
    },
  },
});
