/**
 * List responses (RFC 7644 §3.4.2), paging (§3.4.2.4) and partial representations (`attributes`,
 * `excludedAttributes`, §3.4.2.5 and §3.9). Queries are scoped to the check's own users with
 * `userName sw "<check prefix>"`, or, where the target declines `sw` with 400 (RFC 7644 §3.12 allows it),
 * with an `or` of `userName eq`: paging is the subject here, not the filter operators.
 */

import type { Exchange } from "../../harness/http/exchange.ts";
import {
  bodyOf,
  createUser,
  describe,
  idsOf,
  listUsers,
  resourcesOf,
  sameSet,
  scopeOf,
  statusOf,
} from "./check-helpers.ts";
import type { Created } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext } from "./contract-check.ts";

const ENTRA_LIST = {
  idp: "Entra ID",
  evidence: ["[S1]", "[S4]", "B9"],
  why: "matches users with filtered list queries and quarantines on anything but a 200 ListResponse",
} as const;

async function threeUsers(ctx: CheckContext): Promise<Created[]> {
  return [await createUser(ctx, "a"), await createUser(ctx, "b"), await createUser(ctx, "c")];
}

/** A list query over exactly `users` (see `scopeOf`), with paging parameters. */
async function scoped(
  ctx: CheckContext,
  users: readonly Created[],
  query: Record<string, string | undefined> = {},
): Promise<Exchange> {
  return listUsers(ctx, await scopeOf(ctx, users), query);
}

/** Fails the setup unless the scoped list answered 200. */
function listBody(ctx: CheckContext, exchange: Exchange): Record<string, unknown> {
  const body = bodyOf(exchange);
  if (statusOf(exchange) !== 200 || body === undefined) {
    return ctx.setupFailed(`the scoped list query failed (${describe(exchange)})`, exchange);
  }
  return body;
}

export const listShape = defineCheck({
  id: "rfc7644.list.response-shape",
  title: "Queries answer a ListResponse with totalResults and Resources that have ids",
  rfc: "RFC 7644 §3.4.2",
  keyword: "MUST",
  idpDependence: [ENTRA_LIST],
  async run(ctx) {
    const user = await createUser(ctx, "shape");
    const exchange = await listUsers(ctx, `userName eq "${String(user.body["userName"])}"`);
    const body = bodyOf(exchange);
    const problems: string[] = [];
    if (statusOf(exchange) !== 200 || body === undefined)
      problems.push(`${describe(exchange)}, expected 200 with a ListResponse`);
    else {
      const schemas = body["schemas"];
      if (!Array.isArray(schemas) || !schemas.includes("urn:ietf:params:scim:api:messages:2.0:ListResponse"))
        problems.push(`"schemas" lacks the ListResponse URN`);
      if (body["totalResults"] !== 1)
        problems.push(`totalResults is ${JSON.stringify(body["totalResults"])}, expected 1`);
      const resources = body["Resources"];
      if (!Array.isArray(resources) || resources.length !== 1)
        problems.push(`"Resources" is not an array with the one match`);
      else if (resourcesOf(body).some((r) => typeof r["id"] !== "string"))
        problems.push(`a resource in "Resources" has no id`);
    }
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), actual: body ?? null, exchanges: [exchange] })];
  },
});

export const emptyResult200 = defineCheck({
  id: "rfc7644.list.empty-result-200",
  title: "A query without matches answers 200 with totalResults 0",
  rfc: "RFC 7644 §3.4.2",
  keyword: "MUST",
  idpDependence: [ENTRA_LIST],
  async run(ctx) {
    const exchange = await listUsers(ctx, `userName eq "${ctx.uniqueName("nobody")}"`);
    const body = bodyOf(exchange);
    const resources = body?.["Resources"];
    if (
      statusOf(exchange) === 200 &&
      body?.["totalResults"] === 0 &&
      (resources === undefined || (Array.isArray(resources) && resources.length === 0))
    )
      return [];
    return [
      ctx.finding({
        message: `a userName query with no match: ${describe(exchange)}, body ${exchange.response?.bodyText.slice(0, 200) ?? ""}`,
        expected: { status: 200, totalResults: 0, Resources: [] },
        actual: body ?? statusOf(exchange) ?? null,
        exchanges: [exchange],
      }),
    ];
  },
});

export const startIndexOneBased = defineCheck({
  id: "rfc7644.list.start-index-one-based",
  title: "startIndex is 1-based: pages 1, 2, 3 of size 1 return the three matches",
  rfc: "RFC 7644 §3.4.2.4",
  keyword: "MUST",
  idpDependence: [{ idp: "Entra ID", evidence: ["[S14]"], why: "pages with startIndex = page*count+1" }],
  async run(ctx) {
    const users = await threeUsers(ctx);
    const seen: string[] = [];
    const problems: string[] = [];
    const exchanges: Exchange[] = [];
    const scope = await scopeOf(ctx, users);
    for (const startIndex of [1, 2, 3]) {
      const exchange = await listUsers(ctx, scope, { startIndex: String(startIndex), count: "1" });
      exchanges.push(exchange);
      const body = listBody(ctx, exchange);
      const ids = idsOf(exchange);
      if (ids.length !== 1)
        problems.push(`startIndex=${startIndex}&count=1 returned ${ids.length} resources`);
      seen.push(...ids);
      if (body["startIndex"] !== undefined && body["startIndex"] !== startIndex)
        problems.push(
          `startIndex=${startIndex} answered "startIndex": ${JSON.stringify(body["startIndex"])}`,
        );
    }
    if (
      !sameSet(
        seen,
        users.map((u) => u.id),
      )
    )
      problems.push(`pages 1–3 returned ${JSON.stringify(seen)}, not the three users`);
    return problems.length === 0 ? [] : [ctx.finding({ message: problems.join("; "), exchanges })];
  },
});

export const startIndexBelowOne = defineCheck({
  id: "rfc7644.list.start-index-below-one",
  title: "startIndex below 1 is read as 1",
  rfc: "RFC 7644 §3.4.2.4",
  keyword: "MUST",
  async run(ctx) {
    const users = await threeUsers(ctx);
    const exchange = await scoped(ctx, users, { startIndex: "0", count: "10" });
    const body = bodyOf(exchange);
    const ids = idsOf(exchange);
    if (
      statusOf(exchange) === 200 &&
      ids.length === 3 &&
      (body?.["startIndex"] === undefined || body["startIndex"] === 1)
    )
      return [];
    return [
      ctx.finding({
        message: `startIndex=0&count=10 over 3 matches: ${describe(exchange)}, ${ids.length} resources, "startIndex": ${JSON.stringify(body?.["startIndex"])}`,
        expected: { status: 200, resources: 3, startIndex: 1 },
        actual: {
          status: statusOf(exchange) ?? null,
          resources: ids.length,
          startIndex: body?.["startIndex"] ?? null,
        },
        exchanges: [exchange],
      }),
    ];
  },
});

export const countZero = defineCheck({
  id: "rfc7644.list.count-zero",
  title: "count=0 returns totalResults and no resources",
  rfc: "RFC 7644 §3.4.2.4",
  keyword: "MUST",
  async run(ctx) {
    const users = await threeUsers(ctx);
    const exchange = await scoped(ctx, users, { count: "0" });
    const body = bodyOf(exchange);
    const ids = idsOf(exchange);
    if (statusOf(exchange) === 200 && body?.["totalResults"] === 3 && ids.length === 0) return [];
    return [
      ctx.finding({
        message: `count=0 over 3 matches: ${describe(exchange)}, totalResults ${JSON.stringify(body?.["totalResults"])}, ${ids.length} resources`,
        expected: { totalResults: 3, resources: 0 },
        actual: { totalResults: body?.["totalResults"] ?? null, resources: ids.length },
        exchanges: [exchange],
      }),
    ];
  },
});

export const negativeCount = defineCheck({
  id: "rfc7644.list.negative-count",
  title: "A negative count is read as 0",
  rfc: "RFC 7644 §3.4.2.4",
  keyword: "MUST",
  async run(ctx) {
    const users = await threeUsers(ctx);
    const exchange = await scoped(ctx, users, { count: "-1" });
    const ids = idsOf(exchange);
    if (statusOf(exchange) === 200 && ids.length === 0) return [];
    return [
      ctx.finding({
        message: `count=-1: ${describe(exchange)} with ${ids.length} resources, expected 200 with none`,
        exchanges: [exchange],
      }),
    ];
  },
});

export const countLimitsPage = defineCheck({
  id: "rfc7644.list.count-limits-page",
  title: "count caps the page; totalResults and itemsPerPage stay consistent",
  rfc: "RFC 7644 §3.4.2, §3.4.2.4",
  keyword: "MUST",
  async run(ctx) {
    const users = await threeUsers(ctx);
    const exchange = await scoped(ctx, users, { count: "2" });
    const body = listBody(ctx, exchange);
    const ids = idsOf(exchange);
    const problems: string[] = [];
    if (ids.length > 2) problems.push(`count=2 returned ${ids.length} resources`);
    if (body["totalResults"] !== 3)
      problems.push(`totalResults is ${JSON.stringify(body["totalResults"])}, expected 3`);
    if (ids.length < 3 && body["itemsPerPage"] !== ids.length)
      problems.push(
        `a partial page has itemsPerPage ${JSON.stringify(body["itemsPerPage"])} for ${ids.length} resources`,
      );
    return problems.length === 0
      ? []
      : [
          ctx.finding({
            message: problems.join("; "),
            actual: {
              totalResults: body["totalResults"],
              itemsPerPage: body["itemsPerPage"],
              resources: ids.length,
            },
            exchanges: [exchange],
          }),
        ];
  },
});

/** The list and paging checks, in catalogue order. */
export const LIST_CHECKS = [
  listShape,
  emptyResult200,
  startIndexOneBased,
  startIndexBelowOne,
  countZero,
  negativeCount,
  countLimitsPage,
];
