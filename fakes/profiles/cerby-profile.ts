/**
 * The `cerby` profile, from seed 003_d6bb101d531f5b42.txt (Microsoft Entra ID → Cerby): users only, and
 * the "Required by Cerby" column of the attribute table: userName, emails[type eq "work"].value, active,
 * name.givenName, name.familyName (externalId optional).
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { USER_SCHEMA, restrictSchema } from "../../harness/scim/schemas.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import type { AppProfile } from "./app-profile.ts";

const get = (object: unknown, name: string): unknown => {
  if (!isJsonObject(object)) return undefined;
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
};

const nonEmptyString = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";

const missing = (attribute: string): ScimError =>
  new ScimError(400, "invalidValue", `Attribute "${attribute}" is required by Cerby (seed 003)`);

/** Throws 400 invalidValue naming the first Cerby-required attribute a user lacks. */
export function assertCerbyUser(user: JsonObject): void {
  const emails = get(user, "emails");
  const work = Array.isArray(emails)
    ? emails.find((e) => {
        // Wire data: `type` may be any JSON value (String({ toString: 0 }) would throw, a 500).
        const type = get(e, "type");
        return typeof type === "string" && type.toLowerCase() === "work" && nonEmptyString(get(e, "value"));
      })
    : undefined;
  if (work === undefined) throw missing('emails[type eq "work"].value');
  if (!nonEmptyString(get(get(user, "name"), "givenName"))) throw missing("name.givenName");
  if (!nonEmptyString(get(get(user, "name"), "familyName"))) throw missing("name.familyName");
  if (typeof get(user, "active") !== "boolean") throw missing("active");
}

/** Creates the cerby profile. */
export function cerbyProfile(): AppProfile {
  return {
    name: "cerby",
    title: "Cerby: users only; work email, given and family name, active required",
    sources: ["seeds/003_d6bb101d531f5b42.txt"],
    // Seed 003 step 5: "input `https://api.cerby.com/v1/scim/v2` as your Cerby Tenant URL".
    basePath: "/v1/scim/v2",
    userType: {
      name: "User",
      endpoint: "/Users",
      description: "Cerby user",
      core: restrictSchema(
        USER_SCHEMA,
        ["userName", "emails", "active", "name.givenName", "name.familyName"],
        {
          emails: { required: true },
          active: { required: true },
          name: { required: true },
          "name.givenName": { required: true },
          "name.familyName": { required: true },
        },
      ),
      extensions: [],
    },
    // Seed 003 "Capabilities supported": create, remove and update users; no groups → /Groups is 404.
    groupDisplayNameUnique: false,
    patchStatus: { User: 200, Group: 204 },
    maxResults: 200,
    validate(resource, resourceType) {
      if (resourceType === "User") assertCerbyUser(resource);
    },
  };
}
