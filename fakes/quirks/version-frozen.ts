/**
 * `meta.version` never changes: the server returns a constant entity tag. RFC 7643 §3.1 makes
 * meta.version the resource's entity-tag (RFC 7232 §2.3), and RFC 7644 §3.14 versions a resource so that
 * a client can detect a change: a changed resource needs a new tag.
 */
import { mapResponseMeta } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

const FROZEN = 'W/"1"';

/** `meta.version` and the ETag header are always `W/"1"`. */
export const versionFrozen = defineQuirk({
  id: "version-frozen",
  title: 'meta.version (and ETag) stay W/"1" after every change',
  bugIds: [],
  sources: ["RFC 7643 §3.1 (meta.version)", "RFC 7644 §3.14"],
  description:
    'Every User and Group the fake returns carries meta.version W/"1", and every ETag header is W/"1", ' +
    "however often the resource changed. If-Match still compares with the real version.",
  hooks: {
    onResponse(_ctx, response) {
      const headers = "etag" in response.headers ? { ...response.headers, etag: FROZEN } : response.headers;
      return mapResponseMeta({ ...response, headers }, (meta) =>
        meta["version"] === undefined ? undefined : { ...meta, version: FROZEN },
      );
    },
  },
});
