/**
 * B11 (the read-shape variant): an SP that returns the enterprise `manager` as a bare string instead of the
 * complex `{"value": …}` of RFC 7643 §4.3. Entra cannot compare or deserialise it and re-PATCHes the manager
 * on every cycle, or fails with `SystemForCrossDomainIdentityManagementServiceIncompatible`
 * (idp-behaviour §1.5.5, §1.8; [C3]).
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { SCHEMA_ENTERPRISE_USER } from "../../harness/scim/schemas.ts";
import { mapResponseResources } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

function flattenManager(resource: JsonObject): JsonObject {
  const extKey = findKey(resource, SCHEMA_ENTERPRISE_USER);
  const extension = extKey === undefined ? undefined : resource[extKey];
  if (extKey === undefined || !isJsonObject(extension)) return resource;
  const managerKey = findKey(extension, "manager");
  const manager = managerKey === undefined ? undefined : extension[managerKey];
  if (managerKey === undefined || !isJsonObject(manager) || typeof manager["value"] !== "string")
    return resource;
  return { ...resource, [extKey]: { ...extension, [managerKey]: manager["value"] } };
}

/** Responses show `manager` as a plain string (B11). */
export const managerReturnedAsString = defineQuirk({
  id: "manager-returned-as-string",
  title: 'Responses return the enterprise manager as a plain string instead of {"value": …}',
  bugIds: ["B11"],
  sources: [
    "https://github.com/Budibase/budibase/issues/15369",
    "https://github.com/MicrosoftDocs/azure-docs/issues/11784",
    "https://github.com/MicrosoftDocs/azure-docs/issues/73842",
  ],
  description:
    'Every User in a response (GET, list, POST, PUT, PATCH) shows "manager" of the enterprise extension as ' +
    "the bare id string. What is stored, and users without a manager, are unchanged.",
  hooks: {
    onResponse(ctx, response) {
      return ctx.route.resourceType === "User" || ctx.route.operation === "search"
        ? mapResponseResources(response, flattenManager)
        : response;
    },
  },
});
