/**
 * The request pipeline of the fake SP, independent of any HTTP library: route → quirk `onRequest` →
 * bearer authentication → handler → quirk `onResponse`. The express and msw adapters call it.
 */
import { ScimError, isScimError } from "../../harness/scim/scim-error.ts";
import { handleAdmin } from "./admin-handlers.ts";
import { handleDiscovery } from "./discovery-handlers.ts";
import { baseUrlOf } from "./fake-runtime.ts";
import type { FakeRuntime } from "./fake-runtime.ts";
import type { HandlerContext } from "./handler-context.ts";
import { createQuirkRunner } from "./quirk-runner.ts";
import { handleGet, handleList, handleSearch } from "./resource-reads.ts";
import { handleCreate, handleDelete, handlePatch, handleReplace } from "./resource-writes.ts";
import { routeRequest } from "./route-request.ts";
import { errorResponse } from "./scim-exchange.ts";
import type { ScimRequest, ScimResponse } from "./scim-exchange.ts";
import type { AuthFailure } from "../auth/token-registry.ts";
import type { RouteMatch } from "../quirks/quirk.ts";

const AUTH_DETAIL: Readonly<Record<AuthFailure, string>> = {
  missing: "Authorization header with a Bearer token is required",
  malformed: "Authorization header is not a Bearer token",
  unknown: "The bearer token is not valid",
  revoked: "The bearer token has been revoked",
  expired: "The bearer token has expired",
  audience: "The bearer token was issued for another audience",
};

/**
 * RFC 6750 §3: `WWW-Authenticate: Bearer realm="scim"`; with `error="invalid_token"` when a token was
 * presented and is bad. A request without Bearer credentials gets no error code (RFC 6750 §3.1).
 */
function unauthorized(reason: AuthFailure): ScimResponse {
  const noCredentials = reason === "missing" || reason === "malformed";
  const challenge = noCredentials
    ? 'Bearer realm="scim"'
    : `Bearer realm="scim", error="invalid_token", error_description="${AUTH_DETAIL[reason]}"`;
  return errorResponse(new ScimError(401, undefined, AUTH_DETAIL[reason]), { "www-authenticate": challenge });
}

/** Any thrown value as an RFC 7644 §3.12 error response (non-SCIM errors become 500). */
export function toErrorResponse(error: unknown): ScimResponse {
  if (isScimError(error)) return errorResponse(error);
  const message = error instanceof Error ? error.message : String(error);
  return errorResponse(new ScimError(500, undefined, `Internal error: ${message}`));
}

async function dispatch(context: HandlerContext): Promise<ScimResponse> {
  const { route, runtime, request } = context;
  switch (route.operation) {
    case "unknown":
      throw new ScimError(404, undefined, `No SCIM endpoint at ${request.url.pathname}`);
    case "unsupported-method":
      return errorResponse(new ScimError(405, undefined, `${request.method} is not allowed here`), {
        allow: (route.allow ?? []).join(", "),
      });
    case "bulk":
      // ServiceProviderConfig says bulk.supported=false (RFC 7644 §3.7, RFC 7643 §5).
      throw new ScimError(501, undefined, "Bulk operations are not supported (bulk.supported is false)");
    case "me":
      // RFC 7644 §3.11: an SP that does not support /Me answers 501 Not Implemented.
      throw new ScimError(501, undefined, "The /Me endpoint is not supported");
    case "discovery":
      return handleDiscovery(runtime, route, context.baseUrl, request.url.searchParams.has("filter"));
    case "get":
      return handleGet(context);
    case "list":
      return handleList(context);
    case "search":
      return handleSearch(context);
    case "create":
      return handleCreate(context);
    case "replace":
      return handleReplace(context);
    case "patch":
      return handlePatch(context);
    case "delete":
      return handleDelete(context);
    default:
      throw new ScimError(404, undefined, "Not found");
  }
}

/**
 * RFC 7643 §5: the SP SHOULD make authenticationSchemes readable without prior authentication, so a GET of
 * /ServiceProviderConfig that carries no credentials is served. A credential that is sent is still checked
 * (RFC 6750 §3.1: 401 for an invalid token), and every other endpoint needs the token.
 */
function servedWithoutCredentials(route: RouteMatch, request: ScimRequest): boolean {
  return (
    route.operation === "discovery" &&
    route.endpoint === "ServiceProviderConfig" &&
    request.headers["authorization"] === undefined
  );
}

/** Handles one request end to end; never throws. */
export async function handleScimRequest(runtime: FakeRuntime, request: ScimRequest): Promise<ScimResponse> {
  const route = routeRequest(request.method, request.url.pathname, runtime.routing);
  if (route.operation === "admin") {
    try {
      return handleAdmin(runtime, request, route.subPath ?? "");
    } catch (error) {
      return toErrorResponse(error);
    }
  }
  const quirks = createQuirkRunner(runtime, request, route);
  try {
    const early = await quirks.onRequest();
    if (early !== undefined) return early;
  } catch (error) {
    return toErrorResponse(error);
  }
  let response: ScimResponse;
  try {
    if (route.operation === "unknown" && route.subPath === undefined) {
      throw new ScimError(404, undefined, `No SCIM endpoint at ${request.url.pathname}`);
    }
    const auth = runtime.tokens.authenticate(request.headers["authorization"], runtime.profile.audience);
    if (!auth.ok && !servedWithoutCredentials(route, request)) {
      response = unauthorized(auth.reason);
    } else {
      const baseUrl = baseUrlOf(runtime, request.url.origin);
      response = await dispatch({ runtime, request, route, baseUrl, quirks });
    }
  } catch (error) {
    response = toErrorResponse(error);
  }
  try {
    return await quirks.onResponse(response);
  } catch (error) {
    return toErrorResponse(error);
  }
}
