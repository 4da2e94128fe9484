/**
 * POST (RFC 7644 §3.3), PUT (§3.5.1), PATCH (§3.5.2) and DELETE (§3.6). Mutations of one resource run one
 * at a time through the runtime's keyed mutex (unless a quirk switches that off, B8).
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { assertValidResource, coerceBooleans, stripReadOnly } from "../../harness/scim/validate-resource.ts";
import type { CommitChange } from "../quirks/quirk.ts";
import { memberValues } from "../store/memory-store.ts";
import type { StoredType } from "../store/memory-store.ts";
import { assertIfMatch } from "./conditional.ts";
import { declaredSchemas, dropUnknownAttributes } from "./drop-unknown-attributes.ts";
import { foldRepeatedValues } from "./fold-repeated-values.ts";
import { serialisesMutations } from "./fake-runtime.ts";
import type { FakeRuntime } from "./fake-runtime.ts";
import { idOf, resourceTypeOf } from "./handler-context.ts";
import type { HandlerContext } from "./handler-context.ts";
import { projectionFromParams } from "./list-query.ts";
import { patchResource } from "./patch-resource.ts";
import { readJsonBody } from "./read-body.ts";
import { renderResource, resourceLocation } from "./render-resource.ts";
import { versionOf } from "./resource-reads.ts";
import { emptyResponse, scimJson } from "./scim-exchange.ts";
import type { ScimResponse } from "./scim-exchange.ts";

/**
 * Turns a POST/PUT body or a PATCH result into what is stored: Entra string booleans coerced (tolerant
 * mode), readOnly attributes dropped (RFC 7643 §2.2), app rules and schema validation (400), unknown
 * attributes dropped (RFC 7644 §3.3), a repeated (type, value) folded (RFC 7643 §2.4), `schemas`
 * recomputed (RFC 7643 §3).
 */
export function prepareResource(
  runtime: FakeRuntime,
  type: StoredType,
  schemas: ResourceTypeSchemas,
  body: unknown,
  mode: "create" | "replace",
): JsonObject {
  if (!isJsonObject(body))
    throw new ScimError(400, "invalidSyntax", "The body must be a JSON object (RFC 7643 §3)");
  const tolerant = runtime.patchMode === "tolerant";
  const resource = stripReadOnly(tolerant ? coerceBooleans(body, schemas) : body, schemas);
  runtime.profile.validate?.(resource, type);
  assertValidResource(resource, schemas, { mode, tolerant });
  const kept = foldRepeatedValues(dropUnknownAttributes(resource, schemas), schemas);
  kept["schemas"] = declaredSchemas(kept, schemas);
  return kept;
}

/** Runs `task` under the resource's lock (or directly when a quirk disables serialisation). */
export function withResourceLock<T>(
  runtime: FakeRuntime,
  type: StoredType,
  id: string,
  task: () => Promise<T>,
): Promise<T> {
  return serialisesMutations(runtime) ? runtime.locks.run(`${type}:${id}`, task) : task();
}

/** Calls the profile's membership-loss hook for users that left a group. */
export function reportMembershipLoss(
  runtime: FakeRuntime,
  reason: "group-deleted" | "members-removed",
  groupId: string,
  formerMembers: readonly string[],
): void {
  const hook = runtime.profile.onMembershipLoss;
  const userIds = formerMembers.filter((id) => runtime.store.get("User", id) !== undefined);
  if (hook === undefined || userIds.length === 0) return;
  hook({
    reason,
    groupId,
    userIds,
    isInAnyGroup: (userId) => runtime.store.groupsOf(userId).length > 0,
    deactivateUser(userId) {
      const user = runtime.store.get("User", userId);
      if (user !== undefined && user["active"] !== false)
        runtime.store.replace("User", userId, { ...user, active: false });
    },
  });
}

const removedMembers = (before: JsonObject, after: JsonObject): string[] => {
  const kept = new Set(memberValues(after));
  return memberValues(before).filter((m) => !kept.has(m));
};

async function commit(
  context: HandlerContext,
  change: CommitChange,
  id: string | undefined,
): Promise<JsonObject> {
  const after = await context.quirks.beforeCommit(change);
  const type = change.resourceType as StoredType;
  const { store } = context.runtime;
  const stored = id === undefined ? store.create(type, after) : store.replace(type, id, after);
  if (type === "Group" && change.before !== undefined) {
    reportMembershipLoss(
      context.runtime,
      "members-removed",
      String(stored["id"]),
      removedMembers(change.before, stored),
    );
  }
  return stored;
}

function resourceResponse(
  context: HandlerContext,
  type: StoredType,
  stored: JsonObject,
  status: number,
): ScimResponse {
  const projection = projectionFromParams(context.request.url.searchParams);
  const body = renderResource(context.runtime, type, stored, context.baseUrl, projection);
  const headers: Record<string, string> = { etag: versionOf(stored) };
  if (status === 201) headers["location"] = resourceLocation(context.baseUrl, type, String(stored["id"]));
  return scimJson(status, body, headers);
}

/** POST /{Type} → 201 with Location, ETag and the resource. */
export async function handleCreate(context: HandlerContext): Promise<ScimResponse> {
  const { name, schemas } = resourceTypeOf(context);
  const body = await context.quirks.transformBody(
    readJsonBody(context.request, context.runtime.maxBodyBytes),
  );
  const prepared = prepareResource(context.runtime, name, schemas, body, "create");
  const stored = await commit(
    context,
    { operation: "create", resourceType: name, before: undefined, after: prepared },
    undefined,
  );
  return resourceResponse(context, name, stored, 201);
}

function current(context: HandlerContext, type: StoredType, id: string): JsonObject {
  const stored = context.runtime.store.get(type, id);
  if (stored === undefined) throw new ScimError(404, undefined, `${type} ${id} not found`);
  assertIfMatch(context.request.headers["if-match"], versionOf(stored));
  return stored;
}

/** PUT /{Type}/{id}: replaces every readWrite attribute (RFC 7644 §3.5.1). */
export async function handleReplace(context: HandlerContext): Promise<ScimResponse> {
  const { name, schemas } = resourceTypeOf(context);
  const id = idOf(context);
  const body = await context.quirks.transformBody(
    readJsonBody(context.request, context.runtime.maxBodyBytes),
  );
  return withResourceLock(context.runtime, name, id, async () => {
    const before = current(context, name, id);
    const prepared = prepareResource(context.runtime, name, schemas, body, "replace");
    const stored = await commit(
      context,
      { operation: "replace", resourceType: name, before, after: prepared },
      id,
    );
    return resourceResponse(context, name, stored, 200);
  });
}

/**
 * PATCH /{Type}/{id}. Success is 200 with the resource, or the profile's `patchStatus` (204 for groups by
 * default, as Entra expects [S1]); a request with `attributes`/`excludedAttributes` always gets 200 and
 * the projected resource (RFC 7644 §3.5.2).
 */
export async function handlePatch(context: HandlerContext): Promise<ScimResponse> {
  const { name, schemas } = resourceTypeOf(context);
  const id = idOf(context);
  const body = await context.quirks.transformBody(
    readJsonBody(context.request, context.runtime.maxBodyBytes),
  );
  return withResourceLock(context.runtime, name, id, async () => {
    const before = current(context, name, id);
    const patched = await patchResource(context, before, body, schemas);
    let stored = before;
    if (patched.changed) {
      const prepared = prepareResource(context.runtime, name, schemas, patched.resource, "replace");
      stored = await commit(context, { operation: "patch", resourceType: name, before, after: prepared }, id);
    }
    const params = context.request.url.searchParams;
    const projected = params.has("attributes") || params.has("excludedAttributes");
    if (!projected && context.runtime.profile.patchStatus[name] === 204) {
      return emptyResponse(204, { etag: versionOf(stored) });
    }
    return resourceResponse(context, name, stored, 200);
  });
}

/** DELETE /{Type}/{id} → 204; memberships go with it, and the profile hears about members who lost a group. */
export async function handleDelete(context: HandlerContext): Promise<ScimResponse> {
  const { name } = resourceTypeOf(context);
  const id = idOf(context);
  return withResourceLock(context.runtime, name, id, async () => {
    current(context, name, id);
    const result = context.runtime.store.delete(name, id);
    if (result !== undefined && name === "Group") {
      reportMembershipLoss(context.runtime, "group-deleted", id, result.formerMembers);
    }
    return emptyResponse(204);
  });
}
