/**
 * Lifecycle and discovery checks added from the requirement catalogue (contracts/requirements/):
 * statements of RFC 7643 §5 and RFC 7644 §3.1, §3.2, §3.5.1, §3.6 that no hand-picked check covered.
 */
import { bodyOf, createUser, describe, send, statusOf, userBody } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { ContractCheck } from "./contract-check.ts";

type Json = Record<string, unknown>;

export const authenticationSchemeFields = defineCheck({
  id: "rfc7643.discovery.authentication-scheme-fields",
  title: "Each authentication scheme of /ServiceProviderConfig has a type, a name and a description",
  rfc: "RFC 7643 §5",
  keyword: "MUST",
  async run(ctx) {
    const exchange = ctx.discovery.exchanges.serviceProviderConfig;
    const schemes = bodyOf(exchange)?.["authenticationSchemes"];
    if (!Array.isArray(schemes))
      return ctx.notApplicable(
        "/ServiceProviderConfig has no authenticationSchemes array (rfc7644.discovery.service-provider-config reports that)",
      );
    const problems = (schemes as unknown[]).flatMap((scheme, i) => {
      const missing = ["type", "name", "description"].filter(
        (k) => typeof (scheme as Json | null)?.[k] !== "string" || (scheme as Json)[k] === "",
      );
      return missing.length === 0 ? [] : [`authenticationSchemes[${i}] lacks ${missing.join(", ")}`];
    });
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), actual: schemes, exchanges: [exchange] })];
  },
});

export const noMessageSchemas = defineCheck({
  id: "rfc7644.discovery.no-message-schemas",
  title: "/Schemas does not list the protocol message schemas (urn:ietf:params:scim:api:…)",
  rfc: "RFC 7644 §3.1",
  keyword: "MUST",
  async run(ctx) {
    if (statusOf(ctx.discovery.exchanges.schemas) !== 200)
      return ctx.notApplicable("/Schemas did not answer 200 (rfc7644.discovery.schemas reports that)");
    const messages = ctx.discovery.schemas
      .map((s) => String(s["id"]))
      .filter((id) => id.toLowerCase().startsWith("urn:ietf:params:scim:api:"));
    return messages.length === 0
      ? []
      : [
          ctx.finding({
            message: `/Schemas lists protocol message schemas ${JSON.stringify(messages)}, which are not discoverable there`,
            actual: messages,
            exchanges: [ctx.discovery.exchanges.schemas],
          }),
        ];
  },
});

export const putDoesNotCreate = defineCheck({
  id: "rfc7644.put.does-not-create",
  title: "PUT to an id that does not exist does not create a resource",
  rfc: "RFC 7644 §3.2, §3.5.1",
  keyword: "MUST",
  async run(ctx) {
    const id = ctx.uniqueId("put-unknown");
    const exchange = await send(ctx, {
      method: "PUT",
      path: `/Users/${encodeURIComponent(id)}`,
      body: userBody(ctx, "put-unknown"),
    });
    const created = bodyOf(exchange)?.["id"];
    if (typeof created === "string" && created !== "") ctx.cleanup.track("Users", created);
    const status = statusOf(exchange);
    if (status === undefined) return ctx.setupFailed(describe(exchange), exchange);
    // Any refusal conforms (404 per §3.12 is usual); a 2xx means the PUT made a resource that was not there.
    return status < 200 || status >= 300
      ? []
      : [
          ctx.finding({
            message: `PUT /Users/<an id that does not exist>: ${describe(exchange)}; PUT must not create resources (expected a 4xx such as 404)`,
            expected: 404,
            actual: status,
            exchanges: [exchange],
          }),
        ];
  },
});

export const deletedNotInConflict = defineCheck({
  id: "rfc7644.delete.userName-reusable",
  title: "After DELETE, a new user may take the deleted user's userName (no 409)",
  rfc: "RFC 7644 §3.6",
  keyword: "SHOULD",
  async run(ctx) {
    const user = await createUser(ctx, "reuse");
    const removed = await send(ctx, { method: "DELETE", path: `/Users/${encodeURIComponent(user.id)}` });
    if (statusOf(removed) !== 204 && statusOf(removed) !== 200)
      return ctx.setupFailed(`could not delete the test user: ${describe(removed)}`, removed);
    const again = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "reuse-again", { userName: user.body["userName"] }),
    });
    const id = bodyOf(again)?.["id"];
    if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
    return statusOf(again) === 201
      ? []
      : [
          ctx.finding({
            message: `POST of a user with the userName of a deleted user: ${describe(again)}, expected 201 (a deleted resource should not count in conflicts)`,
            expected: 201,
            actual: statusOf(again) ?? again.error?.kind,
            exchanges: [again, removed],
          }),
        ];
  },
});

/** A creation time no run of the harness can have. */
const CLIENT_CREATED = "2001-02-03T04:05:06Z";

export const clientReadOnlyIgnored = defineCheck({
  id: "rfc7643.resource.client-read-only-ignored",
  title: "id and meta sent by the client on POST are ignored: the service provider assigns its own",
  rfc: "RFC 7643 §3.1; RFC 7644 §3.3",
  keyword: "MUST",
  async run(ctx) {
    const chosen = ctx.uniqueId("client-id");
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "client-meta", {
        id: chosen,
        meta: { resourceType: "User", created: CLIENT_CREATED, lastModified: CLIENT_CREATED },
      }),
    });
    const body = bodyOf(exchange);
    const id = body?.["id"];
    if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
    const problems: string[] = [];
    if (statusOf(exchange) !== 201)
      problems.push(`${describe(exchange)}: readOnly id and meta in a POST are to be ignored, not refused`);
    else {
      if (id === chosen) problems.push(`the user got the id the client sent (${JSON.stringify(chosen)})`);
      const meta = body?.["meta"] as Json | undefined;
      for (const key of ["created", "lastModified"])
        if (typeof meta?.[key] === "string" && Date.parse(String(meta[key])) === Date.parse(CLIENT_CREATED))
          problems.push(`meta.${key} is the value the client sent (${CLIENT_CREATED})`);
    }
    return problems.length === 0
      ? []
      : [
          ctx.finding({
            message: problems.join("; "),
            actual: body ?? statusOf(exchange) ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const acceptScimJson = defineCheck({
  id: "rfc7644.http.accept-scim-json",
  title: "A request with Accept: application/scim+json is answered with JSON",
  rfc: "RFC 7644 §3.8",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "accept");
    const exchange = await send(ctx, {
      method: "GET",
      path: `/Users/${encodeURIComponent(user.id)}`,
      headers: { accept: "application/scim+json" },
    });
    return statusOf(exchange) === 200 && bodyOf(exchange)?.["id"] === user.id
      ? []
      : [
          ctx.finding({
            message: `GET by id with Accept: application/scim+json: ${describe(exchange)}, expected 200 with the user`,
            expected: 200,
            actual: statusOf(exchange) ?? exchange.error?.kind,
            exchanges: [exchange],
          }),
        ];
  },
});

/** The number of resources a discovery list answer holds, or undefined. */
const listed = (body: Json | undefined): number | undefined =>
  Array.isArray(body?.["Resources"]) ? (body["Resources"] as unknown[]).length : undefined;

export const discoveryIgnoresPaging = defineCheck({
  id: "rfc7644.discovery.ignores-paging",
  title: "/Schemas and /ResourceTypes ignore startIndex and count",
  rfc: "RFC 7644 §4",
  keyword: "MUST",
  async run(ctx) {
    const problems: string[] = [];
    const exchanges = [];
    for (const [endpoint, plain] of [
      ["Schemas", ctx.discovery.exchanges.schemas],
      ["ResourceTypes", ctx.discovery.exchanges.resourceTypes],
    ] as const) {
      const all = listed(bodyOf(plain));
      if (statusOf(plain) !== 200 || all === undefined || all < 2) continue; // nothing to page over
      const paged = await send(ctx, { method: "GET", path: `/${endpoint}?startIndex=2&count=1` });
      exchanges.push(paged);
      const got = listed(bodyOf(paged));
      if (statusOf(paged) !== 200 || got !== all)
        problems.push(
          `GET /${endpoint}?startIndex=2&count=1: ${describe(paged)} with ${String(got)} resources, expected all ${all} (paging is ignored there)`,
        );
    }
    if (exchanges.length === 0)
      return ctx.notApplicable(
        "neither /Schemas nor /ResourceTypes lists two or more resources to page over",
      );
    return problems.length === 0 ? [] : [ctx.finding({ message: problems.join("; "), exchanges })];
  },
});

/** The lifecycle and discovery checks of the requirement catalogue, in catalogue order. */
export const REQUIREMENT_LIFECYCLE_CHECKS: readonly ContractCheck[] = [
  authenticationSchemeFields,
  noMessageSchemas,
  discoveryIgnoresPaging,
  clientReadOnlyIgnored,
  acceptScimJson,
  putDoesNotCreate,
  deletedNotInConflict,
];
