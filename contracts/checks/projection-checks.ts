/**
 * Partial representations (RFC 7644 §3.4.2.5, §3.9): `attributes`, `excludedAttributes` (also Entra's
 * `excludedAttributes=members` on group lookups [S1]), and `password` never returned (RFC 7643 §4.1.1).
 */
import type { Finding } from "../../reports/index.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import {
  attr,
  bodyOf,
  createGroup,
  createUser,
  describe,
  getResource,
  resourcesOf,
  send,
  statusOf,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";

function unexpectedKeys(
  resource: Record<string, unknown> | undefined,
  forbidden: readonly string[],
): string[] {
  return forbidden.filter((k) => attr(resource, k) !== undefined);
}

export const attributesParam = defineCheck({
  id: "rfc7644.attributes.include",
  title: "attributes= returns only the named attributes (plus id)",
  rfc: "RFC 7644 §3.4.2.5, §3.9",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "attrs");
    const exchange = await getResource(ctx, "Users", user.id, { attributes: "userName" });
    const body = bodyOf(exchange);
    const extra = unexpectedKeys(
      body,
      ["displayName", "emails", "name", "active"].filter((k) => attr(user.body, k) !== undefined),
    );
    const problems: string[] = [];
    if (statusOf(exchange) !== 200) problems.push(describe(exchange));
    if (body?.["id"] !== user.id || attr(body, "userName") === undefined)
      problems.push("id or userName is missing");
    if (extra.length > 0) problems.push(`attributes=userName still returned ${extra.join(", ")}`);
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), actual: body ?? null, exchanges: [exchange] })];
  },
});

export const excludedAttributesParam = defineCheck({
  id: "rfc7644.attributes.exclude",
  title: "excludedAttributes= drops the named attributes and keeps the rest",
  rfc: "RFC 7644 §3.4.2.5, §3.9",
  keyword: "MUST",
  requires: ["attr:emails", "attr:displayName"],
  async run(ctx) {
    const user = await createUser(ctx, "excl");
    const exchange = await getResource(ctx, "Users", user.id, { excludedAttributes: "emails" });
    const body = bodyOf(exchange);
    const problems: string[] = [];
    if (statusOf(exchange) !== 200) problems.push(describe(exchange));
    if (attr(body, "emails") !== undefined) problems.push("excludedAttributes=emails still returned emails");
    if (
      body?.["id"] !== user.id ||
      attr(body, "userName") === undefined ||
      attr(body, "displayName") === undefined
    )
      problems.push("id, userName or displayName went missing");
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), actual: body ?? null, exchanges: [exchange] })];
  },
});

export const excludeGroupMembers = defineCheck({
  id: "rfc7644.attributes.exclude-group-members",
  title: "Group lookups honour excludedAttributes=members",
  rfc: "RFC 7644 §3.4.2.5, §3.9",
  keyword: "MUST",
  idpDependence: [
    { idp: "Entra ID", evidence: ["[S1]"], why: "looks groups up with excludedAttributes=members" },
  ],
  requires: ["groups"],
  async run(ctx) {
    const user = await createUser(ctx, "member");
    const group = await createGroup(ctx, "group", [user.id]);
    const qs = scimQuery({
      excludedAttributes: "members",
      filter: `displayName eq "${String(group.body["displayName"])}"`,
    });
    const exchange = await send(ctx, { method: "GET", path: `/Groups?${qs}` });
    const found = resourcesOf(exchange.response?.body);
    const problems: string[] = [];
    if (statusOf(exchange) !== 200 || found.length !== 1)
      problems.push(`${describe(exchange)} with ${found.length} groups, expected the one group`);
    if (found.some((g) => attr(g, "members") !== undefined))
      problems.push("excludedAttributes=members still returned members");
    return problems.length === 0
      ? []
      : [
          ctx.finding({
            message: problems.join("; "),
            actual: exchange.response?.body ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const passwordNeverReturned = defineCheck({
  id: "rfc7643.user.password-never-returned",
  title: "password is never returned",
  rfc: "RFC 7643 §4.1.1, §2.2",
  keyword: "MUST",
  requires: ["attr:password"],
  async run(ctx) {
    const user = await createUser(ctx, "pw", { password: "Scimh-t3st-Passw0rd!" });
    const get = await getResource(ctx, "Users", user.id);
    const leaks = [user.exchange, get].filter((e) => attr(bodyOf(e), "password") !== undefined);
    return leaks.map((e): Finding =>
      ctx.finding({ message: `${describe(e)} returned the password`, exchanges: [e] }),
    );
  },
});

/** The projection checks, in catalogue order. */
export const PROJECTION_CHECKS = [
  attributesParam,
  excludedAttributesParam,
  excludeGroupMembers,
  passwordNeverReturned,
];
