/**
 * An RFC-allowed trait: a service provider that keeps externalId unique among the resources of each type
 * (many apps key the IdP's object id). RFC 7643 §3.1 defines externalId as caseExact and gives it no
 * uniqueness; §7 lets a server add it, and RFC 7644 §3.3 answers a clash with 409 "uniqueness". Together with
 * unique-emails it proves that the harness's generated test data never collides (scenarios/determinism.test.ts).
 */
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";
import { uniqueValuesHooks } from "./unique-values.ts";

/** The externalId of a resource, as sent (caseExact, RFC 7643 §3.1). */
const externalIdOf = (resource: JsonObject): string[] => {
  const key = Object.keys(resource).find((k) => k.toLowerCase() === "externalid");
  const value = key === undefined ? undefined : resource[key];
  return typeof value === "string" ? [value] : [];
};

export const uniqueExternalIds = defineQuirk({
  id: "unique-external-ids",
  title: "externalId is unique among the resources of a type; a clash answers 409 uniqueness",
  bugIds: [],
  sources: ["RFC 7643 §3.1, §7 (uniqueness)", "RFC 7644 §3.3 (409 uniqueness)"],
  description:
    "POST, PUT and PATCH of a User or Group whose externalId (compared case-exactly) another resource of the " +
    'same type has answer 409 with scimType "uniqueness" and change nothing. A deleted resource frees it.',
  hooks: uniqueValuesHooks({
    resourceTypes: ["User", "Group"],
    valuesOf: externalIdOf,
    clash: (externalId) => `externalId ${externalId} belongs to another resource`,
  }),
});
