/**
 * B21 (the request side): an SP that accepts only `application/json` bodies and answers 415 to
 * `Content-Type: application/scim+json`, the media type RFC 7644 §3.1 and §8.1 say clients send
 * (MicrosoftDocs/azure-docs #116775).
 */
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";

/** `application/scim+json` requests answer 415 (B21). */
export const scimJson415 = defineQuirk({
  id: "scim-json-415",
  title: "Requests with Content-Type application/scim+json are refused with 415",
  bugIds: ["B21"],
  sources: ["https://github.com/MicrosoftDocs/azure-docs/issues/116775", "[S1]"],
  description:
    "Any request whose Content-Type is application/scim+json answers 415 before authentication and changes " +
    "nothing. application/json bodies, and requests without a body or Content-Type, are unchanged.",
  hooks: {
    onRequest(ctx) {
      const type = (ctx.request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/scim+json") return undefined;
      return scimErrorResponse(415, undefined, "Unsupported Media Type: use application/json");
    },
  },
});
