/**
 * B25: an SP whose PATCH path parser knows only plain attribute names, so the RFC 7644 §3.5.2 members
 * filter `members[value eq "id"]` (JumpCloud, and Entra with aadOptscim062020) fails and membership
 * updates are lost (windmill-labs/windmill PR #7495).
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** A value filter on `members` answers 400 invalidPath (B25). */
export const membersFilterUnparsed = defineQuirk({
  id: "members-filter-unparsed",
  title: 'PATCH path members[value eq "id"] is not parsed: 400 invalidPath',
  bugIds: ["B25"],
  sources: ["https://github.com/windmill-labs/windmill/pull/7495", "[J9]"],
  description:
    'A PATCH operation whose path is a value filter on "members" (members[value eq "id"]) answers 400 ' +
    'invalidPath and changes nothing. Path "members" with a value array (add and remove) and filtered paths ' +
    "on other attributes are unchanged.",
  hooks: {
    transformPatchOperations(_ctx, operations) {
      for (const operation of operations) {
        const path = opPath(operation);
        if (path !== undefined && /^members\s*\[/i.test(path)) {
          throw new ScimError(400, "invalidPath", `Unsupported path "${path}"`);
        }
      }
      return operations;
    },
  },
});
