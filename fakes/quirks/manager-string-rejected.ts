/**
 * B11 (the plain-string variant): Entra sets the manager with a bare string value
 * (`{"op":"add","path":"urn:…:enterprise:2.0:User:manager","value":"<id>"}`, idp-behaviour §1.5.5, [C7]);
 * an SP that types `manager` as the complex attribute of RFC 7643 §4.3 answers 400 "must be an object".
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { bareAttribute, opField, opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

const isManagerKey = (key: string): boolean => bareAttribute(key) === "manager";

/** Does an attribute set (a path-less value or an extension object) hold a string manager? */
function hasStringManager(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  return Object.entries(value).some(
    ([key, v]) =>
      (isManagerKey(key) && typeof v === "string") ||
      (key.toLowerCase().startsWith("urn:") && isJsonObject(v) && hasStringManager(v)),
  );
}

function setsStringManager(operation: PatchOperation): boolean {
  const op = opName(operation);
  if (op !== "add" && op !== "replace") return false;
  const path = opPath(operation);
  const value = opField(operation, "value");
  if (path === undefined) return hasStringManager(value);
  if (isManagerKey(path)) return typeof value === "string";
  const key = isJsonObject(value) ? findKey(value, "manager") : undefined;
  return path.toLowerCase().startsWith("urn:") && key !== undefined && hasStringManager(value);
}

/** A bare-string manager answers 400 (B11). */
export const managerStringRejected = defineQuirk({
  id: "manager-string-rejected",
  title: 'PATCH manager with a plain string value is rejected with 400 "must be an object"',
  bugIds: ["B11"],
  sources: ["https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/686"],
  description:
    'A PATCH add/replace that sets the enterprise "manager" to a string (by path, in a path-less value, or ' +
    "inside the extension object) answers 400 invalidValue and changes nothing. A manager written as " +
    '{"value": "<id>"} is unchanged.',
  hooks: {
    transformPatchOperations(_ctx, operations) {
      if (operations.some(setsStringManager)) {
        throw new ScimError(400, "invalidValue", 'Attribute "manager" must be an object, got a string');
      }
      return operations;
    },
  },
});
