/**
 * User representations leave out `userName` although the schema declares it required and returned by
 * default. RFC 7643 §4.1.1: userName is REQUIRED; §7 returned "default": returned in all responses where
 * attribute values are returned.
 */
import { defineQuirk } from "./quirk.ts";
import { mapResponseResources } from "./quirk-helpers.ts";

/** Every User the fake returns lacks `userName`; stored data, filters and /Schemas are unchanged. */
export const userNameNotReturned = defineQuirk({
  id: "username-not-returned",
  title: "User resources come back without userName (declared required, returned default)",
  bugIds: [],
  sources: ["RFC 7643 §4.1.1 (userName)", "RFC 7643 §7 (required, returned)"],
  description:
    "Every User the fake returns (single resources and list entries) lacks userName. /Schemas still " +
    "declares it required with returned default; stored data and filters on userName are unchanged.",
  hooks: {
    onResponse: (ctx, response) =>
      ctx.route.resourceType !== "User"
        ? response
        : mapResponseResources(response, (resource) =>
            Object.fromEntries(Object.entries(resource).filter(([k]) => k.toLowerCase() !== "username")),
          ),
  },
});
