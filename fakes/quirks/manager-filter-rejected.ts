/**
 * B11 (the filter variant): Entra removes a manager with `{"op":"remove","path":"manager[value eq \"id\"]"}`
 * (idp-behaviour §1.5.5, [C6]), a value filter on a single-valued attribute; an SP built on a strict PATCH
 * library answers 400 "Impossible to search on a mono valued attribute" and the manager stays.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { bareAttribute, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** A value filter on `manager` answers 400 invalidPath (B11). */
export const managerFilterRejected = defineQuirk({
  id: "manager-filter-rejected",
  title: 'PATCH path manager[value eq "id"] is rejected with 400 (filter on a single-valued attribute)',
  bugIds: ["B11"],
  sources: [
    "https://github.com/thomaspoignant/scim-patch/issues/453",
    "https://github.com/Budibase/budibase/issues/15369",
  ],
  description:
    'A PATCH operation whose path puts a value filter on "manager" (manager[value eq "id"], with or without ' +
    'the enterprise URN) answers 400 invalidPath "Impossible to search on a mono valued attribute" and ' +
    'changes nothing. "remove" with path "manager" and other filtered paths are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      for (const operation of operations) {
        const path = opPath(operation);
        if (path !== undefined && path.includes("[") && bareAttribute(path).startsWith("manager")) {
          throw new ScimError(400, "invalidPath", "Impossible to search on a mono valued attribute");
        }
      }
      return operations;
    },
  },
});
