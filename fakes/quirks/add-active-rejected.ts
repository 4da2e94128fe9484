/**
 * B3: Entra sends `"op": "Add"` for attributes it believes absent on the target, `active` included
 * (idp-behaviour §1.5.4, [C8]); an SP that allows only `replace` on `active` answers 400 and the
 * deprovisioning fails (rancher/rancher #54025).
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { bareAttribute, opField, opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

function addsActive(operation: PatchOperation): boolean {
  if (opName(operation) !== "add") return false;
  const path = opPath(operation);
  if (path !== undefined) return bareAttribute(path) === "active";
  const value = opField(operation, "value");
  return isJsonObject(value) && findKey(value, "active") !== undefined;
}

/** `add` on `active` answers 400 (B3). */
export const addActiveRejected = defineQuirk({
  id: "add-active-rejected",
  title: 'PATCH "op": "add" on "active" is rejected with 400 (only replace is allowed)',
  bugIds: ["B3"],
  sources: [
    "https://github.com/rancher/rancher/issues/54025",
    "https://github.com/rancher/rancher/issues/54869",
  ],
  description:
    'A PATCH with an "add" operation (any case) on path "active", or a path-less "add" whose value has an ' +
    '"active" key, answers 400 invalidSyntax and changes nothing. "replace" on "active" and "add" on other ' +
    "attributes are unchanged.",
  hooks: {
    transformPatchOperations(_ctx, operations) {
      if (operations.some(addsActive)) {
        throw new ScimError(400, "invalidSyntax", 'Unsupported operation "add" for attribute "active"');
      }
      return operations;
    },
  },
});
