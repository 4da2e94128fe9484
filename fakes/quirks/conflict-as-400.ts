/**
 * B14 (the wrong-status variant): a duplicate create answers 400 instead of 409 `uniqueness`
 * (RFC 7644 §3.3), so Entra does not log it as `EntryConflict` and never matches the existing user.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { defineQuirk } from "./quirk.ts";

/** 409 becomes 400 (B14). */
export const conflictAs400 = defineQuirk({
  id: "conflict-as-400",
  title: "Duplicates answer 400 instead of 409 uniqueness",
  bugIds: ["B14"],
  sources: [
    "https://github.com/FusionAuth/fusionauth-issues/issues/1776",
    "https://github.com/getsentry/sentry/issues/117860",
  ],
  description:
    'Every 409 answer becomes 400 with no scimType and the detail "[duplicate] …". Other answers are ' +
    "unchanged.",
  hooks: {
    onResponse(_ctx, response) {
      if (response.status !== 409) return response;
      const detail = isJsonObject(response.json) ? String(response.json["detail"] ?? "") : "";
      return scimErrorResponse(400, undefined, `[duplicate] ${detail}`.trim());
    },
  },
});
