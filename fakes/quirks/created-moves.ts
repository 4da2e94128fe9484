/**
 * `meta.created` follows every update: the server stamps one "updated" time into both fields. RFC 7643
 * §3.1: created is "The DateTime that the resource was added to the service provider".
 */
import { mapResponseMeta } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** Every User and Group representation shows `meta.created` equal to `meta.lastModified`. */
export const createdMoves = defineQuirk({
  id: "created-moves",
  title: "meta.created moves to the time of the last change",
  bugIds: [],
  sources: ["RFC 7643 §3.1 (meta.created)"],
  description:
    "Every User and Group the fake returns carries meta.created equal to meta.lastModified, so it moves " +
    "with each change. Stored data and the other meta sub-attributes are unchanged.",
  hooks: {
    onResponse: (_ctx, response) =>
      mapResponseMeta(response, (meta) =>
        meta["lastModified"] === undefined ? undefined : { ...meta, created: meta["lastModified"] },
      ),
  },
});
