/**
 * `attributes` and `excludedAttributes` are ignored: every response carries the full representation.
 * RFC 7644 §3.4.2.5: the parameters override "the set of attributes that would be returned by default";
 * RFC 7643 §7 returned "default": "If the GET request "attributes" parameter is specified, attribute
 * values are only returned if the attribute is named in the "attributes" parameter".
 */
import { defineQuirk } from "./quirk.ts";

/** Drops the projection parameters from every request before the fake reads them. */
export const projectionIgnored = defineQuirk({
  id: "projection-ignored",
  title: "attributes and excludedAttributes are ignored (the full resource comes back)",
  bugIds: [],
  sources: ["RFC 7644 §3.4.2.5", "RFC 7643 §7 (returned)"],
  description:
    "The attributes and excludedAttributes query parameters of GET, POST, PUT and PATCH requests are " +
    "ignored, so every response carries the default representation. .search bodies are unchanged.",
  hooks: {
    onRequest(ctx) {
      ctx.request.url.searchParams.delete("attributes");
      ctx.request.url.searchParams.delete("excludedAttributes");
      return undefined;
    },
  },
});
