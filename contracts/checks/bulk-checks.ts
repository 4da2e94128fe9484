/**
 * Bulk (RFC 7644 §3.7), when /ServiceProviderConfig advertises it: a failing operation reports a §3.12 error
 * with a description and the job goes on, bulkId references are replaced by the new ids (in core attributes
 * and in extensions), and circular references are resolved or answered 409. rfc7644.bulk.create covers a
 * plain create.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import {
  SCHEMA_BULK_REQUEST,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_ERROR,
  SCHEMA_GROUP,
} from "../../harness/scim/schemas.ts";
import {
  attr,
  bodyOf,
  declares,
  describe,
  getResource,
  memberIds,
  readBack,
  send,
  statusOf,
  userBody,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, Problem } from "./contract-check.ts";

type Json = Record<string, unknown>;

/** One operation's result in a BulkResponse. */
interface OperationResult {
  raw: Json;
  status: string;
  id?: string;
}

/** Sends a bulk job; returns the exchange and its operation results (ids taken from location, tracked). */
async function sendBulk(
  ctx: CheckContext,
  operations: Json[],
): Promise<{ exchange: Exchange; results: OperationResult[] }> {
  const exchange = await send(ctx, {
    method: "POST",
    path: "/Bulk",
    body: { schemas: [SCHEMA_BULK_REQUEST], Operations: operations },
  });
  const raw = attr(bodyOf(exchange), "Operations");
  const results = (Array.isArray(raw) ? (raw as Json[]) : []).map((op) => {
    const location = attr(op, "location");
    const id =
      typeof location === "string" && location !== ""
        ? decodeURIComponent(location.replace(/\/+$/, "").split("/").pop() ?? "")
        : undefined;
    const status = attr(op, "status");
    // RFC 7644 §3.7.3 shows status as a string; a {code} object (the §3.7.3 prose) is read too.
    const code = typeof status === "object" && status !== null ? attr(status, "code") : status;
    const kind = typeof location === "string" && location.includes("/Groups/") ? "Groups" : "Users";
    if (id !== undefined && id !== "" && String(code).startsWith("2") && attr(op, "method") !== "DELETE")
      ctx.cleanup.track(kind, id);
    return { raw: op, status: String(code), ...(id !== undefined ? { id } : {}) };
  });
  return { exchange, results };
}

/**
 * POST /Bulk with one operation more than the advertised `bulk.maxOperations` (RFC 7643 §5), each a DELETE
 * of an id that does not exist (a server that wrongly runs them changes nothing); not applicable when
 * maxOperations is not an integer from 1 to 1000.
 */
export async function sendTooManyOperations(ctx: CheckContext): Promise<{ exchange: Exchange; max: number }> {
  const max = attr(attr(ctx.discovery.serviceProviderConfig, "bulk"), "maxOperations");
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 1000)
    return ctx.notApplicable(
      `/ServiceProviderConfig bulk.maxOperations is ${JSON.stringify(max)}, not an integer from 1 to 1000 the check can exceed`,
    );
  const operations = Array.from({ length: max + 1 }, (_, i) => ({
    method: "DELETE",
    path: `/Users/${ctx.uniqueId(`bulk-${i}`)}`,
  }));
  const exchange = await send(ctx, {
    method: "POST",
    path: "/Bulk",
    body: { schemas: [SCHEMA_BULK_REQUEST], Operations: operations },
  });
  return { exchange, max };
}

/** The text of an error body a person reads: every string in it but the schema URNs, status and scimType. */
function errorText(body: unknown): string {
  if (typeof body === "string") return body;
  if (Array.isArray(body)) return body.map(errorText).join(" ");
  if (typeof body !== "object" || body === null) return "";
  return Object.entries(body)
    .filter(([key]) => !["schemas", "status", "scimtype"].includes(key.toLowerCase()))
    .map(([, value]) => errorText(value))
    .join(" ");
}

export const bulkLimitNamed = defineCheck({
  id: "rfc7644.bulk.limit-named-413",
  title: "With bulk supported, the 413 for more operations than maxOperations names the limit exceeded",
  rfc: "RFC 7644 §3.7.4",
  keyword: "MUST",
  requires: ["bulk"],
  async run(ctx) {
    const { exchange, max } = await sendTooManyOperations(ctx);
    // The status is rfc7644.error.bulk-too-many's: this check reads the body of the 413 only.
    if (statusOf(exchange) !== 413)
      return ctx.setupFailed(
        `${describe(exchange)}, not 413, to ${max + 1} operations (rfc7644.error.bulk-too-many reports it)`,
        exchange,
      );
    const body = bodyOf(exchange) ?? exchange.response?.bodyText ?? "";
    const text = errorText(body);
    // §3.7.4: "The returned response MUST specify the limit exceeded in the body of the error response". The
    // RFC's example gives the limit's name and value; naming either (maxOperations, "operations", or the
    // number) specifies which limit was exceeded.
    const named =
      /maxOperations|operations/i.test(text) || new RegExp(`(^|[^0-9.])${max}([^0-9.]|$)`).test(text);
    return named
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)} to ${max + 1} operations (maxOperations ${max}), but the error body does not name the limit exceeded (neither maxOperations, operations nor ${max})`,
            expected: `a 413 error body that names maxOperations or ${max}`,
            actual: body === "" ? null : body,
            exchanges: [exchange],
          }),
        ];
  },
});

const byBulkId = (results: OperationResult[], bulkId: string) =>
  results.find((r) => attr(r.raw, "bulkId") === bulkId);

export const bulkPartialFailure = defineCheck({
  id: "rfc7644.bulk.partial-failure",
  title:
    "With bulk supported, a failing operation reports a §3.12 error with a description and the job goes on",
  rfc: "RFC 7644 §3.7, §3.7.3",
  keyword: "MUST",
  requires: ["bulk"],
  async run(ctx) {
    const missing = ctx.uniqueId("missing-user");
    const { exchange, results } = await sendBulk(ctx, [
      { method: "DELETE", path: `/Users/${missing}` },
      { method: "POST", path: "/Users", bulkId: "scimh-after", data: userBody(ctx, "bulk-after") },
    ]);
    if (statusOf(exchange) !== 200)
      return [
        ctx.finding({
          message: `${describe(exchange)}: a bulk job with one failing operation and no failOnErrors answers 200 with each result`,
          exchanges: [exchange],
        }),
      ];
    const problems: string[] = [];
    const failed = results.find((r) => attr(r.raw, "method") === "DELETE");
    if (failed === undefined) problems.push("no result for the DELETE of an unknown id");
    else if (failed.status.startsWith("2"))
      problems.push(`the DELETE of an unknown id reports ${failed.status}`);
    else {
      const response = attr(failed.raw, "response");
      const status = attr(failed.raw, "status");
      const schemas = attr(response, "schemas");
      if (typeof response !== "object" || response === null)
        problems.push(`the failed operation (${failed.status}) has no "response" body`);
      else if (!Array.isArray(schemas) || !schemas.includes(SCHEMA_ERROR))
        problems.push(
          `the failed operation's response is not a §3.12 error (schemas ${JSON.stringify(schemas)})`,
        );
      const description = [attr(response, "detail"), attr(status, "description")].find(
        (d) => typeof d === "string" && d.trim() !== "",
      );
      if (description === undefined)
        problems.push(
          "the failed operation carries no description of the error (detail or status.description)",
        );
    }
    const after = byBulkId(results, "scimh-after");
    if (after === undefined || after.status !== "201" || after.id === undefined)
      problems.push(
        `the operation after the failure was not carried out (${after === undefined ? "no result" : `status ${after.status}`})`,
      );
    return problems.length === 0
      ? []
      : [
          ctx.finding({
            message: problems.join("; "),
            actual: bodyOf(exchange) ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const bulkIdReferences = defineCheck({
  id: "rfc7644.bulk.bulk-id-references",
  title:
    'With bulk supported, "bulkId:<id>" in a later operation (members, the enterprise manager) becomes the new id',
  rfc: "RFC 7644 §3.7.2",
  keyword: "MUST",
  requires: ["bulk"],
  async run(ctx) {
    const withGroup = ctx.discovery.hasGroups;
    const withManager = ctx.discovery.hasEnterpriseUser && declares(ctx, "manager");
    if (!withGroup && !withManager)
      return ctx.notApplicable(
        "the target has no Group resource type and no enterprise manager to reference",
      );
    const operations: Json[] = [
      { method: "POST", path: "/Users", bulkId: "scimh-u", data: userBody(ctx, "bulk-ref-user") },
    ];
    if (withGroup)
      operations.push({
        method: "POST",
        path: "/Groups",
        bulkId: "scimh-g",
        data: {
          schemas: [SCHEMA_GROUP],
          displayName: ctx.uniqueName("bulk-ref-group"),
          members: [{ value: "bulkId:scimh-u" }],
        },
      });
    if (withManager)
      operations.push({
        method: "POST",
        path: "/Users",
        bulkId: "scimh-m",
        data: {
          ...userBody(ctx, "bulk-ref-report"),
          schemas: [...(userBody(ctx, "x")["schemas"] as string[]), SCHEMA_ENTERPRISE_USER],
          [SCHEMA_ENTERPRISE_USER]: { manager: { value: "bulkId:scimh-u" } },
        },
      });
    const { exchange, results } = await sendBulk(ctx, operations);
    const user = byBulkId(results, "scimh-u");
    if (statusOf(exchange) !== 200 || user?.id === undefined || user.status !== "201")
      return ctx.setupFailed(
        `the bulk job did not create the referenced user: ${describe(exchange)}`,
        exchange,
      );
    const problems: Problem[] = [];
    const group = byBulkId(results, "scimh-g");
    if (withGroup) {
      const members = group?.id === undefined ? [] : memberIds(await readBack(ctx, "Groups", group.id));
      if (!members.includes(user.id))
        problems.push({
          message: `the group created with members [bulkId:scimh-u] has members ${JSON.stringify(members)} (status ${group?.status ?? "none"}), not the new user ${user.id}`,
          exchanges: [exchange],
        });
    }
    const report = byBulkId(results, "scimh-m");
    if (withManager) {
      const read = report?.id === undefined ? undefined : await getResource(ctx, "Users", report.id);
      const manager = attr(attr(attr(bodyOf(read), SCHEMA_ENTERPRISE_USER), "manager"), "value");
      if (manager !== user.id)
        problems.push({
          message: `the user created with manager bulkId:scimh-u has manager ${JSON.stringify(manager)} (status ${report?.status ?? "none"}), not the new user ${user.id}; references in extensions are resolved too`,
          exchanges: [exchange, read],
        });
    }
    return problems.map((p) => ctx.finding(p));
  },
});

export const bulkCircularReferences = defineCheck({
  id: "rfc7644.bulk.circular-references",
  title:
    "With bulk supported, two groups that reference each other by bulkId are both resolved, or answered 409",
  rfc: "RFC 7644 §3.7.1",
  keyword: "MUST",
  requires: ["bulk", "groups"],
  async run(ctx) {
    const group = (label: string, other: string): Json => ({
      schemas: [SCHEMA_GROUP],
      displayName: ctx.uniqueName(label),
      members: [{ type: "Group", value: `bulkId:${other}` }],
    });
    const { exchange, results } = await sendBulk(ctx, [
      { method: "POST", path: "/Groups", bulkId: "scimh-a", data: group("circular-a", "scimh-b") },
      { method: "POST", path: "/Groups", bulkId: "scimh-b", data: group("circular-b", "scimh-a") },
    ]);
    // Stopping after a failed attempt answers 409, for the job or for the operations it could not resolve.
    if (statusOf(exchange) === 409) return [];
    const [a, b] = [byBulkId(results, "scimh-a"), byBulkId(results, "scimh-b")];
    if (statusOf(exchange) === 200 && [a, b].every((r) => r?.status === "409")) return [];
    if (statusOf(exchange) === 200 && a?.id !== undefined && b?.id !== undefined) {
      const [ma, mb] = [
        memberIds(await readBack(ctx, "Groups", a.id)),
        memberIds(await readBack(ctx, "Groups", b.id)),
      ];
      if (ma.includes(b.id) && mb.includes(a.id)) return [];
      return [
        ctx.finding({
          message: `both groups were created, but A's members are ${JSON.stringify(ma)} and B's ${JSON.stringify(mb)}: each must hold the other (or the job answers 409)`,
          exchanges: [exchange],
        }),
      ];
    }
    return [
      ctx.finding({
        message: `${describe(exchange)} with results ${JSON.stringify(results.map((r) => r.status))}: circular references are resolved, or the job (or its operations) answers 409`,
        actual: bodyOf(exchange) ?? null,
        exchanges: [exchange],
      }),
    ];
  },
});

/** The bulk checks, in catalogue order. */
export const BULK_CHECKS = [bulkPartialFailure, bulkIdReferences, bulkCircularReferences, bulkLimitNamed];
