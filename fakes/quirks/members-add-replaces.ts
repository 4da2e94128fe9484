/**
 * B7: an SP that treats `add` on `members` as a full replace, so each add-member PATCH (Entra, JumpCloud:
 * one or a few members at a time, idp-behaviour §1.6.4, §2.4.3) wipes the members already there.
 */
import { opName, opPath, withField } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** `add` on `members` replaces the member list (B7). */
export const membersAddReplaces = defineQuirk({
  id: "members-add-replaces",
  title: "Adding members replaces the whole member list",
  bugIds: ["B7"],
  sources: [
    "https://github.com/msaad00/agent-bom/issues/3533",
    "https://github.com/PostHog/posthog/pull/47336",
  ],
  description:
    'A PATCH "add" operation (any case) with path "members" becomes a "replace": the group keeps only the ' +
    "members in that request. Remove, replace and adds on other attributes are unchanged.",
  hooks: {
    transformPatchOperations(_ctx, operations) {
      return operations.map((operation) =>
        opName(operation) === "add" && opPath(operation)?.toLowerCase() === "members"
          ? withField(operation, "op", "replace")
          : operation,
      );
    },
  },
});
