/**
 * A user create carrying `password` is refused with 400. Okta sends a placeholder password on every
 * create, even with password sync off [O4] (langfuse/langfuse#15997, zitadel/zitadel#10009; see
 * harness/idp/okta/EVIDENCE.md), so every Okta create fails; RFC 7643 §4.1.1 makes `password` a writeOnly
 * attribute the SP may ignore.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { defineQuirk } from "./quirk.ts";

/** 400 on POST /Users with a password. */
export const passwordRejected = defineQuirk({
  id: "password-rejected",
  title: "POST /Users with a password attribute is refused with 400",
  bugIds: [],
  sources: [
    "https://github.com/langfuse/langfuse/pull/15997",
    "https://github.com/zitadel/zitadel/issues/10009",
    "[O4]",
  ],
  description:
    "A user create whose body has a password attribute (any case) answers 400 invalidValue naming the " +
    "password; creates without one, PUT and PATCH are unchanged.",
  hooks: {
    transformBody(ctx, body) {
      const create = ctx.route.operation === "create" && ctx.route.resourceType === "User";
      if (create && isJsonObject(body) && Object.keys(body).some((k) => k.toLowerCase() === "password")) {
        throw new ScimError(400, "invalidValue", "password does not meet the password policy");
      }
      return body;
    },
  },
});
