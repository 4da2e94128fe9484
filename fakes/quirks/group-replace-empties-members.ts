/**
 * B6: an SP whose group PATCH handles `replace displayName` and `replace members` and lets every other
 * `replace` fall through to "replace members with the value's member list", which is empty when the value
 * names no members: a path-less rename (Entra's form, idp-behaviour §1.6.3) empties the group.
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import { opField, opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

/** The member list a fall-through replace would use: the value's `members`, else none. */
function fallThroughMembers(operation: PatchOperation): unknown[] {
  const value = opField(operation, "value");
  const key = isJsonObject(value) ? findKey(value, "members") : undefined;
  const members = key === undefined || !isJsonObject(value) ? undefined : value[key];
  return Array.isArray(members) ? members : [];
}

const handledReplace = (path: string | undefined): boolean =>
  path !== undefined && ["displayname", "members"].includes(path.toLowerCase());

/** A group `replace` that is not `displayName`/`members` also replaces the members (B6). */
export const groupReplaceEmptiesMembers = defineQuirk({
  id: "group-replace-empties-members",
  title: "A group replace that is not a members replace (e.g. a path-less rename) empties the group",
  bugIds: ["B6"],
  sources: ["https://github.com/langwatch/langwatch/issues/7131"],
  description:
    'On /Groups, a "replace" operation (any case) whose path is neither "displayName" nor "members" (a ' +
    'path-less rename, externalId, …) applies and then replaces the members with the value\'s "members" ' +
    'list, which is empty when the value has none. Replace with path "displayName" or "members", add and ' +
    "remove are unchanged; /Users is unchanged.",
  hooks: {
    transformPatchOperations(ctx, operations) {
      if (ctx.route.resourceType !== "Group") return operations;
      return operations.flatMap((operation) => {
        if (opName(operation) !== "replace" || handledReplace(opPath(operation))) return [operation];
        return [operation, { op: "replace", path: "members", value: fallThroughMembers(operation) }];
      });
    },
  },
});
