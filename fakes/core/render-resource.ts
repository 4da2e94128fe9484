/**
 * Turns a stored resource into what the wire shows: `meta.location`, member `$ref`s, the readOnly `groups`
 * of a user derived from memberships (RFC 7643 §4.1.2: value, $ref, display, type "direct"), then the
 * `attributes` / `excludedAttributes` projection (RFC 7644 §3.9).
 */
import { cloneJson, isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { projectResource } from "../../harness/scim/projection.ts";
import type { ProjectionQuery } from "./list-query.ts";
import type { FakeRuntime } from "./fake-runtime.ts";

const ENDPOINT_OF: Readonly<Record<string, string>> = { User: "/Users", Group: "/Groups" };

/** The URL of a resource: `{baseUrl}/Users/{id}` (RFC 7644 §3.1 `meta.location`). */
export function resourceLocation(baseUrl: string, resourceType: string, id: string): string {
  return `${baseUrl}${ENDPOINT_OF[resourceType] ?? `/${resourceType}s`}/${encodeURIComponent(id)}`;
}

/**
 * The full representation of a stored resource (before projection), keys in a readable order. It shares
 * nested values with `stored`: only for a caller that copies it (the projection does).
 */
function sharedRepresentation(
  runtime: FakeRuntime,
  resourceType: string,
  stored: JsonObject,
  baseUrl: string,
): JsonObject {
  const id = String(stored["id"]);
  const out: JsonObject = {};
  for (const key of ["schemas", "id", "externalId"])
    if (Object.hasOwn(stored, key)) setOwn(out, key, stored[key]);
  for (const [key, value] of Object.entries(stored)) {
    if (!HOISTED_OR_REBUILT.has(key.toLowerCase())) setOwn(out, key, value);
  }
  const members = stored["members"];
  if (Array.isArray(members)) {
    out["members"] = members.map((m) =>
      isJsonObject(m)
        ? { ...m, $ref: resourceLocation(baseUrl, String(m["type"] ?? "User"), String(m["value"])) }
        : m,
    );
  }
  if (resourceType === "User" && runtime.profile.groupType !== undefined) {
    const groups = runtime.store.groupsOf(id).map((groupId) => {
      const group = runtime.store.get("Group", groupId);
      const entry: JsonObject = { value: groupId, $ref: resourceLocation(baseUrl, "Group", groupId) };
      if (typeof group?.["displayName"] === "string") entry["display"] = group["displayName"];
      entry["type"] = "direct";
      return entry;
    });
    if (groups.length > 0) out["groups"] = groups;
  }
  const meta = isJsonObject(stored["meta"]) ? stored["meta"] : {};
  out["meta"] = { ...meta, location: resourceLocation(baseUrl, resourceType, id) };
  return out;
}

/** Keys `sharedRepresentation` places first or rebuilds (lower-case). */
const HOISTED_OR_REBUILT: ReadonlySet<string> = new Set(["schemas", "id", "externalid", "meta", "members"]);

/** The full representation of a stored resource (before projection), keys in a readable order; a copy. */
export function representation(
  runtime: FakeRuntime,
  resourceType: string,
  stored: JsonObject,
  baseUrl: string,
): JsonObject {
  return cloneJson(sharedRepresentation(runtime, resourceType, stored, baseUrl));
}

/** The representation projected by `attributes` / `excludedAttributes`. */
export function renderResource(
  runtime: FakeRuntime,
  resourceType: string,
  stored: JsonObject,
  baseUrl: string,
  projection: ProjectionQuery,
): JsonObject {
  const type = runtime.resourceTypes.get(resourceType);
  if (type === undefined) return representation(runtime, resourceType, stored, baseUrl);
  // projectResource returns a new object and copies every value it keeps, so nothing of `stored` leaks.
  return projectResource(sharedRepresentation(runtime, resourceType, stored, baseUrl), type, {
    ...(projection.attributes !== undefined && { attributes: projection.attributes }),
    ...(projection.excludedAttributes !== undefined && { excludedAttributes: projection.excludedAttributes }),
  });
}
