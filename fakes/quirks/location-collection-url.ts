/**
 * `meta.location` names the collection, not the resource: the server copies the URL of the POST that
 * created it. RFC 7643 §3.1: location is "The URI of the resource being returned".
 */
import { mapResponseMeta } from "./quirk-helpers.ts";
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
      mapResponseMeta(response, (meta) =>
        typeof meta["location"] === "string"
          ? { ...meta, location: meta["location"].replace(/\/[^/]*$/, "") }
          : undefined,
      ),
  },
});
