/**
 * Queries beyond one endpoint's GET (RFC 7644 §3.4.2.1, §3.4.2.3, §3.4.3): a query against the server root
 * spans every resource type, and sorting follows the attribute's type and case sensitivity (also in a
 * POST /.search). Root queries are optional (a target that serves none is not applicable, with the
 * reason); sorting applies only when /ServiceProviderConfig advertises it.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import { SCHEMA_SEARCH_REQUEST } from "../../harness/scim/schemas.ts";
import {
  createGroup,
  createUser,
  describe,
  idsOf,
  listUsers,
  scopeOf,
  send,
  statusOf,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext } from "./contract-check.ts";

const NOT_SERVED = new Set([404, 405, 501]);

/** GET /?filter=…, or POST /.search when the root GET is not served; undefined when neither is. */
async function rootQuery(ctx: CheckContext, filter: string): Promise<Exchange | undefined> {
  const get = await send(ctx, { method: "GET", path: `/?${scimQuery({ filter })}` });
  if (!NOT_SERVED.has(statusOf(get) ?? 0)) return get;
  const post = await send(ctx, {
    method: "POST",
    path: "/.search",
    body: { schemas: [SCHEMA_SEARCH_REQUEST], filter },
  });
  return NOT_SERVED.has(statusOf(post) ?? 0) ? undefined : post;
}

export const rootQueryAllTypes = defineCheck({
  id: "rfc7644.search.root-query",
  title: "A filtered query at the server root returns the matching resources of every type",
  rfc: "RFC 7644 §3.4.2.1",
  keyword: "MUST",
  requires: ["groups"],
  async run(ctx) {
    const user = await createUser(ctx, "root-user");
    const group = await createGroup(ctx, "root-group");
    // userName is not a Group attribute: on the group it counts as no value, and the or still matches it.
    const filter = `userName eq "${String(user.body["userName"])}" or displayName eq "${String(group.body["displayName"])}"`;
    const exchange = await rootQuery(ctx, filter);
    if (exchange === undefined)
      return ctx.notApplicable(
        "the target serves neither GET / nor POST /.search at its root (404, 405 or 501): root queries are optional",
      );
    const ids = idsOf(exchange);
    const missing = [user.id, group.id].filter((id) => !ids.includes(id));
    return statusOf(exchange) === 200 && missing.length === 0
      ? []
      : [
          ctx.finding({
            message: `a root query with ${filter}: ${describe(exchange)} with ids ${JSON.stringify(ids)}; expected the user ${user.id} and the group ${group.id}`,
            expected: [user.id, group.id],
            actual: ids,
            exchanges: [exchange],
          }),
        ];
  },
});

/**
 * Three users whose names differ in case only where a case-sensitive sort would put them apart: by
 * case-insensitive Unicode order they are a, B, c; a code-point sort gives B, a, c.
 */
async function mixedCaseUsers(ctx: CheckContext) {
  const labels = ["sort-a", "sort-B", "sort-c"];
  const users = [];
  for (const label of labels) users.push(await createUser(ctx, label));
  return users;
}

export const sortCaseInsensitive = defineCheck({
  id: "rfc7644.sort.case-insensitive",
  title: "With sort supported, sortBy on userName (caseExact false) sorts case-insensitively",
  rfc: "RFC 7644 §3.4.2.3",
  keyword: "MUST",
  requires: ["sort"],
  async run(ctx) {
    const users = await mixedCaseUsers(ctx);
    const scope = await scopeOf(ctx, users);
    const exchange = await listUsers(ctx, scope, { sortBy: "userName", sortOrder: "ascending" });
    const want = users.map((u) => u.id);
    const got = idsOf(exchange);
    return statusOf(exchange) === 200 && got.join() === want.join()
      ? []
      : [
          ctx.finding({
            message: `sortBy=userName over userNames ending sort-a, sort-B, sort-c: ${describe(exchange)} in order ${JSON.stringify(got)}; userName is case-insensitive, so a, B, c`,
            expected: want,
            actual: got,
            exchanges: [exchange],
          }),
        ];
  },
});

export const searchSortBy = defineCheck({
  id: "rfc7644.search.sort-by",
  title: "With sort supported, sortBy in a POST /.search orders the results",
  rfc: "RFC 7644 §3.4.3",
  keyword: "MUST",
  requires: ["sort"],
  async run(ctx) {
    const users = await mixedCaseUsers(ctx);
    const filter = users.map((u) => `userName eq "${String(u.body["userName"])}"`).join(" or ");
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users/.search",
      body: { schemas: [SCHEMA_SEARCH_REQUEST], filter, sortBy: "userName", sortOrder: "descending" },
    });
    if (NOT_SERVED.has(statusOf(exchange) ?? 0))
      return ctx.notApplicable(`the target does not serve POST /Users/.search (${describe(exchange)})`);
    const want = users.map((u) => u.id).reverse();
    const got = idsOf(exchange);
    return statusOf(exchange) === 200 && got.join() === want.join()
      ? []
      : [
          ctx.finding({
            message: `POST /Users/.search with sortBy userName descending: ${describe(exchange)} in order ${JSON.stringify(got)}`,
            expected: want,
            actual: got,
            exchanges: [exchange],
          }),
        ];
  },
});

/** The query-feature checks, in catalogue order. */
export const QUERY_FEATURE_CHECKS = [rootQueryAllTypes, sortCaseInsensitive, searchSortBy];
