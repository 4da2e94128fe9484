/**
 * B2 (the silent variant): an SP that matches `op` case-sensitively and skips operations it does not
 * recognise, so Entra's `"op": "Replace"` (no aadOptscim062020 flag) succeeds without changing anything.
 */
import { isCapitalisedOp } from "./capitalised-op-rejected.ts";
import { defineQuirk } from "./quirk.ts";

/** Capitalised `op` operations are dropped; the PATCH still succeeds (B2). */
export const capitalisedOpIgnored = defineQuirk({
  id: "capitalised-op-ignored",
  title: 'PATCH operations with "op": "Replace" (capitalised) are silently skipped',
  bugIds: ["B2"],
  sources: [
    "https://github.com/thomaspoignant/scim-patch/pull/6",
    "https://github.com/Azure/AzureAD-BYOA-Provisioning-Samples/issues/24",
  ],
  description:
    'Operations whose "op" is not all lower-case are dropped before the PATCH is applied; the rest applies ' +
    "and the answer is a success (a PATCH of only such operations is a successful no-op). Lower-case " +
    '"op" values are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      return operations.filter((operation) => !isCapitalisedOp(operation));
    },
  },
});
