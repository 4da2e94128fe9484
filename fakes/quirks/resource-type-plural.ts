/**
 * `meta.resourceType` is the endpoint name ("Users", "Groups") instead of the resource type's name.
 * RFC 7643 §3.1: resourceType is "The name of the resource type of the resource" (§6: "User", "Group").
 */
import { mapResponseMeta } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** meta.resourceType "User" → "Users", "Group" → "Groups". */
export const resourceTypePlural = defineQuirk({
  id: "resource-type-plural",
  title: 'meta.resourceType is the endpoint ("Users") instead of the type name ("User")',
  bugIds: [],
  sources: ["RFC 7643 §3.1 (meta.resourceType)", "RFC 7643 §6"],
  description:
    'Every User and Group the fake returns carries meta.resourceType "Users" or "Groups". /ResourceTypes ' +
    "and everything else are unchanged.",
  hooks: {
    onResponse: (_ctx, response) =>
      mapResponseMeta(response, (meta) =>
        typeof meta["resourceType"] === "string"
          ? { ...meta, resourceType: `${meta["resourceType"]}s` }
          : undefined,
      ),
  },
});
