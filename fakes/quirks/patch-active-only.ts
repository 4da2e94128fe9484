/**
 * B22: an SP whose user PATCH supports only deprovisioning (`active` set to false) and rejects the routine
 * attribute PATCHes Entra sends on every change, with "Invalid Patch Operation" (getsentry/sentry-docs
 * #16258). The errors pile up, and turning Entra's "Update" action off to silence them also stops disables.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { activeWritten, isFalse, opField, opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

/** Only `replace active false`, by path or as a path-less `{ "active": false }`. */
function isDeactivation(operation: PatchOperation): boolean {
  if (opName(operation) !== "replace" || !isFalse(activeWritten(operation))) return false;
  const value = opField(operation, "value");
  return opPath(operation) !== undefined || (isJsonObject(value) && Object.keys(value).length === 1);
}

/** User PATCH accepts only `active: false` (B22). */
export const patchActiveOnly = defineQuirk({
  id: "patch-active-only",
  title: 'User PATCH supports only "active": false; every other user PATCH is rejected with 400',
  bugIds: ["B22"],
  sources: [
    "https://github.com/getsentry/sentry-docs/issues/16258",
    "https://github.com/getsentry/sentry/pull/27199",
  ],
  description:
    'A PATCH on /Users whose operations are not all "replace active false" (by path, or a path-less value ' +
    'holding only "active") answers 400 "Invalid Patch Operation." and changes nothing; reactivation ' +
    "(active true) is rejected too. Deactivation and group PATCHes are unchanged.",
  hooks: {
    transformPatchOperations(ctx, operations) {
      if (ctx.route.resourceType === "User" && !operations.every(isDeactivation)) {
        throw new ScimError(
          400,
          undefined,
          "Invalid Patch Operation. See documentation for what is supported",
        );
      }
      return operations;
    },
  },
});
