/**
 * B10 (the noTarget variant): Entra treats `Replace` on a filtered path that matches no element as an
 * add (idp-behaviour §1.5.4, [C14]); an RFC-literal SP answers 400 `noTarget` (RFC 7644 §3.5.2.3), so
 * setting a first work email or address fails on every cycle.
 */
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { filteredPath } from "./filtered-replace-appends.ts";
import type { FilteredPath } from "./filtered-replace-appends.ts";
import { opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkContext } from "./quirk.ts";

/**
 * Whether `filter` matches a value of the attribute the filtered path names in `current` (a copy of the
 * stored resource); undefined for a filter the core should report as invalid.
 */
export function matchesIn(
  ctx: QuirkContext,
  parsed: FilteredPath,
  filter: FilterNode,
  current: JsonObject,
): boolean | undefined {
  const type = ctx.route.resourceType === "Group" ? GROUP_RESOURCE_TYPE : USER_RESOURCE_TYPE;
  try {
    return evaluateFilter({ kind: "valuePath", path: parsed.attr, filter }, current, type);
  } catch {
    return undefined;
  }
}

/** A replace on a filtered path that matches nothing answers 400 noTarget (B10). */
export const filteredReplaceNoTarget = defineQuirk({
  id: "filtered-replace-no-target",
  title: 'Replace on emails[type eq "work"].value with no work email answers 400 noTarget',
  bugIds: ["B10"],
  sources: [
    "https://github.com/sourcegraph/sourcegraph-public-snapshot/pull/49200",
    "https://github.com/limosa-io/laravel-scim-server/issues/34",
  ],
  description:
    'A "replace" (any case) on a filtered path whose filter matches no element of the resource answers 400 ' +
    "noTarget and changes nothing, also where the attribute has no value (the clean fake adds the element " +
    "there, as Entra expects, and answers noTarget only where other values are present). Replace on a " +
    "matching element and add on a filtered path with no match are unchanged.",
  hooks: {
    transformPatchOperations(ctx, operations, current) {
      for (const operation of operations) {
        const path = opPath(operation);
        const parsed = filteredPath(path);
        if (opName(operation) !== "replace" || parsed === undefined) continue;
        // An invalid filter (undefined) is the core's to report.
        if (matchesIn(ctx, parsed, parsed.filter, current) === false)
          throw new ScimError(400, "noTarget", `No element matches "${String(path)}"`);
      }
      return operations;
    },
  },
});
