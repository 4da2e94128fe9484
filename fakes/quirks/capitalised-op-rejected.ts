/**
 * B2: Entra without the aadOptscim062020 flag writes `"op": "Replace"` / `"Add"` / `"Remove"`; an SP that
 * matches `op` case-sensitively (RFC 7644 §3.5.2 spells them lower-case) rejects the whole PATCH.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { opField } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

/** True when `op` is a string with an upper-case letter ("Replace"). */
export const isCapitalisedOp = (operation: PatchOperation): boolean => {
  const op = opField(operation, "op");
  return typeof op === "string" && op !== op.toLowerCase();
};

/** A capitalised `op` answers 400 invalidSyntax (B2). */
export const capitalisedOpRejected = defineQuirk({
  id: "capitalised-op-rejected",
  title: 'PATCH with "op": "Replace" (capitalised) is rejected with 400',
  bugIds: ["B2"],
  sources: [
    "https://github.com/thomaspoignant/scim-patch/pull/6",
    "https://github.com/Azure/AzureAD-BYOA-Provisioning-Samples/issues/24",
  ],
  description:
    'A PATCH with any operation whose "op" is not all lower-case ("Replace", "Add", "Remove") answers 400 ' +
    'invalidSyntax and changes nothing. Lower-case "op" values are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      const bad = operations.find(isCapitalisedOp);
      if (bad !== undefined) {
        throw new ScimError(
          400,
          "invalidSyntax",
          `Invalid op ${JSON.stringify(opField(bad, "op")) ?? "undefined"}`,
        );
      }
      return operations;
    },
  },
});
