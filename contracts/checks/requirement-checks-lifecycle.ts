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

/** The lifecycle and discovery checks of the requirement catalogue, in catalogue order. */
export const REQUIREMENT_LIFECYCLE_CHECKS: readonly ContractCheck[] = [
  authenticationSchemeFields,
  noMessageSchemas,
  putDoesNotCreate,
  deletedNotInConflict,
];
