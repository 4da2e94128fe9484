/**
 * An SP behind an OAuth gateway: a refused token gets 401 with the gateway's own JSON body
 * (`{"error":"invalid_token"}`, RFC 6750 §3.1 names the code) instead of the SCIM error RFC 7644 §3.12
 * defines (the Error schema, `status` "401"). A SCIM client that reads the error body finds no `status`
 * and no `detail`. The contract checks of refused credentials (`rfc7644.auth.*`) report it.
 */
import { defineQuirk } from "./quirk.ts";

export const authErrorNotScim = defineQuirk({
  id: "auth-error-not-scim",
  title: "401 answers carry an OAuth error body, not a SCIM error",
  bugIds: [],
  sources: ["RFC 7644 §3.12 (error body)", "RFC 6750 §3.1 (invalid_token)"],
  description:
    'Every 401 answer has the JSON body {"error":"invalid_token","error_description":…} with Content-Type ' +
    "application/json; the status and the WWW-Authenticate header are unchanged.",
  hooks: {
    onResponse(_ctx, response) {
      if (response.status !== 401) return response;
      return {
        ...response,
        headers: { ...response.headers, "content-type": "application/json" },
        json: { error: "invalid_token", error_description: "The access token is invalid or has expired" },
      };
    },
  },
});
