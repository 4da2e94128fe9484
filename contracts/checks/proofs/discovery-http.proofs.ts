/**
 * Broken servers for the discovery, HTTP, error and auth checks: each must make its check fail.
 */
import type { ScimResponse } from "../../../fakes/index.ts";
import {
  acceptToken,
  errorJson,
  json,
  rewriteJson,
  rewriteResponse,
} from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

type Json = Record<string, unknown>;

const discovery =
  (endpoint: string) => (ctx: { route: { operation: string; endpoint?: string; id?: string } }) =>
    ctx.route.operation === "discovery" && ctx.route.endpoint === endpoint && ctx.route.id === undefined;

/** Rewrites the JSON body of every error response. */
const onErrors = (fn: (body: Json, status: number) => Json) =>
  rewriteResponse(
    () => true,
    (r: ScimResponse) =>
      r.status >= 400 && typeof r.json === "object" && r.json !== null
        ? { ...r, json: fn({ ...(r.json as Json) }, r.status) }
        : r,
  );

export const DISCOVERY_HTTP_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7643.discovery.authentication-schemes-public",
    broken:
      "answers 401 to GET /ServiceProviderConfig without credentials (the service-provider-config-protected quirk)",
    quirks: ["service-provider-config-protected"],
  },
  {
    check: "rfc7644.discovery.service-provider-config",
    broken: "omits etag and authenticationSchemes from /ServiceProviderConfig",
    hooks: rewriteJson(discovery("ServiceProviderConfig"), (b) => {
      delete b["etag"];
      delete b["authenticationSchemes"];
      return b;
    }),
  },
  {
    check: "rfc7644.discovery.resource-types",
    broken: "answers 404 on /ResourceTypes",
    hooks: rewriteResponse(discovery("ResourceTypes"), () => errorJson(404, "no such endpoint")),
  },
  {
    check: "rfc7644.discovery.schemas",
    broken: "leaves the enterprise extension the User resource type declares out of /Schemas",
    hooks: rewriteJson(discovery("Schemas"), (b) => ({
      ...b,
      Resources: (b["Resources"] as Json[]).filter((s) => !String(s["id"]).includes("enterprise")),
    })),
  },
  {
    check: "rfc7643.discovery.endpoints-served",
    broken: "declares Groups at /Teams, which it does not serve",
    hooks: rewriteJson(discovery("ResourceTypes"), (b) => ({
      ...b,
      Resources: (b["Resources"] as Json[]).map((t) =>
        t["name"] === "Group" ? { ...t, endpoint: "/Teams" } : t,
      ),
    })),
  },
  {
    check: "rfc7643.discovery.schema-matches-resources",
    broken: "returns an attribute /Schemas does not declare",
    hooks: rewriteJson(["create", "get"], (b) => ({ ...b, internalFlag: true })),
  },
  {
    check: "rfc7644.http.scim-content-type",
    broken: "answers Content-Type application/json (B21)",
    hooks: rewriteResponse(
      () => true,
      (r) =>
        r.json === undefined
          ? r
          : { ...r, headers: { ...r.headers, "content-type": "application/json; charset=utf-8" } },
    ),
  },
  {
    check: "rfc7644.error.status-string",
    broken: "sends the error status as a number",
    hooks: onErrors((b, status) => ({ ...b, status })),
  },
  {
    check: "rfc7644.error.schema",
    broken: "leaves the Error schema URN out of error bodies",
    hooks: onErrors((b) => {
      delete b["schemas"];
      return b;
    }),
  },
  {
    check: "rfc7644.error.scim-type-matches-status",
    broken: "labels every error scimType uniqueness",
    hooks: onErrors((b) => ({ ...b, scimType: "uniqueness" })),
  },
  {
    check: "rfc7644.auth.no-token-401",
    broken: "serves requests without a token",
    hooks: (fake) => acceptToken(fake, (h) => h === undefined),
  },
  {
    check: "rfc7644.auth.wrong-token-401",
    broken: "accepts any bearer token",
    hooks: (fake) => acceptToken(fake, (h) => h !== undefined && h.startsWith("Bearer ")),
  },
  {
    check: "rfc7644.auth.expired-token-401",
    broken: "does not check token expiry",
    hooks: (fake) =>
      acceptToken(fake, (h) => {
        const r = fake.tokens.authenticate(h);
        return !r.ok && r.reason === "expired";
      }),
  },
  {
    check: "rfc7644.auth.refused-credential-no-change",
    broken: "answers 401 to an expired token but carries the request out",
    hooks: (fake) => {
      const refusedAfterwards = new WeakSet<object>();
      return {
        onRequest(ctx) {
          const headers = ctx.request.headers as Record<string, string>;
          const r = fake.tokens.authenticate(headers["authorization"]);
          if (!r.ok && r.reason === "expired") {
            refusedAfterwards.add(ctx.request);
            headers["authorization"] = `Bearer ${fake.tokens.primary}`;
          }
          return undefined;
        },
        onResponse(ctx, response) {
          return refusedAfterwards.has(ctx.request) ? errorJson(401, "token expired") : response;
        },
      };
    },
  },
];

/** A server that answers list requests with a bare array (used by the list proofs). */
export const bareArrayList = rewriteResponse("list", (r) => json(200, (r.json as Json)["Resources"]));
