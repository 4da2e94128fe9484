/**
 * What a route handler receives.
 */
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import type { RouteMatch } from "../quirks/quirk.ts";
import type { StoredType } from "../store/memory-store.ts";
import type { FakeRuntime } from "./fake-runtime.ts";
import type { QuirkRunner } from "./quirk-runner.ts";
import type { ScimRequest } from "./scim-exchange.ts";

/** One request being handled. */
export interface HandlerContext {
  runtime: FakeRuntime;
  request: ScimRequest;
  route: RouteMatch;
  /** `{origin}{basePath}` of this request. */
  baseUrl: string;
  quirks: QuirkRunner;
}

/** The resource type a resource route names. */
export function resourceTypeOf(context: HandlerContext): { name: StoredType; schemas: ResourceTypeSchemas } {
  const name = context.route.resourceType;
  const schemas = name === undefined ? undefined : context.runtime.resourceTypes.get(name);
  if (schemas === undefined || (name !== "User" && name !== "Group")) {
    throw new ScimError(404, undefined, "Not found");
  }
  return { name, schemas };
}

/** The route's resource id. */
export function idOf(context: HandlerContext): string {
  const id = context.route.id;
  if (id === undefined) throw new ScimError(404, undefined, "Not found");
  return id;
}
