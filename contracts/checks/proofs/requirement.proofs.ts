/**
 * Broken servers for the checks added from the requirement catalogue (requirement-checks-*.ts): each
 * breaks exactly the statement its check covers.
 */
import { rejectFilter } from "../../test-support/broken-filters.ts";
import { answer, errorJson, json, rewriteJson } from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

const isUser = (ctx: { route: { resourceType?: string } }) => ctx.route.resourceType === "User";

export const REQUIREMENT_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7643.resource.client-read-only-ignored",
    broken: "keeps the id and meta.created a client sends on POST",
    hooks: rewriteJson(
      (ctx) => ctx.route.operation === "create" && ctx.route.resourceType === "User",
      (json, ctx) => {
        const sent = JSON.parse(new TextDecoder().decode(ctx.request.body)) as Record<string, unknown>;
        const meta = { ...(json["meta"] as Record<string, unknown>), ...(sent["meta"] as object) };
        return { ...json, ...(sent["id"] !== undefined ? { id: sent["id"] } : {}), meta };
      },
    ),
  },
  {
    check: "rfc7644.http.accept-scim-json",
    broken: "answers 406 to Accept: application/scim+json",
    hooks: answer(
      (ctx) => ctx.request.headers["accept"] === "application/scim+json",
      () => errorJson(406, "only application/json"),
    ),
  },
  {
    check: "rfc7644.discovery.ignores-paging",
    broken: "applies count to /Schemas and /ResourceTypes",
    hooks: rewriteJson(
      (ctx) => ctx.route.operation === "discovery" && ctx.request.url.searchParams.has("count"),
      (json) => ({ ...json, Resources: ((json["Resources"] as unknown[] | undefined) ?? []).slice(0, 1) }),
    ),
  },
  {
    check: "rfc7643.discovery.authentication-scheme-fields",
    broken: "lists an authentication scheme without name and description",
    hooks: rewriteJson(
      (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ServiceProviderConfig",
      (json) => ({ ...json, authenticationSchemes: [{ type: "oauthbearertoken" }] }),
    ),
  },
  {
    check: "rfc7644.discovery.no-message-schemas",
    broken: "lists the ListResponse message schema in /Schemas",
    hooks: rewriteJson(
      (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "Schemas",
      (json) => {
        const resources = [
          ...((json["Resources"] as unknown[] | undefined) ?? []),
          { id: "urn:ietf:params:scim:api:messages:2.0:ListResponse", name: "ListResponse", attributes: [] },
        ];
        return { ...json, Resources: resources, totalResults: resources.length };
      },
    ),
  },
  {
    check: "rfc7644.put.does-not-create",
    broken: "answers PUT to an unknown id with 201 and the body as a new user",
    hooks: answer("replace", (ctx) =>
      json(201, {
        ...(JSON.parse(new TextDecoder().decode(ctx.request.body)) as Record<string, unknown>),
        id: ctx.route.id,
      }),
    ),
  },
  {
    check: "rfc7644.delete.userName-reusable",
    broken: "keeps the userName of a deleted user reserved (409 uniqueness)",
    hooks: () => {
      const seen = new Set<string>();
      return {
        onRequest(ctx) {
          if (ctx.route.operation !== "create" || ctx.route.resourceType !== "User") return undefined;
          const userName = String(
            (JSON.parse(new TextDecoder().decode(ctx.request.body)) as Record<string, unknown>)["userName"],
          ).toLowerCase();
          if (seen.has(userName)) return errorJson(409, "userName was used before", "uniqueness");
          seen.add(userName);
          return undefined;
        },
      };
    },
  },
  {
    check: "rfc7643.resource.schemas",
    broken: "lists each schema URI of a user twice",
    hooks: rewriteJson(
      (ctx) => isUser(ctx) && (ctx.route.operation === "create" || ctx.route.operation === "get"),
      (json) => ({ ...json, schemas: [...(json["schemas"] as string[]), ...(json["schemas"] as string[])] }),
    ),
  },
  {
    check: "rfc7643.resource.last-modified-equals-created",
    broken: "stamps lastModified a second after created on a new user",
    hooks: rewriteJson(
      (ctx) => isUser(ctx) && (ctx.route.operation === "create" || ctx.route.operation === "get"),
      (json) => {
        const meta = json["meta"] as Record<string, unknown>;
        const later = new Date(Date.parse(String(meta["created"])) + 1000).toISOString();
        return { ...json, meta: { ...meta, lastModified: later } };
      },
    ),
  },
  {
    check: "rfc7644.list.unknown-parameter-ignored",
    broken: "refuses list queries with a parameter it does not know (400 invalidValue)",
    hooks: {
      onRequest(ctx) {
        const known = new Set([
          "filter",
          "startIndex",
          "count",
          "attributes",
          "excludedAttributes",
          "sortBy",
          "sortOrder",
        ]);
        if (ctx.route.operation !== "list") return undefined;
        const unknown = [...ctx.request.url.searchParams.keys()].filter((k) => !known.has(k));
        return unknown.length === 0
          ? undefined
          : errorJson(400, `unknown parameter ${unknown.join(", ")}`, "invalidValue");
      },
    },
  },
  {
    check: "rfc7644.list.page-fields",
    broken: "drops startIndex and itemsPerPage from list responses",
    hooks: rewriteJson("list", (json) => {
      const { startIndex: _s, itemsPerPage: _i, ...rest } = json;
      return rest;
    }),
  },
  {
    check: "rfc7644.filter.nested-grouping",
    broken: "declines a group directly inside a group with 400 invalidFilter (as SCIMMY 1.3.5 does)",
    hooks: rejectFilter(/\(\s*\(|\(\s*not\s*\(|\)\s*\)/i),
  },
];
