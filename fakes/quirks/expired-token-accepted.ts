/**
 * An SP that checks a bearer token's signature but not its expiry: an expired (or revoked) token still
 * works, and the request is carried out as with a valid one. RFC 7644 §2 has the service provider
 * authenticate every request and §3.12 answers 401 to an invalid authorization header; Entra quarantines a
 * job on 401 "Invalid credentials" [S4], so against this SP a token that should have stopped provisioning
 * goes on writing. The contract check `rfc7644.auth.expired-token-401` and the token scenarios report it.
 */
import { takeRefusedToken } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** An expired or revoked token is taken as the primary one; unknown and missing tokens are still refused. */
export const expiredTokenAccepted = defineQuirk({
  id: "expired-token-accepted",
  title: "An expired or revoked token still works",
  bugIds: [],
  sources: ["RFC 7644 §2, §3.12 (401)", "[S4] (Entra quarantines on 401)"],
  description:
    "A request whose bearer token the fake issued but has expired or revoked is authenticated as if the token " +
    "were valid and carried out. Unknown, malformed and missing tokens still answer 401.",
  hooks: {
    onRequest(ctx) {
      takeRefusedToken(ctx);
      return undefined;
    },
  },
});
