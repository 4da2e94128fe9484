/**
 * Maps a request path and method to a SCIM operation (RFC 7644 §3.2 endpoints). Endpoint names match
 * case-insensitively (`/users` works; the `route-case-sensitive` style quirks can refuse it, B20); the
 * base path itself must match exactly.
 */
import type { RouteMatch } from "../quirks/quirk.ts";

/** What routing needs to know about the fake SP. */
export interface RoutingTable {
  basePath: string;
  /** Resource endpoints, e.g. { users: "User", groups: "Group" } (keys lower-case). */
  resourceEndpoints: ReadonlyMap<string, { resourceType: string; endpoint: string }>;
  adminEnabled: boolean;
}

const DISCOVERY: ReadonlyMap<string, string> = new Map([
  ["serviceproviderconfig", "ServiceProviderConfig"],
  ["schemas", "Schemas"],
  ["resourcetypes", "ResourceTypes"],
]);

const notAllowed = (base: RouteMatch, allow: readonly string[]): RouteMatch => ({
  ...base,
  operation: "unsupported-method",
  allow,
});

function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** Routes one request. */
export function routeRequest(method: string, pathname: string, table: RoutingTable): RouteMatch {
  if (table.adminEnabled && (pathname === "/_admin" || pathname.startsWith("/_admin/"))) {
    return { operation: "admin", subPath: pathname.slice("/_admin".length) };
  }
  const base = table.basePath;
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return { operation: "unknown" };
  const subPath = pathname.slice(base.length);
  const segments = decodeSegments(subPath);
  const unknown: RouteMatch = { operation: "unknown", subPath };
  if (segments === undefined || segments.length === 0) return unknown;
  const [first = "", second, third] = segments;
  const lower = first.toLowerCase();
  const match: RouteMatch = { operation: "unknown", subPath, endpointAsSent: first };

  if (lower === ".search" && segments.length === 1) {
    return method === "POST"
      ? { ...match, operation: "search", endpoint: ".search" }
      : notAllowed(match, ["POST"]);
  }
  const discovery = DISCOVERY.get(lower);
  if (discovery !== undefined) {
    const tooDeep = segments.length > (discovery === "ServiceProviderConfig" ? 1 : 2);
    if (tooDeep) return unknown;
    const found: RouteMatch = { ...match, endpoint: discovery, ...(second !== undefined && { id: second }) };
    return method === "GET" ? { ...found, operation: "discovery" } : notAllowed(found, ["GET"]);
  }
  // RFC 7644 §3.7 (bulk) and §3.11 (/Me): unsupported here, answered 501 whatever the method.
  if (lower === "bulk" && segments.length === 1) return { ...match, operation: "bulk", endpoint: "Bulk" };
  if (lower === "me") return { ...match, operation: "me", endpoint: "Me" };

  const resource = table.resourceEndpoints.get(lower);
  if (resource === undefined || third !== undefined) return unknown;
  const found: RouteMatch = { ...match, resourceType: resource.resourceType, endpoint: resource.endpoint };
  if (second === undefined) {
    if (method === "GET") return { ...found, operation: "list" };
    if (method === "POST") return { ...found, operation: "create" };
    return notAllowed(found, ["GET", "POST"]);
  }
  if (second === ".search") {
    return method === "POST" ? { ...found, operation: "search" } : notAllowed(found, ["POST"]);
  }
  const withId: RouteMatch = { ...found, id: second };
  switch (method) {
    case "GET":
      return { ...withId, operation: "get" };
    case "PUT":
      return { ...withId, operation: "replace" };
    case "PATCH":
      return { ...withId, operation: "patch" };
    case "DELETE":
      return { ...withId, operation: "delete" };
    default:
      return notAllowed(withId, ["GET", "PUT", "PATCH", "DELETE"]);
  }
}
