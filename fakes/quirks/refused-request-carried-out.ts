/**
 * An SP that checks a token's expiry only after it has done the work: a request with an expired or revoked
 * token answers 401, but its write has been carried out. RFC 7644 §2 has the service provider authenticate
 * the request and §3.12 answers 401 to an invalid authorization header; an IdP whose token expired believes
 * nothing happened (Entra quarantines the job [S4]) while the directory changed. The contract check
 * `rfc7644.auth.refused-credential-no-change` reports it.
 */
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { takeRefusedToken } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** The requests whose token was refused and that were carried out anyway. */
const refused = new WeakSet<object>();

export const refusedRequestCarriedOut = defineQuirk({
  id: "refused-request-carried-out",
  title: "A request with an expired or revoked token answers 401 but is carried out",
  bugIds: [],
  sources: ["RFC 7644 §2, §3.12 (401)", "[S4] (Entra quarantines on 401)"],
  description:
    "A request whose bearer token the fake issued but has expired or revoked is handled as with a valid " +
    "token (its write is stored), then answered 401 with a SCIM error body. Unknown and missing tokens are " +
    "refused before anything happens.",
  hooks: {
    onRequest(ctx) {
      if (takeRefusedToken(ctx)) refused.add(ctx.request);
      return undefined;
    },
    onResponse: (ctx, response) =>
      refused.has(ctx.request) ? scimErrorResponse(401, undefined, "The token has expired") : response,
  },
});
