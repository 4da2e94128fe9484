/**
 * Credentials the target must refuse (RFC 7644 §2: the service provider authenticates every request;
 * §3.12: 401 "Authorization failure. The authorization header is invalid or missing."). The refused
 * credential is the session's (`--expired-token-env`, or a token issued and expired through the target's
 * token controls); without one these checks are not applicable, with the reason.
 *
 * Every endpoint is probed with it — Users and Groups (list, read, create, replace, modify, delete) and
 * discovery where the target protects it (RFC 7644 §4 lets a target serve discovery without
 * authentication; a discovery endpoint that answers a request without credentials is not expected to
 * refuse an expired one) — and then everything the refused writes aimed at is read back with the run's
 * token: a refused request must change nothing.
 *
 * RFC choices: a 401 answer without a JSON body is accepted (RFC 6750 §3 lets the refusal be the status
 * and `WWW-Authenticate` alone); a 401 answer with a JSON body must be a §3.12 error (the Error schema,
 * `status` "401"). 403 is not accepted: §3.12 gives 403 to an authenticated client that is not allowed.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import { scimQuery, type HttpIntent } from "../../harness/http/http-intent.ts";
import { parseErrorBody } from "../../harness/scim/scim-error.ts";
import { SCHEMA_GROUP } from "../../harness/scim/schemas.ts";
import {
  allowedAnswer,
  attr,
  bodyOf,
  createGroup,
  createUser,
  describe,
  getResource,
  memberIds,
  patchBody,
  resourcesOf,
  send,
  statusOf,
  userBody,
  writableString,
} from "./check-helpers.ts";
import type { CheckContext, Problem } from "./contract-check.ts";
import { defineCheck } from "./contract-check.ts";

type Json = Record<string, unknown>;

/** The credential the check sends, and where it comes from (named in findings; never its value). */
interface Refused {
  token: string;
  source: string;
}

/** The session's refused credential; fails the setup when a credential the target accepts does not work. */
async function refusedCredential(ctx: CheckContext): Promise<Refused> {
  const credential = ctx.refusedCredential;
  if (credential === undefined) return ctx.notApplicable("no credential the target must refuse");
  const good = await credential.accepted();
  const before = await send(ctx, {
    method: "GET",
    path: "/Users?count=1",
    auth: good === undefined ? "default" : { token: good },
  });
  if (statusOf(before) !== 200)
    return ctx.setupFailed(`a credential the target accepts does not work: ${describe(before)}`, before);
  return { token: await credential.refuse(good), source: credential.source };
}

/** What the refused writes aimed at, created with the run's token; and the names of the refused creates. */
interface Subjects {
  user: { id: string; body: Json };
  group?: { id: string; body: Json };
  attribute: string;
  refusedUserName: string;
  refusedGroupName: string;
}

/** Sends every request of a provisioning IdP with the refused credential; the subjects exist beforehand. */
async function sendRefused(
  ctx: CheckContext,
  refused: Refused,
): Promise<{ subjects: Subjects; exchanges: Exchange[] }> {
  const attribute = writableString(ctx);
  const created = await createUser(ctx, "refused-target");
  const group = ctx.discovery.hasGroups ? await createGroup(ctx, "refused-target") : undefined;
  const refusedUser = userBody(ctx, "refused-create");
  const refusedGroupName = ctx.uniqueName("refused-group");
  const auth = { token: refused.token };
  const as = (intent: Omit<HttpIntent, "label" | "auth">) => send(ctx, { ...intent, auth });
  const userPath = `/Users/${encodeURIComponent(created.id)}`;
  const exchanges = [
    await as({ method: "GET", path: "/Users?count=1" }),
    await as({
      method: "GET",
      path: `/Users?filter=${encodeURIComponent(`userName eq "${String(created.body["userName"])}"`)}`,
    }),
    await as({ method: "GET", path: userPath }),
    await as({ method: "POST", path: "/Users", body: refusedUser }),
    await as({
      method: "PATCH",
      path: userPath,
      body: patchBody({ op: "replace", path: attribute, value: ctx.uniqueName("refused-patch") }),
    }),
    await as({
      method: "PUT",
      path: userPath,
      body: { ...created.body, [attribute]: ctx.uniqueName("refused-put"), active: false },
    }),
    await as({ method: "DELETE", path: userPath }),
  ];
  if (group !== undefined) {
    const groupPath = `/Groups/${encodeURIComponent(group.id)}`;
    exchanges.push(
      await as({ method: "GET", path: "/Groups?count=1" }),
      await as({ method: "GET", path: groupPath }),
      await as({
        method: "POST",
        path: "/Groups",
        body: { schemas: [SCHEMA_GROUP], displayName: refusedGroupName },
      }),
      await as({
        method: "PATCH",
        path: groupPath,
        body: patchBody({ op: "add", path: "members", value: [{ value: created.id }] }),
      }),
      await as({
        method: "PUT",
        path: groupPath,
        body: { schemas: [SCHEMA_GROUP], displayName: ctx.uniqueName("refused-rename") },
      }),
      await as({ method: "DELETE", path: groupPath }),
    );
  }
  // A refused create that was carried out anyway: tracked, so cleanup deletes it.
  for (const [kind, exchange] of [
    ["Users", exchanges[3]],
    ["Groups", group !== undefined ? exchanges[9] : undefined],
  ] as const) {
    const id = bodyOf(exchange)?.["id"];
    if (typeof id === "string" && id !== "" && (statusOf(exchange) ?? 0) < 300) ctx.cleanup.track(kind, id);
  }
  return {
    subjects: {
      user: { id: created.id, body: created.body },
      ...(group !== undefined ? { group: { id: group.id, body: group.body } } : {}),
      attribute,
      refusedUserName: String(refusedUser["userName"]),
      refusedGroupName,
    },
    exchanges,
  };
}

/** The discovery endpoints the target protects: those that refuse a request without credentials. */
async function protectedDiscovery(ctx: CheckContext, refused: Refused): Promise<Exchange[]> {
  const probes: Exchange[] = [];
  for (const path of ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"]) {
    const anonymous = await send(ctx, { method: "GET", path, auth: "none" });
    if (statusOf(anonymous) === 401)
      probes.push(await send(ctx, { method: "GET", path, auth: { token: refused.token } }));
  }
  return probes;
}

/** The 401 (and, when the answer has a JSON body, the §3.12 error body) of one refused request. */
function refusalProblem(exchange: Exchange, refused: Refused): Problem | undefined {
  const status = statusOf(exchange);
  if (status !== 401)
    return {
      message: `${describe(exchange)} sent with ${refused.source}, which the target must refuse: expected 401`,
      expected: 401,
      actual: status ?? exchange.error?.kind ?? null,
      exchanges: [exchange],
    };
  const body = exchange.response?.body;
  if (body === undefined) return undefined;
  const { problems } = parseErrorBody(body, 401);
  return problems.length === 0
    ? undefined
    : {
        message: `${describe(exchange)} (${refused.source}): the 401 body is not an RFC 7644 §3.12 error: ${problems.join("; ")}`,
        expected: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" },
        actual: body,
        exchanges: [exchange],
      };
}

export const expiredToken401 = defineCheck({
  id: "rfc7644.auth.expired-token-401",
  title: "A credential the target must refuse (expired, revoked, rotated out) gets 401 on every endpoint",
  rfc: "RFC 7644 §2, §3.12",
  keyword: "MUST",
  requires: ["tokenControl"],
  async run(ctx) {
    const refused = await refusedCredential(ctx);
    const { exchanges } = await sendRefused(ctx, refused);
    const probes = [...exchanges, ...(await protectedDiscovery(ctx, refused))];
    return probes
      .map((e) => refusalProblem(e, refused))
      .filter((p): p is Problem => p !== undefined)
      .map((p) => ctx.finding(p));
  },
});

export const refusedCredentialNoChange = defineCheck({
  id: "rfc7644.auth.refused-credential-no-change",
  title: "Requests with a credential the target must refuse change nothing",
  rfc: "RFC 7644 §2, §3.12",
  keyword: "MUST",
  requires: ["tokenControl"],
  async run(ctx) {
    const refused = await refusedCredential(ctx);
    const { subjects, exchanges } = await sendRefused(ctx, refused);
    const findings: ReturnType<CheckContext["finding"]>[] = [];
    const changed = (message: string, readBack: Exchange | undefined, expected: unknown, actual: unknown) =>
      findings.push(
        ctx.finding({
          message: `${message}, after requests with ${refused.source}, which the target must refuse`,
          expected,
          actual,
          exchanges: [...exchanges.filter((e) => statusOf(e) !== 401), readBack],
        }),
      );

    const user = await getResource(ctx, "Users", subjects.user.id);
    const userNow = bodyOf(user);
    if (statusOf(user) !== 200 || userNow === undefined)
      changed(`Users/${subjects.user.id} is gone (${describe(user)})`, user, 200, statusOf(user) ?? null);
    else {
      for (const name of [subjects.attribute, "active"]) {
        const was = attr(subjects.user.body, name);
        const is = attr(userNow, name);
        if (JSON.stringify(was) !== JSON.stringify(is))
          changed(`Users/${subjects.user.id} ${name} changed`, user, was ?? null, is ?? null);
      }
    }
    if (subjects.group !== undefined) {
      const group = await getResource(ctx, "Groups", subjects.group.id);
      const groupNow = bodyOf(group);
      if (statusOf(group) !== 200 || groupNow === undefined)
        changed(
          `Groups/${subjects.group.id} is gone (${describe(group)})`,
          group,
          200,
          statusOf(group) ?? null,
        );
      else {
        const was = {
          displayName: attr(subjects.group.body, "displayName"),
          members: memberIds(subjects.group.body),
        };
        const is = { displayName: attr(groupNow, "displayName"), members: memberIds(groupNow) };
        if (JSON.stringify(was) !== JSON.stringify(is))
          changed(`Groups/${subjects.group.id} changed`, group, was, is);
      }
    }

    // A refused create must have created nothing: looked up by the name it would have had.
    const creates = [
      {
        endpoint: "Users",
        filter: `userName eq "${subjects.refusedUserName}"`,
        name: subjects.refusedUserName,
      },
      ...(subjects.group !== undefined
        ? [
            {
              endpoint: "Groups",
              filter: `displayName eq "${subjects.refusedGroupName}"`,
              name: subjects.refusedGroupName,
            },
          ]
        : []),
    ];
    for (const { endpoint, filter, name } of creates) {
      const lookup = await send(ctx, {
        method: "GET",
        path: `/${endpoint}?${scimQuery({ filter })}`,
      });
      if (statusOf(lookup) !== 200)
        findings.push(
          allowedAnswer(ctx, {
            title: `Expectation could not run: ${ctx.check.title}`,
            message: `could not verify that the refused POST /${endpoint} created nothing: ${describe(lookup)}`,
            exchanges: [lookup],
          }),
        );
      else if (resourcesOf(lookup.response?.body).length > 0)
        changed(`the refused POST /${endpoint} created ${name}`, lookup, [], name);
    }
    return findings;
  },
});

/** The refused-credential checks, in catalogue order. */
export const AUTH_CHECKS = [expiredToken401, refusedCredentialNoChange];
