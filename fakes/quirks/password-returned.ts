/**
 * The User's `password` comes back (as a hash) although the schema declares it `returned: "never"`.
 * RFC 7643 §4.1.1 password: "This value MUST never be returned by a service provider in any form";
 * RFC 7643 §7 returned "never".
 */
import { defineQuirk } from "./quirk.ts";
import { mapResponseResources } from "./quirk-helpers.ts";

/** Every User representation carries a `password` hash. */
export const passwordReturned = defineQuirk({
  id: "password-returned",
  title: "User resources carry a password hash (declared returned: never)",
  bugIds: [],
  sources: ["RFC 7643 §4.1.1 (password)", "RFC 7643 §7 (returned never)"],
  description:
    'Every User the fake returns carries "password": "{SSHA}…" (a fixed hash), whatever the client sent. ' +
    "/Schemas still declares password returned never; stored data is unchanged; Groups are unchanged.",
  hooks: {
    onResponse: (ctx, response) =>
      ctx.route.resourceType !== "User"
        ? response
        : mapResponseResources(response, (resource) => ({
            ...resource,
            password: "{SSHA}c2NpbWgtbm90LWEtcmVhbC1oYXNo",
          })),
  },
});
