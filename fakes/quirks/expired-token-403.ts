/**
 * An SP that answers 403 where RFC 7644 §3.12 has 401: an expired, revoked or unknown token gets "Forbidden".
 * Entra quarantines the job on a 401 "Invalid credentials" [S4] but logs a 403 as InsufficientRights [S8]
 * and goes on, so an expired token is never noticed. The token scenarios' quarantine expectations and the
 * contract check `rfc7644.auth.expired-token-401` report it.
 */
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";

export const expiredToken403 = defineQuirk({
  id: "expired-token-403",
  title: "An expired or unknown token gets 403 instead of 401",
  bugIds: [],
  sources: ["[S4]", "[S8]", "RFC 7644 §3.12 (401, 403)"],
  description: "Every 401 answer becomes a 403 with a SCIM error body.",
  hooks: {
    onResponse: (_ctx, response) =>
      response.status === 401 ? scimErrorResponse(403, undefined, "Forbidden") : response,
  },
});
