/**
 * B21 (the response side): an SP that answers `Content-Type: application/json` instead of
 * `application/scim+json` (RFC 7644 §3.1, §8.1; Entra requires it [S1]); strict clients refuse the answer.
 */
import { defineQuirk } from "./quirk.ts";

/** JSON answers carry `application/json` (B21). */
export const jsonContentType = defineQuirk({
  id: "json-content-type",
  title: "Responses are application/json instead of application/scim+json",
  bugIds: ["B21"],
  sources: ["https://github.com/MicrosoftDocs/azure-docs/issues/116775", "[S1]"],
  description:
    "Every response whose Content-Type is application/scim+json (resources, lists, errors, discovery) is " +
    "sent as application/json; charset=utf-8 instead. Bodies and statuses are unchanged.",
  hooks: {
    onResponse(_ctx, response) {
      const type = response.headers["content-type"];
      if (type === undefined || !type.toLowerCase().startsWith("application/scim+json")) return response;
      return {
        ...response,
        headers: { ...response.headers, "content-type": "application/json; charset=utf-8" },
      };
    },
  },
});
