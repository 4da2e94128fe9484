/**
 * Test support: servers that take the other reading where RFC 7644 allows several PATCH answers
 * (contracts/README.md, "Where the RFC allows several answers"), and one that answers outside the set.
 * Each is the reference fake with a test-local quirk; `fired()` says how many PATCH requests the quirk
 * decided, so a test can prove the property really met the choice.
 */
import type { PatchOperation, QuirkHooks } from "../../fakes/index.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { applyPatch } from "../../harness/scim/patch-apply.ts";
import { parsePatchPath } from "../../harness/scim/filter-parser.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { SCHEMA_PATCH_OP, USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import type { Breakage } from "./broken-target.ts";

/** A breakage whose quirk counts the requests it decided. */
export interface CountedBreakage extends Breakage {
  fired(): number;
}

const opOf = (op: PatchOperation) => String(op.op ?? "").toLowerCase();

/** For `emails[type eq "work"]`-style paths: does the value filter match any value of `current`? */
function filterMatches(op: PatchOperation, current: JsonObject): boolean | undefined {
  if (typeof op.path !== "string") return undefined;
  let parsed;
  try {
    parsed = parsePatchPath(op.path);
  } catch {
    return undefined;
  }
  if (parsed.filter === undefined) return undefined;
  const node: FilterNode = { kind: "valuePath", path: parsed.attr, filter: parsed.filter };
  try {
    return evaluateFilter(node, current, USER_RESOURCE_TYPE);
  } catch {
    return undefined;
  }
}

/** The resource each operation meets: `current` after the operations before it (core, tolerant mode). */
function statesBefore(ops: PatchOperation[], current: JsonObject): JsonObject[] {
  const states: JsonObject[] = [current];
  for (const op of ops.slice(0, -1)) {
    const last = states.at(-1) ?? current;
    try {
      const body = { schemas: [SCHEMA_PATCH_OP], Operations: [op] };
      states.push(applyPatch(last, body, USER_RESOURCE_TYPE, { mode: "tolerant" }).resource as JsonObject);
    } catch {
      states.push(last);
    }
  }
  return states;
}

/** A quirk that rewrites (or, by throwing a ScimError, answers) the PATCH requests `decide` picks. */
function counted(
  broken: string,
  decide: (op: PatchOperation, before: JsonObject) => "keep" | "drop" | PatchOperation | ScimError,
  extra: Partial<Breakage> = {},
): CountedBreakage {
  let fired = 0;
  const hooks: QuirkHooks = {
    transformPatchOperations(_ctx, ops, current) {
      const states = statesBefore(ops, current);
      const decisions = ops.map((op, i) => decide(op, states[i] ?? current));
      if (decisions.every((d) => d === "keep")) return ops;
      fired++;
      const error = decisions.find((d) => d instanceof ScimError);
      if (error !== undefined) throw error;
      return ops.flatMap((op, i) => {
        const d = decisions[i];
        return d === "keep" ? [op] : d === "drop" || d === undefined ? [] : [d as PatchOperation];
      });
    },
  };
  return { broken, hooks, ...extra, fired: () => fired };
}

const isRemoveNoMatch = (op: PatchOperation, before: JsonObject) =>
  opOf(op) === "remove" && filterMatches(op, before) === false;

/** Remove on a value filter that matches nothing answers 400 noTarget (RFC 7644 §3.12 reading). */
export const removeNoMatchNoTarget = (): CountedBreakage =>
  counted("answers 400 noTarget to a remove whose filter matches nothing", (op, before) =>
    isRemoveNoMatch(op, before)
      ? new ScimError(400, "noTarget", "No value matches the remove filter")
      : "keep",
  );

/** Remove on a value filter that matches nothing succeeds without change (RFC 7644 §3.5.2.2 reading). */
export const removeNoMatchUnchanged = (): CountedBreakage =>
  counted("ignores a remove whose filter matches nothing (success)", (op, before) =>
    isRemoveNoMatch(op, before) ? "drop" : "keep",
  );

/** A path-less value that carries `id` answers 400 mutability (RFC 7644 §3.5.2 reading). */
export const readOnlyIdMutability = (): CountedBreakage =>
  counted("answers 400 mutability to a path-less value that carries id", (op) =>
    op.path === undefined &&
    typeof op.value === "object" &&
    op.value !== null &&
    Object.keys(op.value).some((k) => k.toLowerCase() === "id")
      ? new ScimError(400, "mutability", "id is readOnly")
      : "keep",
  );

/** Every value filter in a PATCH path answers 400 invalidFilter (RFC 7644 §3.12, strict reading only). */
export const filtersUnsupported = (): CountedBreakage =>
  counted(
    "answers 400 invalidFilter to every value filter in a PATCH path",
    (op, before) =>
      filterMatches(op, before) !== undefined
        ? new ScimError(400, "invalidFilter", "Filters in PATCH paths are not supported")
        : "keep",
    { patchMode: "strict" },
  );

/** Outside the allowed set: a remove whose filter matches nothing removes the whole attribute. */
export const removeNoMatchWipes = (): CountedBreakage =>
  counted("removes the whole attribute when a remove filter matches nothing", (op, before) =>
    isRemoveNoMatch(op, before) ? { ...op, path: String(op.path).replace(/\[.*$/, "") } : "keep",
  );
