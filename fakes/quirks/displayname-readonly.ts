/**
 * An RFC-correct trait, not a bug: a service provider that computes a user's displayName itself (from
 * name.givenName and name.familyName) and declares it readOnly in /Schemas. RFC 7643 §7: readOnly "The
 * attribute SHALL NOT be modified"; RFC 7644 §3.3 and §3.5.1 ignore readOnly values in POST and PUT, and
 * a PATCH that modifies it answers 400 with scimType "mutability" (RFC 7644 §3.12). The contract checks
 * and properties must respect the declaration; that Entra and JumpCloud send displayName is an IdP
 * compatibility finding, not an RFC failure.
 */
import { isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { SCHEMA_USER } from "../../harness/scim/schemas.ts";
import { bareAttribute, opField, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

const isDisplayName = (key: string) => key.toLowerCase() === "displayname";

/** The User schema with displayName declared readOnly (in place). */
function declareReadOnly(schema: unknown): void {
  if (!isJsonObject(schema) || String(schema["id"]).toLowerCase() !== SCHEMA_USER.toLowerCase()) return;
  const attributes = Array.isArray(schema["attributes"]) ? schema["attributes"] : [];
  for (const a of attributes)
    if (isJsonObject(a) && isDisplayName(String(a["name"]))) a["mutability"] = "readOnly";
}

/** The server's own displayName: given and family name, or nothing. */
function computed(user: JsonObject): string | undefined {
  const name = user[Object.keys(user).find((k) => k.toLowerCase() === "name") ?? ""];
  if (!isJsonObject(name)) return undefined;
  const part = (n: string) => name[Object.keys(name).find((k) => k.toLowerCase() === n) ?? ""];
  const text = [part("givenname"), part("familyname")].filter((v) => typeof v === "string").join(" ");
  return text === "" ? undefined : text;
}

/** displayName is readOnly: ignored on POST and PUT, 400 mutability on PATCH, declared so in /Schemas. */
export const displayNameReadOnly = defineQuirk({
  id: "displayname-readonly",
  title: "User displayName is computed by the server and declared readOnly",
  bugIds: [],
  sources: ["RFC 7643 §7 (mutability readOnly)", "RFC 7644 §3.3, §3.5.1, §3.12 (mutability)"],
  description:
    "/Schemas declares the User attribute displayName readOnly. POST and PUT ignore a displayName in the " +
    "body; the stored displayName is name.givenName and name.familyName joined by a space (none without a " +
    "name). A user PATCH operation that targets displayName, by path or in a path-less value, answers 400 " +
    'with scimType "mutability" and changes nothing. Groups are unchanged.',
  hooks: {
    onResponse(ctx, response) {
      if (ctx.route.operation !== "discovery" || ctx.route.endpoint !== "Schemas" || response.status !== 200)
        return response;
      const json = structuredClone(response.json);
      if (isJsonObject(json) && Array.isArray(json["Resources"])) json["Resources"].forEach(declareReadOnly);
      else declareReadOnly(json);
      return { ...response, json };
    },
    transformPatchOperations(ctx, operations) {
      if (ctx.route.resourceType !== "User") return operations;
      for (const operation of operations) {
        const path = opPath(operation);
        const value = opField(operation, "value");
        const touches =
          path !== undefined
            ? bareAttribute(path) === "displayname"
            : isJsonObject(value) && Object.keys(value).some(isDisplayName);
        if (touches) throw new ScimError(400, "mutability", "displayName is readOnly");
      }
      return operations;
    },
    beforeCommit(_ctx, change) {
      if (change.resourceType !== "User") return change.after;
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(change.after)) if (!isDisplayName(k)) setOwn(out, k, v);
      const name = computed(change.after);
      if (name !== undefined) setOwn(out, "displayName", name);
      return out;
    },
  },
});
