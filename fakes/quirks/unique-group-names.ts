/**
 * An RFC-allowed trait IdPs trip over: a service provider that keeps group displayNames unique. RFC 7643
 * §4.2 gives displayName no uniqueness and §7 lets a server add it (409 "uniqueness", RFC 7644 §3.3); two
 * IdP groups of one name then cannot both be provisioned (JumpCloud takes groups over by name [J4], Entra
 * looks groups up by displayName [S1]). The contract check `idp.group-displayName-shared` reports it.
 */
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";
import { uniqueValuesHooks } from "./unique-values.ts";

const nameOf = (group: JsonObject): string | undefined => {
  const key = Object.keys(group).find((k) => k.toLowerCase() === "displayname");
  const value = key === undefined ? undefined : group[key];
  return typeof value === "string" ? value.toLowerCase() : undefined;
};

export const uniqueGroupNames = defineQuirk({
  id: "unique-group-names",
  title: "Group displayNames are unique; a clash answers 409 uniqueness",
  bugIds: [],
  sources: ["RFC 7643 §7 (uniqueness)", "RFC 7644 §3.3 (409 uniqueness)", "[J4] (takeover by name)"],
  description:
    "POST, PUT and PATCH of a group whose displayName (compared case-insensitively) another group has answer " +
    '409 with scimType "uniqueness" and change nothing. A deleted group frees its name.',
  hooks: uniqueValuesHooks({
    resourceTypes: ["Group"],
    valuesOf: (group) => {
      const name = nameOf(group);
      return name === undefined ? [] : [name];
    },
    clash: (name) => `a group named ${name} exists`,
  }),
});
