/**
 * What the target must do with particular requests (RFC 7644 §2, §3.4, §3.5, §3.8, §3.11): name its
 * authentication scheme on a 401, read UTF-8 by default, keep "always" attributes, answer POST /.search as
 * a query, PATCH with attributes= answering 200, readOnly values ignored on PUT, required attributes kept,
 * a no-op add changing nothing, filter operators it must decline, and /Me. Each check accepts every answer
 * the RFC allows and names the statement it covers in its `rfc`.
 */
import { SCHEMA_ENTERPRISE_USER, SCHEMA_SEARCH_REQUEST, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import {
  allowedAnswer,
  attr,
  bodyOf,
  createUser,
  describe,
  emailValues,
  getResource,
  idsOf,
  listUsers,
  patch,
  patchBody,
  readBack,
  send,
  statusOf,
  userBody,
  writableString,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext } from "./contract-check.ts";
import { judgeError } from "./error-checks.ts";
import type { AllowedAnswers } from "./error-checks.ts";

type Json = Record<string, unknown>;

export const wwwAuthenticate = defineCheck({
  id: "rfc7644.http.www-authenticate",
  title: "A 401 names the supported authentication scheme in WWW-Authenticate",
  rfc: "RFC 7644 §2; RFC 7235 §4.1",
  keyword: "MUST",
  async run(ctx) {
    const exchange = await send(ctx, { method: "GET", path: "/Users?count=1", auth: "none" });
    if (statusOf(exchange) !== 401)
      return ctx.notApplicable(
        `a request without credentials answered ${describe(exchange)}, not 401 (rfc7644.auth.no-token-401 judges that)`,
      );
    const header = exchange.response?.headers["www-authenticate"];
    return header !== undefined && header.trim() !== ""
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)} without a WWW-Authenticate header naming the scheme`,
            exchanges: [exchange],
          }),
        ];
  },
});

export const utf8Default = defineCheck({
  id: "rfc7644.http.utf-8-default",
  title: "A request body without a charset is read as UTF-8",
  rfc: "RFC 7644 §3.8",
  keyword: "MUST",
  async run(ctx) {
    const name = writableString(ctx);
    const value = `Zoë Ünïcødé 日本 ${ctx.uniqueId("utf8").slice(0, 8)}`;
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "utf8", { [name]: value }),
      headers: { "Content-Type": "application/scim+json" },
    });
    const id = attr(bodyOf(exchange), "id");
    if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
    if (statusOf(exchange) !== 201 || typeof id !== "string")
      return [
        ctx.finding({
          message: `a UTF-8 body sent as application/scim+json without a charset: ${describe(exchange)}`,
          exchanges: [exchange],
        }),
      ];
    const read = await getResource(ctx, "Users", id);
    const got = attr(bodyOf(read), name);
    return got === value
      ? []
      : [
          ctx.finding({
            message: `${name} sent as ${JSON.stringify(value)} in UTF-8 without a charset reads back as ${JSON.stringify(got)}`,
            expected: value,
            actual: got,
            exchanges: [exchange, read],
          }),
        ];
  },
});

/** id (RFC 7643 §3.1) and every User attribute the target declares returned "always". */
function alwaysReturned(ctx: CheckContext): string[] {
  const user = ctx.discovery.schemas.find((s) => String(s["id"]).toLowerCase() === SCHEMA_USER.toLowerCase());
  const attributes = Array.isArray(user?.["attributes"]) ? (user["attributes"] as Json[]) : [];
  const declared = attributes.filter((a) => a["returned"] === "always").map((a) => String(a["name"]));
  return ["id", ...declared.filter((n) => n.toLowerCase() !== "id")];
}

export const excludeKeepsAlways = defineCheck({
  id: "rfc7644.attributes.exclude-keeps-always",
  title: 'excludedAttributes does not remove attributes returned "always" (id)',
  rfc: "RFC 7644 §3.4.2.5, §3.9",
  keyword: "MUST",
  async run(ctx) {
    const names = alwaysReturned(ctx);
    const user = await createUser(ctx, "exclude-always");
    const exchange = await getResource(ctx, "Users", user.id, { excludedAttributes: names.join(",") });
    const body = bodyOf(exchange);
    if (statusOf(exchange) !== 200 || body === undefined)
      return ctx.setupFailed(`GET with excludedAttributes failed: ${describe(exchange)}`, exchange);
    const missing = names.filter((n) => attr(body, n) === undefined && attr(user.body, n) !== undefined);
    return missing.length === 0
      ? []
      : [
          ctx.finding({
            message: `excludedAttributes=${names.join(",")} removed ${missing.join(", ")}, returned "always"`,
            actual: body,
            exchanges: [exchange],
          }),
        ];
  },
});

export const searchIsQuery = defineCheck({
  id: "rfc7644.search.post-query",
  title: "POST /Users/.search is a query: a ListResponse of the matches, id kept despite excludedAttributes",
  rfc: "RFC 7644 §3.4.3",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "search");
    const filter = `userName eq "${String(user.body["userName"])}"`;
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users/.search",
      body: { schemas: [SCHEMA_SEARCH_REQUEST], filter, excludedAttributes: ["id"] },
    });
    const status = statusOf(exchange);
    if (status === 404 || status === 405 || status === 501)
      return ctx.notApplicable(
        `the target does not serve POST /Users/.search (${describe(exchange)}); clients MAY query with it (RFC 7644 §3.4.3)`,
      );
    const created = attr(bodyOf(exchange), "id");
    if (status === 201 && typeof created === "string") ctx.cleanup.track("Users", created);
    const ids = idsOf(exchange);
    const ok = status === 200 && ids.length === 1 && ids[0] === user.id;
    return ok
      ? []
      : [
          ctx.finding({
            message: `POST /Users/.search with ${filter} and excludedAttributes ["id"]: ${describe(exchange)} with ids ${JSON.stringify(ids)}; expected 200 and a ListResponse holding the user, its id kept (returned "always")`,
            expected: [user.id],
            actual: exchange.response?.body ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const patchWithAttributes200 = defineCheck({
  id: "rfc7644.patch.attributes-200",
  title: "A PATCH with the attributes parameter answers 200 with the resource",
  rfc: "RFC 7644 §3.5.2",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const name = writableString(ctx);
    const user = await createUser(ctx, "patch-attributes");
    const exchange = await send(ctx, {
      method: "PATCH",
      path: `/Users/${encodeURIComponent(user.id)}?attributes=userName`,
      body: patchBody({ op: "replace", path: name, value: "Patched With Attributes" }),
    });
    return statusOf(exchange) === 200 && bodyOf(exchange) !== undefined
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)}; a PATCH with attributes=userName must answer 200 with the resource`,
            expected: 200,
            actual: statusOf(exchange) ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const putReadOnlyIgnored = defineCheck({
  id: "rfc7644.put.read-only-ignored",
  title: "A PUT that carries readOnly values (meta.created) succeeds and ignores them",
  rfc: "RFC 7644 §3.5.1",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "put-read-only");
    const created = attr(attr(user.body, "meta"), "created");
    if (typeof created !== "string")
      return ctx.notApplicable("the target returns no meta.created to compare");
    const exchange = await send(ctx, {
      method: "PUT",
      path: `/Users/${encodeURIComponent(user.id)}`,
      body: {
        ...userBody(ctx, "put-read-only"),
        userName: user.body["userName"],
        id: user.id,
        meta: { resourceType: "User", created: "2001-01-01T00:00:00Z" },
      },
    });
    if (statusOf(exchange) !== 200)
      return [
        ctx.finding({
          message: `${describe(exchange)}: readOnly values in a PUT are ignored, not refused`,
          expected: 200,
          actual: statusOf(exchange) ?? null,
          exchanges: [exchange],
        }),
      ];
    const after = await readBack(ctx, "Users", user.id);
    const now = attr(attr(after, "meta"), "created");
    return now === undefined || Date.parse(String(now)) === Date.parse(created)
      ? []
      : [
          ctx.finding({
            message: `meta.created became ${JSON.stringify(now)} (was ${created}) after a PUT carrying meta.created`,
            expected: created,
            actual: now,
            exchanges: [exchange],
          }),
        ];
  },
});

export const removeRequiredRefused = defineCheck({
  id: "rfc7644.patch.remove-required-refused",
  title: "A PATCH removing userName (required) answers 400 and leaves it",
  rfc: "RFC 7644 §3.5.2.2, §3.12",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const user = await createUser(ctx, "remove-required");
    const exchange = await patch(ctx, "Users", user.id, [{ op: "remove", path: "userName" }]);
    const after = await readBack(ctx, "Users", user.id);
    const scimType = String(attr(bodyOf(exchange), "scimType") ?? "");
    // §3.5.2.2 names mutability; §3.12's invalidValue ("A required value was missing") is read as allowed too.
    const refused =
      statusOf(exchange) === 400 && ["mutability", "invalidvalue"].includes(scimType.toLowerCase());
    const kept = attr(after, "userName") === user.body["userName"];
    return refused && kept
      ? []
      : [
          ctx.finding({
            message: `PATCH remove userName: ${describe(exchange)} (scimType ${JSON.stringify(scimType)})${kept ? "" : ", and userName is gone"}; expected 400 mutability (or invalidValue) and userName kept`,
            expected: { status: 400, scimType: "mutability" },
            actual: exchange.response?.body ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const addExistingSucceeds = defineCheck({
  id: "rfc7644.patch.add-existing-no-change",
  title: "A PATCH add of a value already there succeeds and changes nothing",
  rfc: "RFC 7644 §3.5.2.1",
  keyword: "SHOULD",
  requires: ["patch", "attr:emails"],
  async run(ctx) {
    const user = await createUser(ctx, "add-existing");
    const before = emailValues(await readBack(ctx, "Users", user.id));
    const email = (user.body["emails"] as Json[] | undefined)?.[0];
    if (before.length === 0 || email === undefined)
      return ctx.setupFailed("the user was created without its email", user.exchange);
    const exchange = await patch(ctx, "Users", user.id, [
      { op: "add", path: "emails", value: [{ value: attr(email, "value"), type: attr(email, "type") }] },
    ]);
    const after = emailValues(await readBack(ctx, "Users", user.id));
    const ok = (statusOf(exchange) ?? 500) < 300 && JSON.stringify(after) === JSON.stringify(before);
    return ok
      ? []
      : [
          ctx.finding({
            message: `adding the email the user already has: ${describe(exchange)}, emails ${JSON.stringify(before)} → ${JSON.stringify(after)}; expected success and no change`,
            expected: before,
            actual: after,
            exchanges: [exchange],
          }),
        ];
  },
});

export const patchSchemasChangeSeen = defineCheck({
  id: "rfc7644.patch.schemas-change-seen",
  title:
    'A PATCH operation after one that adds an extension to "schemas" may set that extension\'s attributes',
  rfc: "RFC 7644 §3.5.2",
  keyword: "MUST",
  requires: ["patch", "enterpriseUser", "attr:employeeNumber"],
  async run(ctx) {
    const addSchema = { op: "add", path: "schemas", value: [SCHEMA_ENTERPRISE_USER] };
    const alone = await createUser(ctx, "schemas-alone");
    const first = await patch(ctx, "Users", alone.id, [addSchema]);
    if ((statusOf(first) ?? 500) >= 300)
      return ctx.notApplicable(
        `the target does not let a PATCH change "schemas" (${describe(first)}); the statement concerns the operations after such a change`,
      );
    const user = await createUser(ctx, "schemas-then-attribute");
    const number = ctx.uniqueName("employee");
    const exchange = await patch(ctx, "Users", user.id, [
      addSchema,
      { op: "add", path: `${SCHEMA_ENTERPRISE_USER}:employeeNumber`, value: number },
    ]);
    const after = await readBack(ctx, "Users", user.id);
    const got = attr(attr(after, SCHEMA_ENTERPRISE_USER), "employeeNumber");
    return (statusOf(exchange) ?? 500) < 300 && got === number
      ? []
      : [
          ctx.finding({
            message: `a PATCH adding ${SCHEMA_ENTERPRISE_USER} to "schemas" and then setting its employeeNumber: ${describe(exchange)}, employeeNumber ${JSON.stringify(got)}; the second operation sees the changed "schemas"`,
            expected: number,
            actual: got ?? null,
            exchanges: [exchange, first],
          }),
        ];
  },
});

const lastModified = (body: Json | undefined): number | undefined => {
  const value = attr(attr(body, "meta"), "lastModified");
  return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : undefined;
};

export const addExistingKeepsModified = defineCheck({
  id: "rfc7644.patch.add-existing-keeps-modified",
  title: "A PATCH add of the value an attribute already has leaves meta.lastModified",
  rfc: "RFC 7644 §3.5.2.1",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const name = writableString(ctx);
    const user = await createUser(ctx, "add-same", { [name]: `Same ${ctx.uniqueName("same")}` });
    const before = await readBack(ctx, "Users", user.id);
    const stamp = lastModified(before);
    if (stamp === undefined || attr(before, name) === undefined)
      return ctx.notApplicable(`the target returns no meta.lastModified or no ${name} to compare`);
    // Past any timestamp resolution of a second: a modified stamp would differ.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const exchange = await patch(ctx, "Users", user.id, [
      { op: "add", path: name, value: attr(before, name) },
    ]);
    if ((statusOf(exchange) ?? 500) >= 300)
      return ctx.setupFailed(`adding the value ${name} already has failed: ${describe(exchange)}`, exchange);
    const after = await readBack(ctx, "Users", user.id);
    return lastModified(after) === stamp
      ? []
      : [
          ctx.finding({
            message: `meta.lastModified moved from ${String(attr(attr(before, "meta"), "lastModified"))} to ${String(attr(attr(after, "meta"), "lastModified"))} after a PATCH adding the ${name} the user already had`,
            exchanges: [exchange],
          }),
        ];
  },
});

/**
 * §3.4.2.2 names both the status and the scimType of these refusals (400 invalidFilter), so the scimType is
 * required; `judgeError` also holds the answer to the §3.12 error body.
 */
const DECLINED_FILTER: AllowedAnswers["errors"] = [
  { status: 400, scimTypes: ["invalidFilter"], scimTypeRequired: true },
];

export const orderingOnBoolean = defineCheck({
  id: "rfc7644.filter.ordering-on-boolean-400",
  title: "gt, ge, lt and le on a boolean (active) answer 400 invalidFilter",
  rfc: "RFC 7644 §3.4.2.2",
  keyword: "MUST",
  requires: ["filter", "attr:active"],
  async run(ctx) {
    const findings = [];
    for (const op of ["gt", "ge", "lt", "le"]) {
      const filter = `active ${op} true`;
      findings.push(
        ...judgeError(ctx, await listUsers(ctx, filter), {
          input: `filter ${filter} (an ordering operator on a boolean)`,
          errors: DECLINED_FILTER,
        }),
      );
    }
    return findings;
  },
});

export const unknownOperator = defineCheck({
  id: "rfc7644.filter.unknown-operator-400",
  title: "A filter with an operator the target does not know answers 400 invalidFilter",
  rfc: "RFC 7644 §3.4.2.2",
  keyword: "MUST",
  requires: ["filter"],
  async run(ctx) {
    // An operator name no specification defines (RFC 7644 lets providers add operators, never this one).
    const exchange = await listUsers(ctx, `userName scimhop "${ctx.checkPrefix}"`);
    return judgeError(ctx, exchange, {
      input: 'filter userName scimhop "…" (an operator no specification defines)',
      errors: DECLINED_FILTER,
    });
  },
});

const getMe = (ctx: CheckContext) => send(ctx, { method: "GET", path: "/Me" });

export const meNotSupported501 = defineCheck({
  id: "rfc7644.me.not-supported-501",
  title: "GET /Me answers 501 when the target does not support /Me (or serves it: 200, 308)",
  rfc: "RFC 7644 §3.11",
  keyword: "SHOULD",
  async run(ctx) {
    const exchange = await getMe(ctx);
    const status = statusOf(exchange);
    if (status === 501 || status === 308 || (status === 200 && bodyOf(exchange) !== undefined)) return [];
    // A target serving /Me may find no resource for this credential's subject, or refuse it.
    if (status === 401 || status === 403 || status === 404)
      return [
        allowedAnswer(ctx, {
          message: `${describe(exchange)}: allowed when /Me is served and the credential has no resource of its own; a target without /Me should answer 501`,
          exchanges: [exchange],
        }),
      ];
    return [
      ctx.finding({
        message: `${describe(exchange)}: a target that does not support /Me should answer 501 (one that does: 200 or 308)`,
        expected: 501,
        actual: status ?? exchange.error?.kind ?? null,
        exchanges: [exchange],
      }),
    ];
  },
});

export const meLocation = defineCheck({
  id: "rfc7644.me.location",
  title: "A /Me answer's Location header is the permanent location of the aliased resource",
  rfc: "RFC 7644 §3.11",
  keyword: "MUST",
  async run(ctx) {
    const exchange = await getMe(ctx);
    const status = statusOf(exchange);
    if (status !== 200 && status !== 308)
      return ctx.notApplicable(
        `GET /Me answered ${describe(exchange)}: the target does not serve /Me to this credential`,
      );
    const location = exchange.response?.headers["location"];
    const body = bodyOf(exchange);
    const id = attr(body, "id");
    const metaLocation = attr(attr(body, "meta"), "location");
    const ok =
      location !== undefined &&
      !/\/Me\/?$/i.test(location) &&
      (status === 308 ||
        (typeof metaLocation === "string"
          ? location === metaLocation
          : typeof id === "string" && location.replace(/\/+$/, "").endsWith(`/${id}`)));
    return ok
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)} with Location ${JSON.stringify(location)}: it must be the permanent location of the resource (${JSON.stringify(metaLocation ?? id)})`,
            expected: metaLocation ?? id ?? null,
            actual: location ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

/** The request-rule checks, in catalogue order. */
export const REQUEST_RULE_CHECKS = [
  wwwAuthenticate,
  utf8Default,
  excludeKeepsAlways,
  searchIsQuery,
  patchWithAttributes200,
  putReadOnlyIgnored,
  removeRequiredRefused,
  addExistingSucceeds,
  addExistingKeepsModified,
  patchSchemasChangeSeen,
  orderingOnBoolean,
  unknownOperator,
  meNotSupported501,
  meLocation,
];
