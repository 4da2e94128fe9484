/**
 * Broken servers for the PATCH and optional-feature checks: each must make its check fail.
 */
import type { PatchOperation, QuirkHooks } from "../../../fakes/index.ts";
import { ScimError } from "../../../harness/scim/scim-error.ts";
import { advertise, combine, errorJson, rewriteResponse } from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

const opName = (op: PatchOperation) => String(op.op).toLowerCase();
const pathOf = (op: PatchOperation) => (typeof op.path === "string" ? op.path : undefined);

/** A server that rewrites (or drops, by returning []) each PATCH operation. */
const eachOp = (fn: (op: PatchOperation) => PatchOperation[]): QuirkHooks => ({
  transformPatchOperations: (_ctx, ops) => ops.flatMap(fn),
});

/** A server that removes a request header before handling. */
const dropHeader = (name: string): QuirkHooks => ({
  onRequest(ctx) {
    delete (ctx.request.headers as Record<string, string>)[name];
    return undefined;
  },
});

export const PATCH_OPTIONAL_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.patch.replace-attribute",
    broken: "ignores replace operations",
    hooks: eachOp((op) => (opName(op) === "replace" ? [] : [op])),
  },
  {
    check: "rfc7644.patch.add-attribute",
    broken: "accepts only replace (B3)",
    hooks: eachOp((op) => {
      if (opName(op) === "add") throw new ScimError(400, "invalidValue", "only replace is supported");
      return [op];
    }),
  },
  {
    check: "rfc7644.patch.remove-attribute",
    broken: "ignores remove operations",
    hooks: eachOp((op) => (opName(op) === "remove" ? [] : [op])),
  },
  {
    check: "rfc7644.patch.add-multi-valued-appends",
    broken: "treats add on a multi-valued attribute as replace (B7)",
    hooks: eachOp((op) =>
      opName(op) === "add" && pathOf(op) === "emails" ? [{ ...op, op: "replace" }] : [op],
    ),
  },
  {
    check: "rfc7644.patch.replace-value-path",
    broken: "does not implement value paths (400, B10)",
    hooks: eachOp((op) => {
      if (pathOf(op)?.includes("[")) throw new ScimError(400, "invalidPath", "value paths are not supported");
      return [op];
    }),
  },
  {
    check: "rfc7644.patch.remove-value-path",
    broken: "removes the whole attribute for a value path",
    hooks: eachOp((op) => (pathOf(op)?.includes("[") ? [{ ...op, path: pathOf(op)!.split("[")[0] }] : [op])),
  },
  {
    check: "rfc7644.patch.no-path-replace",
    broken: "ignores operations without a path (B5)",
    hooks: eachOp((op) => (pathOf(op) === undefined ? [] : [op])),
  },
  {
    check: "rfc7644.patch.replace-active",
    broken: "drops changes to active (B22)",
    hooks: eachOp((op) => (pathOf(op)?.toLowerCase() === "active" ? [] : [op])),
  },
  {
    check: "rfc7644.patch.extension-path",
    broken: "ignores URN-qualified paths",
    hooks: eachOp((op) => (pathOf(op)?.startsWith("urn:") ? [] : [op])),
  },
  {
    check: "rfc7644.patch.group-add-member",
    broken: "replaces the members on add (B7)",
    hooks: eachOp((op) =>
      opName(op) === "add" && pathOf(op) === "members" ? [{ ...op, op: "replace" }] : [op],
    ),
  },
  {
    check: "rfc7644.patch.group-remove-member",
    broken: "removes every member on a filtered remove",
    hooks: eachOp((op) => (pathOf(op)?.startsWith("members[") ? [{ op: "remove", path: "members" }] : [op])),
  },
  {
    check: "rfc7644.patch.group-rename-keeps-members",
    broken: "empties the group on a rename (B6)",
    hooks: {
      beforeCommit(_ctx, change) {
        if (
          change.operation !== "patch" ||
          change.resourceType !== "Group" ||
          change.before?.["displayName"] === change.after["displayName"]
        )
          return change.after;
        return { ...change.after, members: [] };
      },
    },
  },
  {
    check: "rfc7644.patch.remove-without-path-400",
    broken: "ignores a remove without a path",
    hooks: eachOp((op) => (opName(op) === "remove" && pathOf(op) === undefined ? [] : [op])),
  },
  {
    check: "rfc7644.patch.filtered-replace-no-match-400",
    broken:
      "adds a value for a replace whose value filter matches none of the values present (the filtered-replace-upserts quirk)",
    quirks: ["filtered-replace-upserts"],
  },
  {
    check: "rfc7644.patch.atomic",
    broken: "skips invalid operations and applies the rest",
    hooks: eachOp((op) => (opName(op) === "remove" && pathOf(op) === undefined ? [] : [op])),
  },
  {
    check: "rfc7644.patch.atomic",
    broken: "answers 400 but keeps the operations before the failing one",
    hooks: (fake) => ({
      async onRequest(ctx) {
        if (ctx.route.operation !== "patch") return undefined;
        const body = JSON.parse(new TextDecoder().decode(ctx.request.body)) as {
          Operations: PatchOperation[];
        };
        const bad = body.Operations.findIndex((op) => opName(op) === "remove" && pathOf(op) === undefined);
        if (bad <= 0) return undefined;
        const partial = JSON.stringify({ ...body, Operations: body.Operations.slice(0, bad) });
        await fake.handle({ ...ctx.request, body: new TextEncoder().encode(partial) });
        return errorJson(400, "Operations[1]: remove needs a path", "noTarget");
      },
    }),
  },
  {
    check: "rfc7644.etag.header",
    broken: "sends no ETag header",
    hooks: rewriteResponse("get", (r) => {
      const headers = { ...r.headers };
      delete headers["etag"];
      return { ...r, headers };
    }),
  },
  {
    check: "rfc7644.etag.version-changes",
    broken: "answers the same ETag whatever the version",
    hooks: rewriteResponse("get", (r) => ({ ...r, headers: { ...r.headers, etag: 'W/"constant"' } })),
  },
  { check: "rfc7644.etag.if-match-412", broken: "ignores If-Match", hooks: dropHeader("if-match") },
  {
    check: "rfc7644.etag.if-none-match-304",
    broken: "ignores If-None-Match",
    hooks: dropHeader("if-none-match"),
  },
  {
    check: "rfc7644.bulk.create",
    broken: "advertises bulk but answers 501 on /Bulk",
    hooks: advertise({ bulk: true }),
  },
  {
    check: "rfc7644.sort.sort-by",
    broken: "advertises sort but ignores sortBy",
    hooks: advertise({ sort: true }),
  },
  {
    check: "rfc7644.change-password.patch",
    broken: "advertises changePassword but rejects password changes",
    hooks: combine(
      advertise({ changePassword: true }),
      eachOp((op) => {
        if (pathOf(op)?.toLowerCase() === "password")
          throw new ScimError(400, "mutability", "password cannot be changed");
        return [op];
      }),
    ),
  },
];
