/**
 * B14 (the missing-scimType variant): a duplicate create answers 409 but without
 * `"scimType": "uniqueness"` (RFC 7644 §3.12), so clients that key on scimType mis-handle it.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

/** 409 bodies lose their scimType (B14). */
export const conflictWithoutScimType = defineQuirk({
  id: "conflict-without-scimtype",
  title: '409 Conflict answers carry no "scimType": "uniqueness"',
  bugIds: ["B14"],
  sources: [
    "https://github.com/getsentry/sentry/issues/117860",
    "https://github.com/FusionAuth/fusionauth-issues/issues/1776",
  ],
  description:
    'Every 409 answer (duplicate userName, …) keeps its status and detail but loses "scimType". Other ' +
    "error answers keep their scimType.",
  hooks: {
    onResponse(_ctx, response) {
      if (response.status !== 409 || !isJsonObject(response.json)) return response;
      const body = Object.fromEntries(Object.entries(response.json).filter(([k]) => k !== "scimType"));
      return { ...response, json: body };
    },
  },
});
