/**
 * B20: case-sensitive routing. RFC 7644 §3.2 names the endpoints `/Users`, `/Groups`, …; an SP whose router
 * matches case-sensitively answers 404 for `/users`, and a job configured with it is quarantined.
 */
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";

/** Endpoint names must match their RFC spelling exactly (B20). */
export const caseSensitiveRoutes = defineQuirk({
  id: "case-sensitive-routes",
  title: "Routes are case-sensitive: /users answers 404",
  bugIds: ["B20"],
  sources: [
    "https://github.com/AzureAD/SCIMReferenceCode/issues/43",
    "https://github.com/grokability/snipe-it/issues/13968",
  ],
  description:
    "A request whose endpoint segment differs in case from /Users, /Groups, /Schemas, /ResourceTypes, " +
    "/ServiceProviderConfig, /Bulk or /Me answers 404 with a SCIM error body, before authentication. The " +
    "exact spellings are unchanged.",
  hooks: {
    onRequest(ctx) {
      const { endpoint, endpointAsSent } = ctx.route;
      if (endpoint === undefined || endpointAsSent === undefined || endpoint === ".search") return undefined;
      if (endpointAsSent === endpoint) return undefined;
      return scimErrorResponse(404, undefined, `No route for ${ctx.request.url.pathname}`);
    },
  },
});
