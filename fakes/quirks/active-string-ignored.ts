/**
 * B1: Entra sends `"active": "False"` (a string) when it disables a user without the aadOptscim062020
 * flag; an SP that only understands JSON booleans silently ignores it and the user stays active.
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { SCHEMA_USER } from "../../harness/scim/schemas.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

const isActivePath = (path: unknown): boolean =>
  typeof path === "string" &&
  ["active", `${SCHEMA_USER}:active`.toLowerCase()].includes(path.trim().toLowerCase());

/** The operation without any string-valued `active`; undefined when nothing is left of it. */
function withoutStringActive(operation: PatchOperation): PatchOperation | undefined {
  if (isActivePath(operation.path)) return typeof operation.value === "string" ? undefined : operation;
  if (operation.path !== undefined || !isJsonObject(operation.value)) return operation;
  const value: JsonObject = operation.value;
  const key = findKey(value, "active");
  if (key === undefined || typeof value[key] !== "string") return operation;
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
  return Object.keys(rest).length === 0 ? undefined : { ...operation, value: rest };
}

/** PATCH operations that set `active` to a string are dropped (B1). */
export const activeStringIgnored = defineQuirk({
  id: "active-string-ignored",
  title: 'PATCH "active": "False" (a string) is silently ignored',
  bugIds: ["B1"],
  sources: [
    "https://github.com/rancher/rancher/issues/52996",
    "https://github.com/Captain-P-Goldfish/scim-for-keycloak/issues/119",
    "https://github.com/thomaspoignant/scim-patch/issues/872",
  ],
  description:
    'In PATCH, an operation whose path is "active" with a string value, or the "active" key of a path-less ' +
    "value when it holds a string, is dropped before the operations are applied; the rest of the request " +
    'applies and the answer is still a success. Boolean "active" values and POST/PUT are unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      return operations.map(withoutStringActive).filter((op): op is PatchOperation => op !== undefined);
    },
  },
});
