/**
 * Constraints IdPs trip over. Two are RFC rules the other checks reach only in part (`itemsPerPage` on a
 * page shorter than `count`; `schemas` in a projected resource); three are constraints the RFC does not
 * have, each an `idp.*` rule of its own with the IdP impact and the evidence grade of the dossier
 * (/work/shared/docs/idp-behaviour.md): emails kept unique, group displayName kept unique, a userName with
 * capitals refused or lower-cased. Where the dossier has no capture of the IdP tripping, the rule says it
 * is inferred and is a warning (the catalogue policy, `reports/rule.ts`). `count=0` is
 * `rfc7644.list.count-zero`.
 */
import { SCHEMA_GROUP, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import {
  attr,
  bodyOf,
  createGroup,
  createUser,
  describe,
  emailValues,
  getResource,
  idsOf,
  listUsers,
  scopeOf,
  send,
  statusOf,
  userBody,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { ContractCheck } from "./contract-check.ts";

export const itemsPerPageUnderCount = defineCheck({
  id: "rfc7644.list.items-per-page-under-count",
  title: "itemsPerPage is the number of resources returned when fewer exist than count",
  rfc: "RFC 7644 §3.4.2, §3.4.2.4",
  keyword: "MUST",
  async run(ctx) {
    const users = [await createUser(ctx, "a"), await createUser(ctx, "b"), await createUser(ctx, "c")];
    const exchange = await listUsers(ctx, await scopeOf(ctx, users), { count: "10" });
    const body = bodyOf(exchange);
    if (statusOf(exchange) !== 200 || body === undefined)
      return ctx.setupFailed(`the scoped list query failed (${describe(exchange)})`, exchange);
    const returned = idsOf(exchange).length;
    const items = attr(body, "itemsPerPage");
    // §3.4.2: itemsPerPage is "The number of resources returned in a list response page" (REQUIRED only
    // for partial results, so an absent one is allowed here).
    if (items === undefined || items === returned) return [];
    return [
      ctx.finding({
        message: `count=10 over ${returned} matches: itemsPerPage is ${JSON.stringify(items)}, but the page holds ${returned} resources (an IdP that pages by itemsPerPage asks for pages that do not exist or stops early)`,
        expected: returned,
        actual: items as never,
        exchanges: [exchange],
      }),
    ];
  },
});

export const projectionKeepsSchemas = defineCheck({
  id: "rfc7643.resource.schemas-in-projection",
  title: "A resource projected with attributes= still carries schemas",
  rfc: "RFC 7643 §3; RFC 7644 §3.4.2.5",
  keyword: "SHOULD",
  async run(ctx) {
    const user = await createUser(ctx, "proj");
    const exchanges = [
      await getResource(ctx, "Users", user.id, { attributes: "userName" }),
      await listUsers(ctx, `userName eq "${String(user.body["userName"])}"`, { attributes: "userName" }),
    ];
    const findings = [];
    for (const exchange of exchanges) {
      if (statusOf(exchange) !== 200)
        return ctx.setupFailed(`the projected read failed (${describe(exchange)})`, exchange);
      const body = bodyOf(exchange);
      const resource = exchange.request.url.includes("filter=")
        ? (attr(body, "Resources") as unknown[] | undefined)?.[0]
        : body;
      const schemas = attr(resource, "schemas");
      if (!Array.isArray(schemas) || !schemas.includes(SCHEMA_USER))
        findings.push(
          ctx.finding({
            message: `${describe(exchange)}: the projected user has schemas ${JSON.stringify(schemas ?? null)}; RFC 7643 §3 makes "schemas" REQUIRED in every resource, and RFC 7644 §3.4.2.5 names no exception for attributes= (a client that reads the schemas to find extension attributes finds none)`,
            expected: [SCHEMA_USER],
            actual: (schemas ?? null) as never,
            exchanges: [exchange],
          }),
        );
    }
    return findings;
  },
});

export const emailsShared = defineCheck({
  id: "idp.emails-shared",
  title: "Two users may share an email address (the RFC keeps emails non-unique)",
  rfc: "RFC 7643 §4.1.2, §7",
  keyword: "SHOULD",
  basis:
    "inferred IdP constraint: the dossier has no capture of an IdP provisioning two users with one email",
  requires: ["attr:emails"],
  async run(ctx) {
    const first = await createUser(ctx, "mail-a");
    const shared = emailValues(first.body)[0] ?? String(first.body["userName"]);
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "mail-b", { emails: [{ value: shared, type: "work", primary: true }] }),
    });
    const id = bodyOf(exchange)?.["id"];
    if (statusOf(exchange) === 201 && typeof id === "string") ctx.cleanup.track("Users", id);
    if (statusOf(exchange) === 201) return [];
    return [
      ctx.finding({
        message: `a second user with the email ${shared}: ${describe(exchange)}. RFC 7643 §4.1.2 gives emails no uniqueness and §7 lets a server add it; but a directory may hold two people with one address (shared mailboxes, aliases), and an IdP then cannot provision the second (inferred: the dossier has no capture of an IdP meeting it)`,
        expected: 201,
        actual: bodyOf(exchange) ?? statusOf(exchange) ?? null,
        exchanges: [exchange],
      }),
    ];
  },
});

export const groupNamesShared = defineCheck({
  id: "idp.group-displayName-shared",
  title: "Two groups may share a displayName (the RFC keeps it non-unique)",
  rfc: "RFC 7643 §4.2, §7",
  keyword: "SHOULD",
  basis:
    "inferred IdP constraint: JumpCloud matches groups by name [J4], Entra looks groups up by displayName [S1]",
  requires: ["groups"],
  idpDependence: [
    {
      idp: "JumpCloud",
      evidence: ["[J4]"],
      why: "takes over an existing group whose name matches (by name, so two IdP groups of one name meet one SP group; inferred)",
      impact: "degrades",
    },
    {
      idp: "Entra ID",
      evidence: ["[S1]"],
      why: "queries groups by displayName before creating them (a refused duplicate name leaves the second group unprovisioned; inferred)",
      impact: "degrades",
    },
  ],
  async run(ctx) {
    const first = await createGroup(ctx, "same-name");
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Groups",
      body: { schemas: [SCHEMA_GROUP], displayName: first.body["displayName"] },
    });
    const id = bodyOf(exchange)?.["id"];
    if (statusOf(exchange) === 201 && typeof id === "string") ctx.cleanup.track("Groups", id);
    if (statusOf(exchange) === 201) return [];
    return [
      ctx.finding({
        message: `a second group named ${JSON.stringify(first.body["displayName"])}: ${describe(exchange)}. RFC 7643 §4.2 gives displayName no uniqueness; a server that keeps it unique (allowed by §7) refuses the second of two IdP groups of one name`,
        expected: 201,
        actual: bodyOf(exchange) ?? statusOf(exchange) ?? null,
        exchanges: [exchange],
      }),
    ];
  },
});

export const userNameCapitalsKept = defineCheck({
  id: "idp.userName-capitals-kept",
  title: "A userName with capitals (an Entra UPN) is accepted and returned as sent",
  rfc: "RFC 7643 §4.1.1, §2.2",
  keyword: "SHOULD",
  basis: "inferred IdP constraint: Entra's default mapping sends userName from userPrincipalName [S1]",
  idpDependence: [
    {
      idp: "Entra ID",
      evidence: ["[S1]"],
      why: "sends userName from userPrincipalName (e.g. Alice.Smith@Contoso.com) and queries users by it; a refusal fails the user, a lower-cased value no longer equals the UPN it compares (inferred)",
      impact: "degrades",
    },
  ],
  async run(ctx) {
    const userName = `${ctx.uniqueName("upn")}-Alice.Smith@Contoso.com`;
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "upn", { userName }),
    });
    const id = bodyOf(exchange)?.["id"];
    if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
    if (statusOf(exchange) !== 201 || typeof id !== "string") {
      return [
        ctx.finding({
          message: `POST of userName ${userName}: ${describe(exchange)}. RFC 7643 §4.1.1 declares userName caseExact false, so capitals are ordinary characters`,
          expected: 201,
          actual: bodyOf(exchange) ?? statusOf(exchange) ?? null,
          exchanges: [exchange],
        }),
      ];
    }
    const read = await getResource(ctx, "Users", id);
    const changed = [exchange, read].filter((e) =>
      statusOf(e) === 200 || statusOf(e) === 201 ? attr(bodyOf(e), "userName") !== userName : false,
    );
    return changed.map((e) =>
      ctx.finding({
        message: `${describe(e)} returns userName ${JSON.stringify(attr(bodyOf(e), "userName"))} for ${JSON.stringify(userName)}: the case the IdP sent is not kept`,
        expected: userName,
        actual: (attr(bodyOf(e), "userName") ?? null) as never,
        exchanges: [e],
      }),
    );
  },
});

/** The constraint checks, in catalogue order. */
export const CONSTRAINT_CHECKS: readonly ContractCheck[] = [
  itemsPerPageUnderCount,
  projectionKeepsSchemas,
  emailsShared,
  groupNamesShared,
  userNameCapitalsKept,
];
