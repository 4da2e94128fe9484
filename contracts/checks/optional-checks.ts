/**
 * Optional features (RFC 7643 §5): ETags (RFC 7644 §3.14), Bulk (§3.7), sorting (§3.4.2.3) and password
 * change. Each applies only when `/ServiceProviderConfig` advertises it; an advertised feature that does
 * not work is an error.
 */
import { SCHEMA_BULK_REQUEST, SCHEMA_BULK_RESPONSE } from "../../harness/scim/schemas.ts";
import {
  attr,
  bodyOf,
  createUser,
  describe,
  getResource,
  idsOf,
  listUsers,
  patch,
  readBack,
  send,
  scopeOf,
  statusOf,
  userBody,
  writableString,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext } from "./contract-check.ts";

const etagOf = (ctx: CheckContext, id: string) => getResource(ctx, "Users", id);

export const etagHeader = defineCheck({
  id: "rfc7644.etag.header",
  title: "With etag supported, GET answers an ETag header (equal to meta.version)",
  rfc: "RFC 7644 §3.14",
  keyword: "MUST",
  requires: ["etag"],
  async run(ctx) {
    const user = await createUser(ctx, "etag");
    const exchange = await etagOf(ctx, user.id);
    const header = exchange.response?.headers["etag"];
    const version = attr(attr(bodyOf(exchange), "meta"), "version");
    if (header === undefined)
      return [ctx.finding({ message: `${describe(exchange)} has no ETag header`, exchanges: [exchange] })];
    if (version !== undefined && version !== header) {
      return [
        ctx.finding({
          message: `ETag ${header} differs from meta.version ${JSON.stringify(version)}`,
          expected: header,
          actual: version,
          exchanges: [exchange],
        }),
      ];
    }
    return [];
  },
});

export const etagChanges = defineCheck({
  id: "rfc7644.etag.version-changes",
  title: "With etag supported, a modification changes the ETag",
  rfc: "RFC 7644 §3.14; RFC 7232 §2.3",
  keyword: "MUST",
  requires: ["etag", "patch"],
  async run(ctx) {
    const name = writableString(ctx);
    const user = await createUser(ctx, "etag-change");
    const before = await etagOf(ctx, user.id);
    const changed = await patch(ctx, "Users", user.id, [{ op: "replace", path: name, value: "Version Two" }]);
    if ((statusOf(changed) ?? 500) >= 300) return ctx.setupFailed(describe(changed), changed);
    const after = await etagOf(ctx, user.id);
    const [a, b] = [before.response?.headers["etag"], after.response?.headers["etag"]];
    return a !== undefined && a === b
      ? [
          ctx.finding({
            message: `the ETag stayed ${a} after ${name} changed`,
            exchanges: [before, after],
          }),
        ]
      : [];
  },
});

export const ifMatch412 = defineCheck({
  id: "rfc7644.etag.if-match-412",
  title: "With etag supported, a PATCH with a stale If-Match answers 412 and changes nothing",
  rfc: "RFC 7644 §3.14; RFC 7232 §3.1",
  keyword: "MUST",
  requires: ["etag", "patch"],
  async run(ctx) {
    const name = writableString(ctx);
    const user = await createUser(ctx, "if-match");
    const exchange = await patch(
      ctx,
      "Users",
      user.id,
      [{ op: "replace", path: name, value: "Stale Write" }],
      { "If-Match": 'W/"scimh-stale"' },
    );
    const after = await readBack(ctx, "Users", user.id);
    const findings = [];
    if (statusOf(exchange) !== 412)
      findings.push(
        ctx.finding({
          message: `${describe(exchange)} with a stale If-Match, expected 412`,
          expected: 412,
          actual: statusOf(exchange) ?? null,
          exchanges: [exchange],
        }),
      );
    if (attr(after, name) === "Stale Write")
      findings.push(
        ctx.finding({ message: "the PATCH with a stale If-Match was applied", exchanges: [exchange] }),
      );
    return findings;
  },
});

export const ifNoneMatch304 = defineCheck({
  id: "rfc7644.etag.if-none-match-304",
  title: "With etag supported, GET with a current If-None-Match answers 304",
  rfc: "RFC 7644 §3.14; RFC 7232 §3.2",
  keyword: "MUST",
  requires: ["etag"],
  async run(ctx) {
    const user = await createUser(ctx, "if-none-match");
    const first = await etagOf(ctx, user.id);
    const etag = first.response?.headers["etag"];
    if (etag === undefined) return ctx.setupFailed("GET answered no ETag header", first);
    const second = await getResource(ctx, "Users", user.id, {}, { "If-None-Match": etag });
    return statusOf(second) === 304
      ? []
      : [
          ctx.finding({
            message: `${describe(second)} with If-None-Match ${etag}, expected 304`,
            expected: 304,
            actual: statusOf(second) ?? null,
            exchanges: [second],
          }),
        ];
  },
});

export const bulkCreate = defineCheck({
  id: "rfc7644.bulk.create",
  title: "With bulk supported, a Bulk POST creates a user and reports 201",
  rfc: "RFC 7644 §3.7",
  keyword: "MUST",
  requires: ["bulk"],
  async run(ctx) {
    const body = {
      schemas: [SCHEMA_BULK_REQUEST],
      Operations: [{ method: "POST", path: "/Users", bulkId: "scimh1", data: userBody(ctx, "bulk") }],
    };
    const exchange = await send(ctx, { method: "POST", path: "/Bulk", body });
    const response = bodyOf(exchange);
    const ops = Array.isArray(response?.["Operations"])
      ? (response["Operations"] as Record<string, unknown>[])
      : [];
    const location = ops[0]?.["location"];
    const id =
      typeof location === "string"
        ? decodeURIComponent(location.replace(/\/+$/, "").split("/").pop() ?? "")
        : "";
    if (id !== "") ctx.cleanup.track("Users", id);
    const schemas = response?.["schemas"];
    const ok =
      statusOf(exchange) === 200 &&
      Array.isArray(schemas) &&
      schemas.includes(SCHEMA_BULK_RESPONSE) &&
      String(ops[0]?.["status"]) === "201" &&
      id !== "";
    if (!ok)
      return [
        ctx.finding({
          message: `${describe(exchange)}: expected 200 with a BulkResponse whose operation has status "201" and a location`,
          actual: response ?? exchange.response?.bodyText ?? null,
          exchanges: [exchange],
        }),
      ];
    const get = await getResource(ctx, "Users", id);
    return statusOf(get) === 200
      ? []
      : [
          ctx.finding({
            message: `the bulk-created user ${id} cannot be read: ${describe(get)}`,
            exchanges: [exchange, get],
          }),
        ];
  },
});

export const sortBy = defineCheck({
  id: "rfc7644.sort.sort-by",
  title: "With sort supported, sortBy/sortOrder order the results",
  rfc: "RFC 7644 §3.4.2.3",
  keyword: "MUST",
  requires: ["sort"],
  async run(ctx) {
    const users = [await createUser(ctx, "a"), await createUser(ctx, "b"), await createUser(ctx, "c")];
    const ids = users.map((u) => u.id);
    const scope = await scopeOf(ctx, users);
    const findings = [];
    for (const [order, want] of [
      ["ascending", ids],
      ["descending", [...ids].reverse()],
    ] as const) {
      const exchange = await listUsers(ctx, scope, {
        sortBy: "userName",
        sortOrder: order,
      });
      const got = idsOf(exchange);
      if (statusOf(exchange) !== 200 || got.join() !== want.join()) {
        findings.push(
          ctx.finding({
            message: `sortBy=userName&sortOrder=${order}: ${describe(exchange)} in order ${JSON.stringify(got)}`,
            expected: want,
            actual: got,
            exchanges: [exchange],
          }),
        );
      }
    }
    return findings;
  },
});

export const changePassword = defineCheck({
  id: "rfc7644.change-password.patch",
  title: "With changePassword supported, a PATCH replaces the password (and does not return it)",
  rfc: "RFC 7644 §3.5.2; RFC 7643 §5, §4.1.1",
  keyword: "MUST",
  requires: ["changePassword", "patch"],
  async run(ctx) {
    const user = await createUser(ctx, "password");
    const exchange = await patch(ctx, "Users", user.id, [
      { op: "replace", path: "password", value: "Scimh-N3w-Passw0rd!" },
    ]);
    if (statusOf(exchange) !== 200 && statusOf(exchange) !== 204) {
      return [
        ctx.finding({
          message: `${describe(exchange)}, expected 200 or 204`,
          actual: exchange.response?.body ?? null,
          exchanges: [exchange],
        }),
      ];
    }
    return attr(bodyOf(exchange), "password") === undefined
      ? []
      : [ctx.finding({ message: "the PATCH response returned the password", exchanges: [exchange] })];
  },
});

/** The optional-feature checks, in catalogue order. */
export const OPTIONAL_CHECKS = [
  etagHeader,
  etagChanges,
  ifMatch412,
  ifNoneMatch304,
  bulkCreate,
  sortBy,
  changePassword,
];
