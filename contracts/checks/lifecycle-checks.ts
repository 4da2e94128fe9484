/**
 * The rest of the resource lifecycle: read by id (RFC 7644 §3.4.1), replace (§3.5.1), delete (§3.6), and
 * groups created with members (RFC 7643 §4.2).
 */
import type { Finding } from "../../reports/index.ts";
import {
  attr,
  bodyOf,
  createGroup,
  createUser,
  describe,
  emailValues,
  getResource,
  listUsers,
  memberIds,
  readBack,
  send,
  statusOf,
  userBody,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";

const JUMPCLOUD_PUT = {
  idp: "JumpCloud",
  evidence: ["[J6]", "B15", "B16"],
  why: "updates users with PUT",
} as const;

export const getById = defineCheck({
  id: "rfc7644.get.by-id",
  title: "GET /Users/{id} returns the resource",
  rfc: "RFC 7644 §3.4.1",
  keyword: "MUST",
  idpDependence: [{ idp: "Entra ID", evidence: ["[S1]", "[S3]"], why: "reads users by their cached id" }],
  async run(ctx) {
    const user = await createUser(ctx, "get");
    const exchange = await getResource(ctx, "Users", user.id);
    const body = bodyOf(exchange);
    if (statusOf(exchange) !== 200 || body?.["id"] !== user.id) {
      return [
        ctx.finding({
          message: `${describe(exchange)}, expected 200 with id ${user.id}`,
          actual: body?.["id"] ?? statusOf(exchange) ?? null,
          exchanges: [exchange],
        }),
      ];
    }
    return [];
  },
});

export const unknownId404 = defineCheck({
  id: "rfc7644.get.unknown-id-404",
  title: "GET of an unknown id answers 404",
  rfc: "RFC 7644 §3.12",
  keyword: "MUST",
  idpDependence: [
    { idp: "Entra ID", evidence: ["[S1]", "[S8]"], why: "treats 404 on a cached id as InvalidAnchor" },
  ],
  async run(ctx) {
    const exchange = await getResource(ctx, "Users", ctx.uniqueId("unknown-user"));
    return statusOf(exchange) === 404
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)}, expected 404`,
            expected: 404,
            actual: statusOf(exchange) ?? exchange.error?.kind,
            exchanges: [exchange],
          }),
        ];
  },
});

export const putReturnsResource = defineCheck({
  id: "rfc7644.put.returns-200-resource",
  title: "PUT answers 200 with the replaced resource",
  rfc: "RFC 7644 §3.5.1",
  keyword: "MUST",
  idpDependence: [JUMPCLOUD_PUT],
  async run(ctx) {
    const user = await createUser(ctx, "put");
    const body = {
      ...userBody(ctx, "put", { userName: user.body["userName"] }),
      displayName: `Replaced By Put ${ctx.uniqueName("put-name")}`,
    };
    const exchange = await send(ctx, { method: "PUT", path: `/Users/${user.id}`, body });
    const returned = bodyOf(exchange);
    if (statusOf(exchange) !== 200 || returned?.["id"] !== user.id) {
      return [
        ctx.finding({
          message: `${describe(exchange)}, expected 200 with the resource`,
          actual: returned ?? statusOf(exchange) ?? null,
          exchanges: [exchange],
          evidence: [404, 405, 501].includes(statusOf(exchange) ?? 0) ? ["B15"] : [],
        }),
      ];
    }
    return [];
  },
});

export const putReplacesValues = defineCheck({
  id: "rfc7644.put.replaces-values",
  title: "PUT replaces the values it provides (no merge)",
  rfc: "RFC 7644 §3.5.1",
  keyword: "MUST",
  idpDependence: [JUMPCLOUD_PUT],
  requires: ["attr:emails"],
  async run(ctx) {
    const user = await createUser(ctx, "merge");
    const newEmail = `${ctx.uniqueName("merge-new")}@example.net`;
    const body = userBody(ctx, "merge", {
      userName: user.body["userName"],
      emails: [{ value: newEmail, type: "work", primary: true }],
    });
    const exchange = await send(ctx, { method: "PUT", path: `/Users/${user.id}`, body });
    if (statusOf(exchange) !== 200) return ctx.setupFailed(describe(exchange), exchange);
    const after = await readBack(ctx, "Users", user.id);
    const emails = emailValues(after);
    if (emails.length !== 1 || emails[0] !== newEmail.toLowerCase()) {
      return [
        ctx.finding({
          message: `after a PUT with one email, the user has emails ${JSON.stringify(emails)}`,
          expected: [newEmail.toLowerCase()],
          actual: emails,
          exchanges: [exchange],
          evidence: ["B16"],
        }),
      ];
    }
    return [];
  },
});

export const putNullClears = defineCheck({
  id: "rfc7644.put.null-clears",
  title: "PUT with null (or without) an optional attribute leaves it unassigned",
  rfc: "RFC 7643 §2.5; RFC 7644 §3.5.1",
  keyword: "MUST",
  idpDependence: [
    { idp: "JumpCloud", evidence: ["[J6]", "B16", "B17"], why: "sends null to clear attributes on PUT" },
  ],
  requires: ["attr:title"],
  async run(ctx) {
    const user = await createUser(ctx, "null", { title: "To Be Cleared" });
    const body = userBody(ctx, "null", { userName: user.body["userName"], title: null });
    const exchange = await send(ctx, { method: "PUT", path: `/Users/${user.id}`, body });
    if (statusOf(exchange) !== 200) {
      return [
        ctx.finding({
          message: `PUT with "title": null: ${describe(exchange)}, expected 200`,
          actual: exchange.response?.body ?? null,
          exchanges: [exchange],
        }),
      ];
    }
    const after = await readBack(ctx, "Users", user.id);
    const title = attr(after, "title");
    return title === undefined || title === null
      ? []
      : [
          ctx.finding({
            message: `after PUT with "title": null the user still has title ${JSON.stringify(title)}`,
            expected: null,
            actual: title,
            exchanges: [exchange],
          }),
        ];
  },
});

export const deleteStatus204 = defineCheck({
  id: "rfc7644.delete.status-204",
  title: "DELETE answers 204",
  rfc: "RFC 7644 §3.6",
  keyword: "MUST",
  idpDependence: [{ idp: "Entra ID", evidence: ["[S1]"], why: "expects 204 on delete" }],
  async run(ctx) {
    const user = await createUser(ctx, "delete");
    const exchange = await send(ctx, { method: "DELETE", path: `/Users/${user.id}` });
    if ((statusOf(exchange) ?? 500) < 300) ctx.cleanup.forget("Users", user.id);
    return statusOf(exchange) === 204
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)}, expected 204`,
            expected: 204,
            actual: statusOf(exchange) ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const deleteThen404 = defineCheck({
  id: "rfc7644.delete.then-404",
  title: "A deleted resource answers 404 and is gone from queries",
  rfc: "RFC 7644 §3.6",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "gone");
    const del = await send(ctx, { method: "DELETE", path: `/Users/${user.id}` });
    if ((statusOf(del) ?? 500) >= 300) return ctx.setupFailed(describe(del), del);
    ctx.cleanup.forget("Users", user.id);
    const get = await getResource(ctx, "Users", user.id);
    const query = await listUsers(ctx, `userName eq "${String(user.body["userName"])}"`);
    const findings: Finding[] = [];
    if (statusOf(get) !== 404)
      findings.push(
        ctx.finding({
          message: `after DELETE, ${describe(get)}, expected 404`,
          expected: 404,
          actual: statusOf(get) ?? null,
          exchanges: [get],
        }),
      );
    const total = bodyOf(query)?.["totalResults"];
    if (statusOf(query) === 200 && total !== 0) {
      findings.push(
        ctx.finding({
          message: `after DELETE, a userName query still finds the user (totalResults ${JSON.stringify(total)})`,
          expected: 0,
          actual: total ?? null,
          exchanges: [query],
        }),
      );
    }
    return findings;
  },
});

export const groupWithMembers = defineCheck({
  id: "rfc7644.create.group-with-members",
  title: "POST /Groups with members stores them",
  rfc: "RFC 7644 §3.3; RFC 7643 §4.2",
  keyword: "MUST",
  requires: ["groups"],
  async run(ctx) {
    const user = await createUser(ctx, "member");
    const group = await createGroup(ctx, "group", [user.id]);
    const after = await readBack(ctx, "Groups", group.id);
    const members = memberIds(after);
    return members.length === 1 && members[0] === user.id
      ? []
      : [
          ctx.finding({
            message: `a group created with member ${user.id} reads back with members ${JSON.stringify(members)}`,
            expected: [user.id],
            actual: members,
            exchanges: [group.exchange],
          }),
        ];
  },
});

/** The resource lifecycle checks, in catalogue order. */
/** The read, replace and delete checks, in catalogue order. */
export const LIFECYCLE_CHECKS = [
  getById,
  unknownId404,
  putReturnsResource,
  putReplacesValues,
  putNullClears,
  deleteStatus204,
  deleteThen404,
  groupWithMembers,
];
