/**
 * Resource and list checks added from the requirement catalogue (contracts/requirements/): statements of
 * RFC 7643 §3, §3.1 and RFC 7644 §3.4.2 that no hand-picked check covered. Each accepts every answer the
 * RFC allows and names the statement it covers in its `rfc`.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import { SCHEMA_USER } from "../../harness/scim/schemas.ts";
import {
  attr,
  bodyOf,
  createUser,
  declinesFilter,
  describe,
  getResource,
  listUsers,
  scopeOf,
  statusOf,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, ContractCheck, Problem } from "./contract-check.ts";

type Json = Record<string, unknown>;

/** The schema URIs the User resource type declares (base and extensions), lower-cased; undefined if none. */
function userTypeSchemas(ctx: CheckContext): Set<string> | undefined {
  const type = ctx.discovery.resourceTypes.find((t) => String(t["name"]).toLowerCase() === "user");
  if (type === undefined || typeof type["schema"] !== "string") return undefined;
  const extensions = Array.isArray(type["schemaExtensions"]) ? (type["schemaExtensions"] as Json[]) : [];
  return new Set(
    [type["schema"], ...extensions.map((e) => e["schema"])]
      .filter((s): s is string => typeof s === "string")
      .map((s) => s.toLowerCase()),
  );
}

/** What is wrong with one representation's "schemas" (empty when nothing). */
function schemasProblems(where: string, body: Json | undefined, declared: Set<string> | undefined): string[] {
  const schemas = attr(body, "schemas");
  if (!Array.isArray(schemas) || schemas.length === 0 || schemas.some((s) => typeof s !== "string"))
    return [`${where}: "schemas" is ${JSON.stringify(schemas)}, not a non-empty array of URIs (RFC 7643 §3)`];
  const values = schemas as string[];
  const problems: string[] = [];
  if (!values.some((s) => s.toLowerCase() === SCHEMA_USER.toLowerCase()))
    problems.push(`${where}: "schemas" lacks the base schema ${SCHEMA_USER} (RFC 7643 §3.3)`);
  const duplicates = values.filter((s, i) => values.indexOf(s) !== i);
  if (duplicates.length > 0)
    problems.push(
      `${where}: "schemas" lists ${JSON.stringify([...new Set(duplicates)])} twice (RFC 7643 §3)`,
    );
  if (declared !== undefined) {
    const foreign = values.filter((s) => !declared.has(s.toLowerCase()));
    if (foreign.length > 0)
      problems.push(
        `${where}: "schemas" holds ${JSON.stringify(foreign)}, which the User resource type declares neither as schema nor as extension (RFC 7643 §3)`,
      );
  }
  return problems;
}

export const resourceSchemas = defineCheck({
  id: "rfc7643.resource.schemas",
  title: "A User names its schemas: non-empty, the base schema, no duplicates, only the type's schemas",
  rfc: "RFC 7643 §2.1, §3, §3.3",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "schemas");
    const read = await getResource(ctx, "Users", user.id);
    const declared = userTypeSchemas(ctx);
    const problems = [
      ...schemasProblems("the 201 body", user.body, declared),
      ...(statusOf(read) === 200 ? schemasProblems("GET by id", bodyOf(read), declared) : []),
    ];
    if (statusOf(read) !== 200)
      return ctx.setupFailed(`could not read the user back: ${describe(read)}`, read);
    return problems.length === 0
      ? []
      : [
          ctx.finding({
            message: problems.join("; "),
            actual: {
              created: attr(user.body, "schemas") ?? null,
              read: attr(bodyOf(read), "schemas") ?? null,
            },
            exchanges: [user.exchange, read],
          }),
        ];
  },
});

const instant = (value: unknown): number | undefined =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : undefined;

export const lastModifiedEqualsCreated = defineCheck({
  id: "rfc7643.resource.last-modified-equals-created",
  title: "A resource never modified has meta.lastModified equal to meta.created",
  rfc: "RFC 7643 §3.1",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "modified");
    const read = await getResource(ctx, "Users", user.id);
    if (statusOf(read) !== 200)
      return ctx.setupFailed(`could not read the user back: ${describe(read)}`, read);
    const problems: Problem[] = [];
    let compared = 0;
    for (const [where, exchange] of [
      ["the 201 body", user.exchange],
      ["GET by id", read],
    ] as const) {
      const meta = attr(bodyOf(exchange), "meta");
      const created = instant(attr(meta, "created"));
      const modified = instant(attr(meta, "lastModified"));
      if (created === undefined || modified === undefined) continue;
      compared++;
      // The same instant in another spelling (offset, fraction digits) is the same value.
      if (created !== modified)
        problems.push({
          message: `${where}: meta.lastModified ${JSON.stringify(attr(meta, "lastModified"))} differs from meta.created ${JSON.stringify(attr(meta, "created"))} on a user nobody modified`,
          expected: attr(meta, "created"),
          actual: attr(meta, "lastModified"),
          exchanges: [exchange],
        });
    }
    if (compared === 0)
      return ctx.notApplicable(
        "the target returns no meta.created and meta.lastModified to compare (rfc7643.resource.meta reports that)",
      );
    return problems.map((p) => ctx.finding(p));
  },
});

/** A query parameter no SCIM specification defines, unique to the harness. */
const UNKNOWN_PARAMETER = "scimHarnessUnknownParameter";

export const unknownParameterIgnored = defineCheck({
  id: "rfc7644.list.unknown-parameter-ignored",
  title: "A query parameter the target does not know is ignored, not refused",
  rfc: "RFC 7644 §3.4.2",
  keyword: "SHOULD",
  async run(ctx) {
    const user = await createUser(ctx, "unknown-param");
    // Scoped to the check's user so the two answers can be compared; unscoped (status only) when the
    // target declines the eq filter.
    let filter: string | undefined = `userName eq "${String(user.body["userName"])}"`;
    let plain = await listUsers(ctx, filter);
    if (declinesFilter(plain)) {
      filter = undefined;
      plain = await listUsers(ctx, undefined, { count: "1" });
    }
    if (statusOf(plain) !== 200)
      return ctx.setupFailed(
        `the same query without the unknown parameter failed: ${describe(plain)}`,
        plain,
      );
    const exchange = await listUsers(ctx, filter, {
      ...(filter === undefined ? { count: "1" } : {}),
      [UNKNOWN_PARAMETER]: "1",
    });
    const same =
      filter === undefined || JSON.stringify(idsOfBody(plain)) === JSON.stringify(idsOfBody(exchange));
    return statusOf(exchange) === 200 && same
      ? []
      : [
          ctx.finding({
            message: `${UNKNOWN_PARAMETER}=1 added to a query that answers 200: ${describe(exchange)}${statusOf(exchange) === 200 ? `, with ids ${JSON.stringify(idsOfBody(exchange))} instead of ${JSON.stringify(idsOfBody(plain))}` : ""}; an unrecognised parameter should be ignored`,
            expected: 200,
            actual: statusOf(exchange) ?? exchange.error?.kind,
            exchanges: [exchange, plain],
          }),
        ];
  },
});

const idsOfBody = (exchange: Exchange): string[] => {
  const resources = attr(bodyOf(exchange), "Resources");
  return Array.isArray(resources) ? resources.map((r) => String(attr(r, "id"))).sort() : [];
};

export const pageFields = defineCheck({
  id: "rfc7644.list.page-fields",
  title: "A partial page carries startIndex and itemsPerPage",
  rfc: "RFC 7644 §3.4.2",
  keyword: "MUST",
  async run(ctx) {
    const users = [await createUser(ctx, "page-a"), await createUser(ctx, "page-b")];
    const scope = await scopeOf(ctx, users);
    const exchange = await listUsers(ctx, scope, { startIndex: "1", count: "1" });
    const body = bodyOf(exchange);
    if (statusOf(exchange) !== 200 || body === undefined)
      return ctx.setupFailed(`the paged query failed: ${describe(exchange)}`, exchange);
    const returned = Array.isArray(attr(body, "Resources"))
      ? (attr(body, "Resources") as unknown[]).length
      : 0;
    const total = attr(body, "totalResults");
    // Partial only when the page holds fewer resources than the query matched.
    if (typeof total !== "number" || returned >= total)
      return ctx.notApplicable(
        `count=1 over two matching users returned ${returned} of totalResults ${JSON.stringify(total)}: not a partial page (rfc7644.list.count-limits-page judges count)`,
      );
    const missing = ["startIndex", "itemsPerPage"].filter((k) => !Number.isInteger(attr(body, k)));
    return missing.length === 0
      ? []
      : [
          ctx.finding({
            message: `a page of ${returned} of ${total} results lacks ${missing.join(" and ")} (an integer), required when results are paginated`,
            actual: body,
            exchanges: [exchange],
          }),
        ];
  },
});

/** The resource and list checks of the requirement catalogue, in catalogue order. */
export const REQUIREMENT_RESOURCE_CHECKS: readonly ContractCheck[] = [
  resourceSchemas,
  lastModifiedEqualsCreated,
  unknownParameterIgnored,
  pageFields,
];
