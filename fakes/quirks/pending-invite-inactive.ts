/**
 * B19: an SP that models a provisioned user as a pending invite and reports `active: false` until the
 * person accepts it. The IdP diffs `active`, sees false, and keeps trying to reactivate the user
 * (kortix-ai/suna PR #4244).
 */
import { defineQuirk } from "./quirk.ts";

/** Users are stored and returned with `active: false` (B19). */
export const pendingInviteInactive = defineQuirk({
  id: "pending-invite-inactive",
  title: "New users are pending invites: active is false, and reactivation never sticks",
  bugIds: ["B19"],
  sources: ["https://github.com/kortix-ai/suna/pull/4244"],
  description:
    'Every User create, PUT and PATCH stores "active": false, whatever the body says (the invite is never ' +
    "accepted in the fake). Other attributes apply as usual, the answers are successes, and Groups are " +
    "unchanged.",
  hooks: {
    beforeCommit(_ctx, change) {
      if (change.resourceType !== "User") return change.after;
      return { ...change.after, active: false };
    },
  },
});
