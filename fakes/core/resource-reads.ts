/**
 * GET by id (RFC 7644 §3.4.1), list with query parameters (§3.4.2) and POST `.search` (§3.4.3).
 */
import { listResponse } from "../../harness/scim/discovery.ts";
import { assertFilterValid } from "../../harness/scim/filter-evaluate.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { FakeRuntime } from "./fake-runtime.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { isNotModified } from "./conditional.ts";
import { idOf, resourceTypeOf } from "./handler-context.ts";
import type { HandlerContext } from "./handler-context.ts";
import { listQueryFromParams, listQueryFromSearchRequest, projectionFromParams } from "./list-query.ts";
import type { ListQuery } from "./list-query.ts";
import { readJsonBody } from "./read-body.ts";
import { renderResource } from "./render-resource.ts";
import { emptyResponse, scimJson } from "./scim-exchange.ts";
import type { ScimResponse } from "./scim-exchange.ts";
import type { StoredType } from "../store/memory-store.ts";
import { profileResourceTypes } from "../profiles/app-profile.ts";

/** `meta.version` of a stored resource. */
export const versionOf = (stored: JsonObject): string => String((stored["meta"] as JsonObject)["version"]);

/** GET /{Type}/{id}. */
export function handleGet(context: HandlerContext): ScimResponse {
  const { name } = resourceTypeOf(context);
  const id = idOf(context);
  const stored = context.runtime.store.get(name, id);
  if (stored === undefined) throw new ScimError(404, undefined, `${name} ${id} not found`);
  const etag = versionOf(stored);
  if (isNotModified(context.request.headers["if-none-match"], etag)) return emptyResponse(304, { etag });
  const projection = projectionFromParams(context.request.url.searchParams);
  return scimJson(200, renderResource(context.runtime, name, stored, context.baseUrl, projection), { etag });
}

/** Does the filter name a user's derived `groups` attribute? */
function mentionsGroups(node: FilterNode | undefined): boolean {
  if (node === undefined) return false;
  switch (node.kind) {
    case "and":
    case "or":
      return mentionsGroups(node.left) || mentionsGroups(node.right);
    case "not":
      return mentionsGroups(node.filter);
    default:
      return node.path.name.toLowerCase() === "groups";
  }
}

/** Adds the derived `groups` (value, display, type) so that filters such as `groups.value eq "…"` work. */
const withDerivedGroups =
  (runtime: FakeRuntime) =>
  (stored: JsonObject): JsonObject => {
    const groups = runtime.store.groupsOf(String(stored["id"])).map((value) => ({
      value,
      display: runtime.store.get("Group", value)?.["displayName"],
      type: "direct",
    }));
    return groups.length === 0 ? stored : { ...stored, groups };
  };

/** One page of matches: RFC 7644 §3.4.2.4 (1-based startIndex; count 0 → totalResults only). */
function page(context: HandlerContext, types: StoredType[], query: ListQuery): ScimResponse {
  const { runtime } = context;
  const matches: { type: StoredType; stored: JsonObject }[] = [];
  for (const type of types) {
    const schemas = runtime.resourceTypes.get(type);
    if (schemas === undefined) continue;
    if (query.filter !== undefined) assertFilterValid(query.filter, schemas);
    const view = type === "User" && mentionsGroups(query.filter) ? withDerivedGroups(runtime) : undefined;
    for (const stored of runtime.store.find(type, query.filter, schemas, view))
      matches.push({ type, stored });
  }
  const size = Math.min(query.count ?? runtime.profile.maxResults, runtime.profile.maxResults);
  const slice = matches.slice(query.startIndex - 1, query.startIndex - 1 + size);
  const resources = slice.map(({ type, stored }) =>
    renderResource(runtime, type, stored, context.baseUrl, query),
  );
  return scimJson(
    200,
    listResponse(resources, {
      totalResults: matches.length,
      startIndex: query.startIndex,
      itemsPerPage: resources.length,
    }),
  );
}

/** GET /{Type}?filter=…&startIndex=…&count=…&attributes=… */
export function handleList(context: HandlerContext): ScimResponse {
  const { name } = resourceTypeOf(context);
  return page(context, [name], listQueryFromParams(context.request.url.searchParams));
}

/** POST /{Type}/.search or /.search (all resource types). */
export async function handleSearch(context: HandlerContext): Promise<ScimResponse> {
  const body = await context.quirks.transformBody(
    readJsonBody(context.request, context.runtime.maxBodyBytes),
  );
  const query = listQueryFromSearchRequest(body, context.runtime.patchMode === "strict");
  const types =
    context.route.resourceType === undefined
      ? profileResourceTypes(context.runtime.profile).map((t) => t.name as StoredType)
      : [resourceTypeOf(context).name];
  return page(context, types, query);
}
