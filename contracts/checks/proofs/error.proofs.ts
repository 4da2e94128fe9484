/**
 * Broken servers for the §3.12 error checks (error-checks.ts): each answers one provoked input outside the
 * set RFC 7644 allows, with a 5xx (the usual crash on unexpected input) or a wrong status or scimType.
 */
import type { QuirkContext, ScimResponse } from "../../../fakes/index.ts";
import {
  advertise,
  combine,
  errorJson,
  json,
  rewriteJson,
  rewriteResponse,
} from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

type Json = Record<string, unknown>;

const crash = (): ScimResponse => errorJson(500, "Internal Server Error");

/** Requests of this operation whose answer is an error (the fake's own RFC-correct refusal). */
const refused =
  (operation: string, also: (ctx: QuirkContext) => boolean = () => true) =>
  (ctx: QuirkContext): boolean =>
    ctx.route.operation === operation && also(ctx);

/** Replaces the fake's 4xx answer to matching requests. */
const onRefusal = (when: (ctx: QuirkContext) => boolean, fn: (r: ScimResponse) => ScimResponse) =>
  rewriteResponse(when, (r) => (r.status >= 400 && r.status < 500 ? fn(r) : r));

const filterOf = (ctx: QuirkContext): string => ctx.request.url.searchParams.get("filter") ?? "";

/** Advertises bulk with maxOperations 2 (RFC 7643 §5). */
const bulkMax2 = combine(
  advertise({ bulk: true }),
  rewriteJson(
    (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ServiceProviderConfig",
    (body) => ({ ...body, bulk: { ...(body["bulk"] as Json), maxOperations: 2 } }),
  ),
);

export const ERROR_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.error.filter-unknown-attribute",
    broken: "answers 500 to a filter on an attribute no schema defines",
    hooks: rewriteResponse(
      refused("list", (ctx) => filterOf(ctx).startsWith("scimh")),
      crash,
    ),
  },
  {
    check: "rfc7644.error.filter-unknown-attribute",
    broken: "refuses a filter on an undefined attribute with 400 invalidValue",
    hooks: rewriteResponse(
      refused("list", (ctx) => filterOf(ctx).startsWith("scimh")),
      () => errorJson(400, "unknown attribute", "invalidValue"),
    ),
  },
  {
    check: "rfc7644.error.patch-invalid-path",
    broken: "answers 500 to a malformed PATCH path",
    hooks: onRefusal(refused("patch"), crash),
  },
  {
    check: "rfc7644.error.patch-invalid-path",
    broken: "labels a malformed PATCH path mutability",
    hooks: onRefusal(refused("patch"), () => errorJson(400, "bad path", "mutability")),
  },
  {
    check: "rfc7644.error.invalid-syntax-json",
    broken: "answers 500 to a body that is not JSON",
    hooks: onRefusal(refused("create"), crash),
  },
  {
    check: "rfc7644.error.invalid-syntax-json",
    broken: "answers a body that is not JSON with an HTML 400 page",
    hooks: onRefusal(refused("create"), () => ({
      status: 400,
      headers: { "content-type": "text/html" },
      text: "<html><body>Bad Request</body></html>",
    })),
  },
  {
    check: "rfc7644.error.patch-without-schema",
    broken: "answers 500 to a PatchOp without its schemas",
    hooks: onRefusal(refused("patch"), crash),
  },
  {
    check: "rfc7644.error.mutability",
    broken: "answers 500 to a PATCH of id",
    hooks: onRefusal(refused("patch"), crash),
  },
  {
    check: "rfc7644.error.mutability",
    broken: "refuses a PATCH of id with 404",
    hooks: onRefusal(refused("patch"), () => errorJson(404, "no such attribute")),
  },
  {
    check: "rfc7644.error.invalid-value-type",
    broken: "answers 500 to a value of the wrong JSON type",
    hooks: onRefusal(refused("create"), crash),
  },
  {
    check: "rfc7644.error.invalid-value-type",
    broken: "sends the status of a type error as a number",
    hooks: onRefusal(refused("create"), (r) => json(r.status, { ...(r.json as Json), status: r.status })),
  },
  {
    check: "rfc7644.error.bulk-too-many",
    broken: "advertises bulk with maxOperations 2 but answers 501 on /Bulk",
    hooks: bulkMax2,
  },
  {
    check: "rfc7644.error.bulk-too-many",
    broken: "advertises bulk with maxOperations 2 but runs 3 operations",
    hooks: combine(bulkMax2, {
      onRequest: (ctx) =>
        ctx.route.operation === "bulk"
          ? json(200, { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"], Operations: [] })
          : undefined,
    }),
  },
  {
    check: "rfc7644.error.filter-too-many",
    broken:
      "advertises filter.maxResults 4 and answers 500 to a filter matching more (the too-many-500 quirk)",
    maxResults: 4,
    quirks: ["too-many-500"],
  },
  {
    check: "rfc7644.error.filter-too-many",
    broken: "advertises filter.maxResults 4 but returns every match",
    hooks: rewriteJson(
      (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ServiceProviderConfig",
      (body) => ({ ...body, filter: { supported: true, maxResults: 4 } }),
    ),
  },
  {
    check: "rfc7644.error.unsupported-media-type",
    broken: "answers 500 to a text/plain body",
    hooks: onRefusal(refused("create"), crash),
  },
  {
    check: "rfc7644.error.unsupported-media-type",
    broken: "answers 415 without a SCIM error body",
    hooks: onRefusal(refused("create"), () => ({
      status: 415,
      headers: { "content-type": "text/plain" },
      text: "Unsupported Media Type",
    })),
  },
  {
    check: "rfc7644.error.unknown-endpoint-404",
    broken: "answers 500 on an unknown endpoint",
    hooks: rewriteResponse("unknown", crash),
  },
  {
    check: "rfc7644.error.unknown-endpoint-404",
    broken: "answers 400 on an unknown endpoint",
    hooks: rewriteResponse("unknown", () => errorJson(400, "bad request")),
  },
];
