/**
 * A replace on a value filter that matches none of the values an attribute has adds a value instead of
 * answering 400 noTarget (RFC 7644 §3.5.2.3 SHALL). The clean fake adds only where the attribute has no
 * value at all, the case Entra needs ([C14], B10) and §3.5.2.3 allows as an add.
 */
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { filteredPath } from "./filtered-replace-appends.ts";
import { matchesIn } from "./filtered-replace-no-target.ts";
import { opName, opPath, withField } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** A replace on a filtered path that matches none of the values present becomes an add (upsert). */
export const filteredReplaceUpserts = defineQuirk({
  id: "filtered-replace-upserts",
  title: "Replace on a value filter that matches none of the values present adds a value",
  bugIds: [],
  sources: ["RFC 7644 §3.5.2.3"],
  description:
    'A "replace" on a filtered path whose filter matches none of the values the attribute has is applied ' +
    "as an add (a value built from the filter), instead of 400 noTarget. Matching replaces and replaces on " +
    "an attribute without values (the clean fake adds those too) are unchanged.",
  hooks: {
    transformPatchOperations(ctx, operations, current) {
      return operations.map((operation) => {
        const parsed = filteredPath(opPath(operation));
        if (opName(operation) !== "replace" || parsed === undefined) return operation;
        // An invalid filter (undefined) is the core's to report.
        const matches = (filter: FilterNode) => matchesIn(ctx, parsed, filter, current) ?? true;
        // "f or not f" matches any element: values present, none matching f is the RFC's noTarget case.
        const any: FilterNode = {
          kind: "or",
          left: parsed.filter,
          right: { kind: "not", filter: parsed.filter },
        };
        return matches(any) && !matches(parsed.filter) ? withField(operation, "op", "add") : operation;
      });
    },
  },
});
