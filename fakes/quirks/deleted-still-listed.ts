/**
 * A deleted User or Group answers 404 but still shows up in list and filter results (a soft delete that
 * the query path does not honour). RFC 7644 §3.6: "Service providers MUST omit the resource from future
 * query results".
 */
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import { mapResponseResources } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

type Tombs = Record<string, { type: string; resource: JsonObject }>;

function matches(filter: string | null, resource: JsonObject, type: string): boolean {
  if (filter === null || filter.trim() === "") return true;
  try {
    return evaluateFilter(
      parseFilter(filter),
      resource,
      type === "User" ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE,
    );
  } catch {
    return false;
  }
}

/** Deleted resources stay in `GET /Users` and `GET /Groups` results that match them. */
export const deletedStillListed = defineQuirk({
  id: "deleted-still-listed",
  title: "Deleted resources still appear in list and filter results",
  bugIds: [],
  sources: ["RFC 7644 §3.6"],
  description:
    "The fake remembers the last representation it returned of each User and Group; after a DELETE (204) " +
    "the resource answers 404 by id as before, but GET /Users and GET /Groups (not .search) keep listing it " +
    "when it matches the filter, with totalResults counting it.",
  hooks: {
    onResponse(ctx, response) {
      const type = ctx.route.resourceType;
      if (type === undefined) return response;
      const seen = (ctx.state["seen"] ??= {}) as Record<string, JsonObject>;
      const tombs = (ctx.state["tombs"] ??= {}) as Tombs;
      const id = ctx.route.id;
      if (ctx.route.operation === "delete" && response.status === 204 && id !== undefined) {
        const last = seen[id];
        if (last !== undefined) tombs[id] = { type, resource: last };
        return response;
      }
      const remembered = mapResponseResources(response, (resource) => {
        seen[String(resource["id"])] = resource;
        return resource;
      });
      const json = remembered.json;
      if (ctx.route.operation !== "list" || remembered.status !== 200 || !isJsonObject(json))
        return remembered;
      const filter = ctx.request.url.searchParams.get("filter");
      const extra = Object.values(tombs)
        .filter((t) => t.type === type && matches(filter, t.resource, type))
        .map((t) => t.resource);
      if (extra.length === 0) return remembered;
      const resources = Array.isArray(json["Resources"]) ? json["Resources"] : [];
      const total = typeof json["totalResults"] === "number" ? json["totalResults"] : resources.length;
      return {
        ...remembered,
        json: { ...json, totalResults: total + extra.length, Resources: [...resources, ...extra] },
      };
    },
  },
});
