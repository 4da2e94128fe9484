/**
 * A user's `groups` keeps every group the user was ever seen in: a membership cache that removals do not
 * invalidate. RFC 7643 §4.1.2 groups: "A list of groups to which the user belongs".
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { mapResponseResources } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** Each User's `groups` is the union of every `groups` the fake ever returned for it. */
export const userGroupsStale = defineQuirk({
  id: "user-groups-stale",
  title: "User groups still lists groups the user was removed from",
  bugIds: [],
  sources: ["RFC 7643 §4.1.2 (groups)"],
  description:
    "The fake remembers every entry of a User's groups it has returned and keeps returning them after the " +
    "user left the group (member removed, group renamed or deleted). Group resources and the stored " +
    "memberships are unchanged.",
  hooks: {
    onResponse(ctx, response) {
      if (ctx.route.resourceType !== "User") return response;
      const seen = (ctx.state["groups"] ??= {}) as Record<string, Record<string, JsonObject>>;
      return mapResponseResources(response, (resource) => {
        const id = String(resource["id"]);
        const known = (seen[id] ??= {});
        const current = Array.isArray(resource["groups"]) ? resource["groups"] : [];
        for (const g of current) if (isJsonObject(g)) known[String(g["value"])] = g;
        const groups = Object.values(known);
        return groups.length === 0 ? resource : { ...resource, groups };
      });
    },
  },
});
