/**
 * An SP that leaves `schemas` out of resources projected with `attributes=`. RFC 7643 §3 makes "schemas"
 * REQUIRED in every resource and RFC 7644 §3.4.2.5 names no exception for a projection; a client that reads
 * the schemas to find extension attributes finds none. The contract check
 * `rfc7643.resource.schemas-in-projection` reports it.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

const withoutSchemas = (resource: unknown): unknown => {
  if (!isJsonObject(resource)) return resource;
  const out: JsonObject = { ...resource };
  delete out["schemas"];
  return out;
};

export const projectionDropsSchemas = defineQuirk({
  id: "projection-drops-schemas",
  title: "Resources projected with attributes= come without schemas",
  bugIds: [],
  sources: ["RFC 7643 §3 (schemas REQUIRED)", "RFC 7644 §3.4.2.5 (attributes)"],
  description:
    "GET of a resource or a list with attributes= answers the resources without their schemas attribute " +
    "(the ListResponse keeps its own). Without attributes= nothing changes.",
  hooks: {
    onResponse(ctx, response) {
      const projected =
        (ctx.route.operation === "get" || ctx.route.operation === "list") &&
        ctx.request.url.searchParams.has("attributes");
      if (!projected || response.status !== 200 || !isJsonObject(response.json)) return response;
      const json = response.json;
      if (ctx.route.operation === "get") return { ...response, json: withoutSchemas(json) };
      const resources = Array.isArray(json["Resources"]) ? json["Resources"] : [];
      return { ...response, json: { ...json, Resources: resources.map(withoutSchemas) } };
    },
  },
});
