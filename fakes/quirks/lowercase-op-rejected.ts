/**
 * B2 (the mirror case): Microsoft's old SCIM SDK accepted only `"op": "Add"` / `"Replace"` / `"Remove"`,
 * so a client writing the RFC 7644 §3.5.2 lower-case forms (OneLogin; Entra with the flag) got 400.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import { opField } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

const CAPITALISED = new Set(["Add", "Replace", "Remove"]);

const isAccepted = (operation: PatchOperation): boolean => {
  const op = opField(operation, "op");
  return typeof op === "string" && CAPITALISED.has(op);
};

/** Only capitalised `op` values are accepted (B2 mirror). */
export const lowercaseOpRejected = defineQuirk({
  id: "lowercase-op-rejected",
  title: 'PATCH with "op": "add" (RFC lower-case) is rejected; only "Add"/"Replace"/"Remove" work',
  bugIds: ["B2"],
  sources: [
    "https://github.com/thomaspoignant/scim-patch/pull/6",
    "https://github.com/Azure/AzureAD-BYOA-Provisioning-Samples/issues/24",
  ],
  description:
    'A PATCH with any operation whose "op" is not exactly "Add", "Replace" or "Remove" answers 400 ' +
    "invalidSyntax and changes nothing. Capitalised operations are unchanged.",
  hooks: {
    transformPatchOperations(_ctx, operations) {
      const bad = operations.find((operation) => !isAccepted(operation));
      if (bad !== undefined) {
        throw new ScimError(
          400,
          "invalidSyntax",
          `Unsupported op ${JSON.stringify(opField(bad, "op")) ?? "undefined"}`,
        );
      }
      return operations;
    },
  },
});
