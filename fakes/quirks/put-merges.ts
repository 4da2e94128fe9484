/**
 * B16: PUT implemented as a merge. JumpCloud updates with PUT and clears attributes with `"emails": null`,
 * `[]`, or by leaving them out (idp-behaviour §2.4.2, [J6]); RFC 7644 §3.5.1 says PUT replaces, so those
 * attributes must go. A merging SP keeps them.
 */
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { setOwn } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

const KEPT_BY_SERVER = new Set(["id", "meta", "schemas"]);

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** `before` with every non-empty attribute of `after` laid over it. */
function merge(before: JsonObject, after: JsonObject): JsonObject {
  const merged: JsonObject = {};
  const afterKeys = new Map(Object.keys(after).map((k) => [k.toLowerCase(), k]));
  for (const [key, value] of Object.entries(before)) {
    if (KEPT_BY_SERVER.has(key.toLowerCase())) continue;
    const afterKey = afterKeys.get(key.toLowerCase());
    if (afterKey === undefined || isEmpty(after[afterKey])) setOwn(merged, key, value);
  }
  for (const [key, value] of Object.entries(after)) if (!isEmpty(value)) setOwn(merged, key, value);
  return merged;
}

/** PUT keeps what the body leaves out, nulls or empties (B16). */
export const putMerges = defineQuirk({
  id: "put-merges",
  title: "PUT merges into the stored resource instead of replacing it",
  bugIds: ["B16"],
  sources: [
    "https://github.com/attevon-llc/OpenTranscribe/issues/582",
    "https://github.com/msaad00/agent-bom/pull/3543",
    "[J6]",
  ],
  description:
    "PUT keeps every stored attribute that the body omits, sets to null or sends as an empty array " +
    '(so JumpCloud\'s "emails": null does not clear emails); attributes the body sends with a value still ' +
    "replace the stored ones. POST and PATCH are unchanged.",
  hooks: {
    beforeCommit(_ctx, change) {
      if (change.operation !== "replace" || change.before === undefined) return change.after;
      return merge(change.before, change.after);
    },
  },
});
