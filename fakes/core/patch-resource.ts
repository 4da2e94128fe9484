/**
 * PATCH application for the fake SP: quirk hooks may rewrite the operations, then the core `applyPatch`
 * (RFC 7644 §3.5.2) does the work in the runtime's mode.
 */
import { applyPatch } from "../../harness/scim/patch-apply.ts";
import { cloneJson, findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import type { PatchOperation } from "../quirks/quirk.ts";
import type { HandlerContext } from "./handler-context.ts";

/** The outcome of a PATCH on a copy of the stored resource. */
export interface PatchOutcome {
  resource: JsonObject;
  changed: boolean;
}

/** Applies a PATCH body to a copy of `stored`; throws the core's `ScimError`s (400 …). */
export async function patchResource(
  context: HandlerContext,
  stored: JsonObject,
  body: unknown,
  schemas: ResourceTypeSchemas,
): Promise<PatchOutcome> {
  let effective = body;
  const key = isJsonObject(body) ? findKey(body, "Operations") : undefined;
  if (context.quirks.active && isJsonObject(body) && key !== undefined && Array.isArray(body[key])) {
    const operations = (body[key] as unknown[]).filter(isJsonObject) as PatchOperation[];
    if (operations.length === (body[key] as unknown[]).length) {
      const rewritten = await context.quirks.transformPatchOperations(
        cloneJson(operations),
        cloneJson(stored),
      );
      // A quirk that drops every operation makes the PATCH a successful no-op (the core would say 400).
      if (rewritten.length === 0 && operations.length > 0) return { resource: stored, changed: false };
      effective = { ...body, [key]: rewritten };
    }
  }
  const result = applyPatch(cloneJson(stored), effective, schemas, { mode: context.runtime.patchMode });
  return { resource: result.resource, changed: result.changed };
}
