/**
 * `meta.location` names the collection, not the resource: the server copies the URL of the POST that
 * created it. RFC 7643 §3.1: location is "The URI of the resource being returned".
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { mapResponseResources } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** `…/Users/{id}` becomes `…/Users` in every meta.location. */
export const locationCollectionUrl = defineQuirk({
  id: "location-collection-url",
  title: "meta.location is the collection URL (…/Users) instead of the resource's",
  bugIds: [],
  sources: ["RFC 7643 §3.1 (meta.location)"],
  description:
    "Every User and Group the fake returns carries meta.location without its last path segment (the " +
    "id): the URL of the collection. The Location header of a 201 and the member $refs are unchanged.",
  hooks: {
    onResponse: (_ctx, response) =>
      mapResponseResources(response, (resource) => {
        const meta = resource["meta"];
        if (!isJsonObject(meta) || typeof meta["location"] !== "string") return resource;
        return { ...resource, meta: { ...meta, location: meta["location"].replace(/\/[^/]*$/, "") } };
      }),
  },
});
