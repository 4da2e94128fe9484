/**
 * B1 (the 400 variant): Entra sends `"active": "False"` (a string) without the aadOptscim062020 flag; an SP
 * with strict boolean typing answers 400 and the user stays active (rancher/rancher #52996).
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { bareAttribute, opField, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

/** Does the operation set `active` to a string? */
function setsStringActive(operation: PatchOperation): boolean {
  const path = opPath(operation);
  const value = opField(operation, "value");
  if (path !== undefined) return bareAttribute(path) === "active" && typeof value === "string";
  if (!isJsonObject(value)) return false;
  const key = findKey(value, "active");
  return key !== undefined && typeof value[key] === "string";
}

/** PATCH `"active": "False"` answers 400 (B1). */
export const activeStringRejected = defineQuirk({
  id: "active-string-rejected",
  title: 'PATCH "active": "False" (a string) is rejected with 400',
  bugIds: ["B1"],
  sources: [
    "https://github.com/rancher/rancher/issues/52996",
    "https://github.com/bytebase/bytebase/pull/19073",
  ],
  description:
    'A PATCH whose operations set "active" to a string (path "active", or the "active" key of a path-less ' +
    'value) answers 400 invalidValue and changes nothing. Boolean "active" values and POST/PUT are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      if (operations.some(setsStringActive)) {
        throw new ScimError(400, "invalidValue", '"active" must be a boolean, got a string');
      }
      return operations;
    },
  },
});
