/**
 * `meta.lastModified` never moves: the server writes it once at creation and never again (a timestamp
 * column without an update trigger). RFC 7643 §3.1: lastModified is "The most recent DateTime that the
 * details of this resource were updated at the service provider".
 */
import { mapResponseMeta } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** Every User and Group representation shows `meta.lastModified` equal to `meta.created`. */
export const lastModifiedFrozen = defineQuirk({
  id: "last-modified-frozen",
  title: "meta.lastModified stays at the creation time after every change",
  bugIds: [],
  sources: ["RFC 7643 §3.1 (meta.lastModified)"],
  description:
    "Every User and Group the fake returns (single resources and list entries) carries meta.lastModified " +
    "equal to meta.created, however often the resource changed. Stored data, version and the other meta " +
    "sub-attributes are unchanged.",
  hooks: {
    onResponse: (_ctx, response) =>
      mapResponseMeta(response, (meta) =>
        meta["created"] === undefined ? undefined : { ...meta, lastModified: meta["created"] },
      ),
  },
});
