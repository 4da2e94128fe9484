/**
 * B12: Entra sends no `User-Agent` header (kortix-ai/suna PR #7297); an edge proxy or WAF in front of the
 * SP answers with an HTML 403 page before SCIM authentication runs, so every request fails.
 */
import { defineQuirk } from "./quirk.ts";

const PAGE =
  "<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>";

/** No (or an empty) User-Agent → HTML 403 (B12). */
export const noUserAgent403 = defineQuirk({
  id: "no-user-agent-403",
  title: "Requests without a User-Agent get an HTML 403 page from the edge",
  bugIds: ["B12"],
  sources: ["https://github.com/kortix-ai/suna/pull/7297"],
  description:
    "A request with no User-Agent header, or an empty one, answers 403 with Content-Type text/html and an " +
    "HTML page, before authentication (so also without a token). Requests with any User-Agent are unchanged.",
  hooks: {
    onRequest(ctx) {
      if ((ctx.request.headers["user-agent"] ?? "").trim() !== "") return undefined;
      return { status: 403, headers: { "content-type": "text/html; charset=utf-8" }, text: PAGE };
    },
  },
});
