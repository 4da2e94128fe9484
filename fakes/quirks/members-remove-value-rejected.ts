/**
 * B4 (the 400 variant): Entra (no flag) and JumpCloud remove members with
 * `{"op":"remove","path":"members","value":[{"value":"id"}]}`; an SP that follows RFC 7644 §3.5.2.2 to
 * the letter refuses a `value` on `remove` ("values must not be set for remove operation", SCIM-SDK #149).
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { hasValue, opField, opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** A `remove` with a `value` answers 400 invalidValue (B4). */
export const membersRemoveValueRejected = defineQuirk({
  id: "members-remove-value-rejected",
  title: 'Removing members with a value array answers 400 "values must not be set for remove operation"',
  bugIds: ["B4"],
  sources: [
    "https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/149",
    "https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/167",
    "https://github.com/pingidentity/scim2/issues/174",
  ],
  description:
    'A PATCH with a "remove" operation (any case) that carries a "value" answers 400 invalidValue with ' +
    'the detail "values must not be set for remove operation but was: …" and changes nothing. Filtered ' +
    'removal (members[value eq "id"]) and add are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      const bad = operations.find(
        (op) => opName(op) === "remove" && opPath(op) !== undefined && hasValue(op),
      );
      if (bad !== undefined) {
        const value = JSON.stringify(opField(bad, "value")) ?? "null";
        throw new ScimError(
          400,
          "invalidValue",
          `values must not be set for remove operation but was: ${value}`,
        );
      }
      return operations;
    },
  },
});
