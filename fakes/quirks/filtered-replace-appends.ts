/**
 * B10 (the append variant): Entra updates typed multi-valued attributes with
 * `{"op":"Replace","path":"emails[type eq \"work\"].value","value":"…"}` (idp-behaviour §1.5.4); an SP that
 * does not implement filtered replace turns it into an add, so every email change appends another "work"
 * email instead of updating the one there.
 */
import { seedFromFilter } from "../../harness/scim/attribute-path.ts";
import { parsePatchPath } from "../../harness/scim/filter-parser.ts";
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { AttrPath, FilterNode } from "../../harness/scim/filter-ast.ts";
import { opField, opName, opPath } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation } from "./quirk.ts";

/** A PATCH path with a value filter: `attr[filter]` or `attr[filter].sub`. */
export interface FilteredPath {
  attr: AttrPath;
  filter: FilterNode;
  subAttr?: string;
}

/** The parsed path when it is a filtered path; undefined for other or unparsable paths. */
export function filteredPath(path: string | undefined): FilteredPath | undefined {
  if (path === undefined || !path.includes("[")) return undefined;
  try {
    const { attr, filter, subAttr } = parsePatchPath(path);
    if (filter === undefined) return undefined;
    return subAttr === undefined ? { attr, filter } : { attr, filter, subAttr };
  } catch {
    return undefined;
  }
}

function asAppend(operation: PatchOperation): PatchOperation {
  const parsed = filteredPath(opPath(operation));
  if (opName(operation) !== "replace" || parsed === undefined) return operation;
  const seed = seedFromFilter(parsed.filter);
  if (seed === undefined) return operation;
  const value = opField(operation, "value");
  let element: unknown;
  if (parsed.subAttr !== undefined) element = { ...seed, [parsed.subAttr]: value };
  else if (isJsonObject(value)) element = { ...seed, ...value };
  else return operation;
  const attr = parsed.attr.uri === undefined ? parsed.attr.name : `${parsed.attr.uri}:${parsed.attr.name}`;
  return { op: "add", path: attr, value: [element] };
}

/** A replace on a filtered multi-valued path appends a new element (B10). */
export const filteredReplaceAppends = defineQuirk({
  id: "filtered-replace-appends",
  title: 'Replace on emails[type eq "work"].value appends a new email instead of updating it',
  bugIds: ["B10"],
  sources: [
    "https://github.com/limosa-io/laravel-scim-server/issues/34",
    "https://github.com/sourcegraph/sourcegraph-public-snapshot/pull/49200",
  ],
  description:
    'A "replace" (any case) on a filtered path such as emails[type eq "work"].value becomes an "add" of a ' +
    'new element built from the filter\'s eq terms and the value ({"type":"work","value":…}), so the old ' +
    "element stays and a second one is appended. Unfiltered paths, add and remove are unchanged.",
  hooks: {
    transformPatchOperations(_ctx, operations) {
      return operations.map(asAppend);
    },
  },
});
