/**
 * HTTP-level rules: the SCIM media type (RFC 7644 §3.1, §8.1), the error body (§3.12) and bearer
 * authentication (§2, §3.12 401); credentials the target must refuse are in auth-checks.ts.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import { parseErrorBody, SCIM_ERROR_SCHEMA } from "../../harness/scim/scim-error.ts";
import {
  bodyOf,
  createUser,
  describe,
  getResource,
  listUsers,
  send,
  statusOf,
  userBody,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, Problem } from "./contract-check.ts";

const contentTypeOf = (exchange: Exchange): string =>
  (exchange.response?.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

export const scimContentType = defineCheck({
  id: "rfc7644.http.scim-content-type",
  title: "Responses use Content-Type application/scim+json",
  rfc: "RFC 7644 §3.1, §8.1",
  keyword: "SHOULD",
  idpDependence: [
    { idp: "Entra ID", evidence: ["[S1]", "B21"], why: "expects application/scim+json on every response" },
  ],
  async run(ctx) {
    const user = await createUser(ctx, "ctype");
    const exchanges = [
      user.exchange,
      await getResource(ctx, "Users", user.id),
      await listUsers(ctx, `userName eq "${String(user.body["userName"])}"`),
      await getResource(ctx, "Users", ctx.uniqueId("unknown-user")),
    ];
    const wrong = exchanges.filter(
      (e) =>
        e.response !== undefined &&
        e.response.bodyText !== "" &&
        contentTypeOf(e) !== "application/scim+json",
    );
    return wrong.map((e) =>
      ctx.finding({
        message: `${describe(e)} answered Content-Type ${JSON.stringify(contentTypeOf(e) || "(none)")}`,
        expected: "application/scim+json",
        actual: contentTypeOf(e) || null,
        exchanges: [e],
      }),
    );
  },
});

/** Provokes three errors: 404 (unknown id), 400 (invalid filter), 409 (duplicate userName). */
async function provokeErrors(ctx: CheckContext): Promise<Exchange[]> {
  const notFound = await getResource(ctx, "Users", ctx.uniqueId("unknown-user"));
  const badFilter = await listUsers(ctx, "userName eq");
  const user = await createUser(ctx, "dup");
  const duplicate = await send(ctx, {
    method: "POST",
    path: "/Users",
    body: userBody(ctx, "dup2", { userName: user.body["userName"] }),
  });
  const dupId = bodyOf(duplicate)?.["id"];
  if (statusOf(duplicate) === 201 && typeof dupId === "string") ctx.cleanup.track("Users", dupId);
  return [notFound, badFilter, duplicate].filter((e) => (statusOf(e) ?? 0) >= 400 && bodyOf(e) !== undefined);
}

function errorBodyCheck(
  id: string,
  title: string,
  select: (problem: string) => boolean,
  evidence: string[],
): ReturnType<typeof defineCheck> {
  return defineCheck({
    id,
    title,
    rfc: "RFC 7644 §3.12",
    keyword: "MUST",
    idpDependence: [
      { idp: "Entra ID", evidence, why: "fails with ServiceIncompatible on unparsable error bodies" },
    ],
    async run(ctx) {
      const errors = await provokeErrors(ctx);
      if (errors.length === 0)
        return ctx.setupFailed("no request produced an error response with a JSON body");
      const problems: Problem[] = [];
      for (const exchange of errors) {
        const parsed = parseErrorBody(exchange.response?.body, statusOf(exchange));
        const relevant = parsed.problems.filter(select);
        if (relevant.length > 0) {
          problems.push({
            message: `${describe(exchange)}: ${relevant.join("; ")}`,
            actual: exchange.response?.body,
            exchanges: [exchange],
          });
        }
      }
      return problems.map((p) => ctx.finding(p));
    },
  });
}

export const errorStatusString = errorBodyCheck(
  "rfc7644.error.status-string",
  "Error bodies carry status as a string equal to the HTTP status",
  (p) => p.includes(`"status"`),
  ["[S8]"],
);

export const errorSchema = errorBodyCheck(
  "rfc7644.error.schema",
  "Error bodies carry the Error schema URN",
  (p) => p.includes(SCIM_ERROR_SCHEMA) || p.includes("not a JSON object"),
  ["[S8]"],
);

export const errorScimType = errorBodyCheck(
  "rfc7644.error.scim-type-matches-status",
  "scimType is an RFC 7644 keyword allowed with the HTTP status",
  (p) => p.includes(`"scimType"`),
  ["[S8]", "B14"],
);

const authProbe = (ctx: CheckContext, auth: "none" | { token: string }) =>
  send(ctx, { method: "GET", path: "/Users?count=1", auth });

function expect401(
  ctx: CheckContext,
  exchange: Exchange,
  what: string,
): ReturnType<CheckContext["finding"]>[] {
  return statusOf(exchange) === 401
    ? []
    : [
        ctx.finding({
          message: `${what}: ${describe(exchange)}, expected 401`,
          expected: 401,
          actual: statusOf(exchange) ?? exchange.error?.kind,
          exchanges: [exchange],
        }),
      ];
}

export const noToken401 = defineCheck({
  id: "rfc7644.auth.no-token-401",
  title: "A request without credentials is refused with 401",
  rfc: "RFC 7644 §2, §3.12",
  keyword: "MUST",
  async run(ctx) {
    return expect401(ctx, await authProbe(ctx, "none"), "no Authorization header");
  },
});

export const wrongToken401 = defineCheck({
  id: "rfc7644.auth.wrong-token-401",
  title: "A request with an unknown bearer token is refused with 401",
  rfc: "RFC 7644 §2, §3.12",
  keyword: "MUST",
  idpDependence: [
    {
      idp: "Entra ID",
      evidence: ["[S4]"],
      why: "quarantines on 401 as invalid credentials and needs it to tell them apart",
    },
  ],
  async run(ctx) {
    return expect401(
      ctx,
      await authProbe(ctx, { token: `scimh-wrong-${ctx.uniqueId("token")}` }),
      "an unknown bearer token",
    );
  },
});

/** The HTTP, error and auth checks, in catalogue order. */
export const HTTP_CHECKS = [
  scimContentType,
  errorStatusString,
  errorSchema,
  errorScimType,
  noToken401,
  wrongToken401,
];
