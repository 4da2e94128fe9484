/**
 * /ServiceProviderConfig needs the bearer token like every other endpoint, so a client cannot read the
 * authenticationSchemes before it has a credential (RFC 7643 §5: SHOULD be readable without prior
 * authentication). The clean fake serves it without credentials.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { errorResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";

/** GET /ServiceProviderConfig without credentials answers 401. */
export const serviceProviderConfigProtected = defineQuirk({
  id: "service-provider-config-protected",
  title: "GET /ServiceProviderConfig without credentials answers 401",
  bugIds: [],
  sources: ["RFC 7643 §5"],
  description:
    "A GET of /ServiceProviderConfig without an Authorization header answers 401 (RFC 6750 challenge), as " +
    "every other endpoint does. With the token, and every other endpoint, unchanged.",
  hooks: {
    onRequest(ctx) {
      if (ctx.route.operation !== "discovery" || ctx.route.endpoint !== "ServiceProviderConfig")
        return undefined;
      if (ctx.request.headers["authorization"] !== undefined) return undefined;
      return errorResponse(
        new ScimError(401, undefined, "Authorization header with a Bearer token is required"),
        { "www-authenticate": 'Bearer realm="scim"' },
      );
    },
  },
});
