/**
 * B4: Entra (without the flag) and JumpCloud remove members with `{"op":"remove","path":"members",
 * "value":[{"value":"id"}]}`. An RFC-literal SP reads "remove with no filter" (RFC 7644 §3.5.2.2) and
 * removes every member of the group.
 */
import { defineQuirk } from "./quirk.ts";

const isBareMembersPath = (path: unknown): boolean =>
  typeof path === "string" && path.trim().toLowerCase() === "members";

/** Value-array member removal empties the group (B4). */
export const membersRemoveWipesGroup = defineQuirk({
  id: "members-remove-wipes-group",
  title: "Removing members with a value array and no filter removes all members",
  bugIds: ["B4"],
  sources: [
    "https://github.com/MicrosoftDocs/azure-docs/issues/30826",
    "https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/149",
    "https://github.com/thomaspoignant/scim-patch/issues/959",
    "https://github.com/pond/scimitar/issues/43",
  ],
  description:
    'A PATCH operation {"op":"remove","path":"members","value":[…]} ignores its value and removes every ' +
    'member. Filtered removal (members[value eq "id"]), add and replace are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      return operations.map((operation) => {
        const isRemove = typeof operation.op === "string" && operation.op.toLowerCase() === "remove";
        if (!isRemove || !isBareMembersPath(operation.path) || !("value" in operation)) return operation;
        return Object.fromEntries(Object.entries(operation).filter(([key]) => key !== "value"));
      });
    },
  },
});
