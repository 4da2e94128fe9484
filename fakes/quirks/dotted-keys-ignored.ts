/**
 * B5: Entra with aadOptscim062020 puts simple attributes into one path-less replace whose value uses dotted
 * (`"name.givenName"`) and URN-qualified (`"urn:…:enterprise:2.0:User:employeeNumber"`) keys (idp-behaviour
 * §1.7, [S2]); an SP that only knows plain attribute names ignores those keys and the updates are lost.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { opField, opName, opPath, withField } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

/**
 * A dotted key, or a URN-qualified attribute key. A key that is an extension schema URN holding an object
 * (`"urn:…:enterprise:2.0:User": {…}`, RFC 7643 §3.3) is not one, although "2.0" contains a dot.
 */
const isPathKey = (key: string, value: unknown): boolean =>
  key.toLowerCase().startsWith("urn:") ? !isJsonObject(value) : key.includes(".");

function withoutPathKeys(operation: PatchOperation): PatchOperation | undefined {
  const op = opName(operation);
  const value = opField(operation, "value");
  if ((op !== "add" && op !== "replace") || opPath(operation) !== undefined || !isJsonObject(value)) {
    return operation;
  }
  const kept: JsonObject = Object.fromEntries(Object.entries(value).filter(([k, v]) => !isPathKey(k, v)));
  if (Object.keys(kept).length === Object.keys(value).length) return operation;
  return Object.keys(kept).length === 0 ? undefined : withField(operation, "value", kept);
}

/** Dotted and URN-qualified keys of path-less values are dropped (B5). */
export const dottedKeysIgnored = defineQuirk({
  id: "dotted-keys-ignored",
  title: 'Path-less replace with dotted or URN keys ("name.givenName") silently ignores those keys',
  bugIds: ["B5"],
  sources: [
    "https://github.com/Captain-P-Goldfish/scim-for-keycloak/issues/26",
    "https://github.com/kortix-ai/suna/pull/7297",
    "[S2]",
  ],
  description:
    'In a path-less add/replace, keys with a dot ("name.givenName") and URN-qualified attribute keys ' +
    '("urn:…:enterprise:2.0:User:employeeNumber") are dropped; plain keys and extension objects under their ' +
    "schema URN still apply, and the PATCH succeeds. Operations with a path are unchanged.",
  hooks: {
    transformPatchOperations(_ctx, operations) {
      return operations.map(withoutPathKeys).filter((op): op is PatchOperation => op !== undefined);
    },
  },
});
