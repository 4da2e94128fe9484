/**
 * B23: an SP that answers a disable PATCH with 409 "User must be Active." (real Entra log text, [S21]).
 * It has already deactivated the user, so the user looks disabled in the app while Entra records a failure,
 * retries, and gets the same 409 again, since the rule forbids changing an inactive user.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import type { ScimRequest } from "../core/scim-exchange.ts";
import { activeWritten, isFalse } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkContext } from "./quirk.ts";

const DETAIL = "User must be Active.";

/** Requests of this fake that deactivated a user (their success becomes the 409). */
function disabling(ctx: QuirkContext): WeakSet<ScimRequest> {
  const existing = ctx.state["disabling"];
  if (existing instanceof WeakSet) return existing as WeakSet<ScimRequest>;
  const created = new WeakSet<ScimRequest>();
  ctx.state["disabling"] = created;
  return created;
}

/** Disabling answers 409 "User must be Active." (after committing, the first time) (B23). */
export const disableConflict409 = defineQuirk({
  id: "disable-conflict-409",
  title: 'A disable PATCH answers 409 "User must be Active." although the user is deactivated',
  bugIds: ["B23"],
  sources: ["[S21]"],
  description:
    'A PATCH on /Users that sets "active" to false (or "False") on an active user deactivates it and ' +
    'answers 409 "User must be Active." with no scimType; the same PATCH on an inactive user answers the ' +
    "same 409 without a change. Other user PATCHes, reactivation and groups are unchanged.",
  hooks: {
    transformPatchOperations(ctx, operations, current) {
      if (ctx.route.resourceType !== "User" || !operations.some((op) => isFalse(activeWritten(op)))) {
        return operations;
      }
      if (current["active"] === false) throw new ScimError(409, undefined, DETAIL);
      disabling(ctx).add(ctx.request);
      return operations;
    },
    onResponse(ctx, response) {
      if (!disabling(ctx).has(ctx.request) || response.status >= 300) return response;
      return scimErrorResponse(409, undefined, DETAIL);
    },
  },
});
