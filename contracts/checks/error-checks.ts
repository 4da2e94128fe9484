/**
 * The errors RFC 7644 §3.12 defines, each provoked with one controlled input: a filter on an attribute no
 * schema defines, a malformed PATCH path, malformed JSON, a PatchOp without its schema, a readOnly path, a
 * value of the wrong JSON type, too many bulk operations, a filter matching more resources than the advertised
 * filter.maxResults (tooMany), a body that is not JSON by its Content-Type, and an endpoint that does not
 * exist. Each check accepts every answer the RFC allows (contracts/README.md, "Where
 * the RFC allows several answers: errors"); a 5xx is never one of them. An error answer must carry the
 * §3.12 body: the Error schema URN, `status` as a string equal to the HTTP status, and a `scimType` the case
 * allows. Provoked elsewhere, judged with `judgeError` too: invalidFilter on bad syntax
 * (`rfc7644.filter.invalid-filter-400`), on unknown operators and ordering on a boolean
 * (`rfc7644.filter.unknown-operator-400`, `rfc7644.filter.ordering-on-boolean-400`), noTarget on a
 * filtered replace that matches nothing (`rfc7644.patch.filtered-replace-no-match-400`). With their own
 * judgement: noTarget (`rfc7644.patch.remove-without-path-400`), uniqueness (`rfc7644.create.uniqueness-409`),
 * 404 on an unknown id (`rfc7644.get.unknown-id-404`).
 */
import type { Finding } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import { parseErrorBody } from "../../harness/scim/scim-error.ts";
import { SCHEMA_PATCH_OP } from "../../harness/scim/schemas.ts";
import {
  attr,
  bodyOf,
  createUser,
  DECLINE_ALLOWED,
  declares,
  declinesFilter,
  describe,
  idsOf,
  listUsers,
  getResource,
  send,
  statusOf,
  userBody,
  writableString,
} from "./check-helpers.ts";
import { sendTooManyOperations } from "./bulk-checks.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, ContractCheck } from "./contract-check.ts";

type Json = Record<string, unknown>;

/** What the RFC allows as the answer to one provoked input. */
export interface AllowedAnswers {
  /** Error statuses the RFC allows, each with the `scimType`s allowed with it. */
  errors: readonly {
    status: number;
    /** Allowed `scimType` values; absent means any RFC keyword valid with the status (or none). */
    scimTypes?: readonly string[];
    /** The section that names the scimType makes it mandatory (a missing one is a finding). */
    scimTypeRequired?: boolean;
  }[];
  /** Success statuses a server that accepts the input may answer, with the RFC reason it may. */
  accepted?: { statuses: readonly number[]; why: string };
  /** The input, for messages (`a filter on an undefined attribute`). */
  input: string;
}

const show = (answers: AllowedAnswers): string =>
  [
    ...answers.errors.map(
      (e) =>
        `${e.status}${e.scimTypes !== undefined ? ` ${e.scimTypes.join("|")}${e.scimTypeRequired === true ? "" : " (or no scimType)"}` : ""}`,
    ),
    ...(answers.accepted !== undefined ? answers.accepted.statuses.map(String) : []),
  ].join(", ");

/**
 * The findings of one provoked error: none when the answer is one the RFC allows and, for an error, its
 * body is a §3.12 error body (or the server accepted an input it may accept).
 */
export function judgeError(ctx: CheckContext, exchange: Exchange, answers: AllowedAnswers): Finding[] {
  const status = statusOf(exchange);
  if (status === undefined) {
    return [
      ctx.finding({
        message: `${answers.input}: ${describe(exchange)}, no HTTP answer; expected ${show(answers)}`,
        expected: show(answers),
        actual: exchange.error?.kind ?? null,
        exchanges: [exchange],
      }),
    ];
  }
  if (status >= 500) {
    return [
      ctx.finding({
        message: `${answers.input}: ${describe(exchange)}, a server error for an input RFC 7644 §3.12 defines a client error for; expected ${show(answers)}`,
        expected: show(answers),
        actual: bodyOf(exchange) ?? status,
        exchanges: [exchange],
      }),
    ];
  }
  // A server may accept this input (the reason is in `accepted.why`): an allowed answer, a pass.
  if (answers.accepted?.statuses.includes(status) === true) return [];
  const allowed = answers.errors.find((e) => e.status === status);
  if (allowed === undefined) {
    return [
      ctx.finding({
        message: `${answers.input}: ${describe(exchange)}, expected ${show(answers)}`,
        expected: show(answers),
        actual: bodyOf(exchange) ?? status,
        exchanges: [exchange],
      }),
    ];
  }
  const problems = [...parseErrorBody(exchange.response?.body, status).problems];
  const scimType = attr(bodyOf(exchange), "scimType");
  if (allowed.scimTypes !== undefined) {
    if (scimType === undefined || scimType === null) {
      if (allowed.scimTypeRequired === true)
        problems.push(`no "scimType"; expected ${allowed.scimTypes.join(" or ")}`);
    } else if (!allowed.scimTypes.includes(String(scimType))) {
      problems.push(`"scimType" ${JSON.stringify(scimType)}, expected ${allowed.scimTypes.join(" or ")}`);
    }
  }
  if (problems.length === 0) return [];
  return [
    ctx.finding({
      message: `${answers.input}: ${describe(exchange)} with an error body that breaks RFC 7644 §3.12: ${[...new Set(problems)].join("; ")}`,
      expected: show(answers),
      actual: exchange.response?.body ?? exchange.response?.bodyText ?? null,
      exchanges: [exchange],
    }),
  ];
}

/** What §3.4.2.2 and §3.12 allow for a filter the server declines or cannot parse. */
export const INVALID_FILTER: AllowedAnswers["errors"] = [{ status: 400, scimTypes: ["invalidFilter"] }];

export const unknownFilterAttribute = defineCheck({
  id: "rfc7644.error.filter-unknown-attribute",
  title: "A filter on an attribute no schema defines is evaluated or refused with 400 invalidFilter",
  rfc: "RFC 7644 §3.4.2.2, §3.12",
  keyword: "MUST",
  requires: ["filter"],
  async run(ctx) {
    const name = `scimh${ctx.uniqueId("attribute").replace(/-/g, "").slice(0, 12)}`;
    const filter = `${name} eq "x"`;
    const exchange = await send(ctx, { method: "GET", path: `/Users?${scimQuery({ filter })}` });
    const findings = judgeError(ctx, exchange, {
      input: `filter ${filter} (an attribute no schema defines)`,
      errors: INVALID_FILTER,
      accepted: {
        statuses: [200],
        why: "RFC 7644 §3.4.2.2 does not say how a filter on an undefined attribute is evaluated (an empty list is the usual reading); §3.12 invalidFilter allows refusing it",
      },
    });
    // An accepted filter still answers a ListResponse (§3.4.2): nothing can match an attribute no resource has.
    if (statusOf(exchange) === 200) {
      const total = attr(bodyOf(exchange), "totalResults");
      if (typeof total !== "number")
        findings.push(
          ctx.finding({
            message: `${describe(exchange)} without a ListResponse totalResults (RFC 7644 §3.4.2)`,
            actual: exchange.response?.body ?? null,
            exchanges: [exchange],
          }),
        );
    }
    return findings;
  },
});

export const invalidPath = defineCheck({
  id: "rfc7644.error.patch-invalid-path",
  title: "A PATCH with a malformed path is refused with 400 invalidPath",
  rfc: "RFC 7644 §3.5.2, §3.12",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const user = await createUser(ctx, "badpath");
    const exchange = await send(ctx, {
      method: "PATCH",
      path: `/Users/${encodeURIComponent(user.id)}`,
      body: {
        schemas: [SCHEMA_PATCH_OP],
        Operations: [{ op: "replace", path: "1 not-a-path", value: "x" }],
      },
    });
    return judgeError(ctx, exchange, {
      input: 'PATCH path "1 not-a-path" (an ATTRNAME starts with ALPHA, RFC 7644 §3.10)',
      // §3.12 invalidPath: "The "path" attribute was invalid or malformed"; a server may name the whole body
      // (invalidSyntax) or the value it cannot place (invalidValue, noTarget) instead.
      errors: [{ status: 400, scimTypes: ["invalidPath", "invalidSyntax", "invalidValue", "noTarget"] }],
    });
  },
});

export const malformedJson = defineCheck({
  id: "rfc7644.error.invalid-syntax-json",
  title: "A request body that is not JSON is refused with 400 invalidSyntax",
  rfc: "RFC 7644 §3.12",
  keyword: "MUST",
  async run(ctx) {
    const exchange = await send(ctx, { method: "POST", path: "/Users", rawBody: '{"schemas": [' });
    return judgeError(ctx, exchange, {
      input: "POST /Users with a truncated JSON body",
      errors: [{ status: 400, scimTypes: ["invalidSyntax", "invalidValue"] }],
    });
  },
});

export const patchWithoutSchema = defineCheck({
  id: "rfc7644.error.patch-without-schema",
  title: "A PatchOp without its schemas URN is refused with 400 invalidSyntax, or applied",
  rfc: "RFC 7644 §3.5.2, §3.12",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const name = writableString(ctx);
    const user = await createUser(ctx, "noschema");
    const exchange = await send(ctx, {
      method: "PATCH",
      path: `/Users/${encodeURIComponent(user.id)}`,
      body: { Operations: [{ op: "replace", path: name, value: `Patched ${ctx.uniqueName("v")}` }] },
    });
    return judgeError(ctx, exchange, {
      input: `PATCH without "schemas" (RFC 7644 §3.5.2: the body "MUST contain the "schemas" attribute")`,
      errors: [{ status: 400, scimTypes: ["invalidSyntax", "invalidValue"] }],
      accepted: {
        statuses: [200, 204],
        why: "the MUST of RFC 7644 §3.5.2 binds the client; the RFC does not require the server to refuse the request",
      },
    });
  },
});

export const readOnlyPath = defineCheck({
  id: "rfc7644.error.mutability",
  title: "A PATCH of the readOnly id is refused with 400 mutability and changes nothing",
  rfc: "RFC 7644 §3.5.2, §3.12; RFC 7643 §3.1",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const user = await createUser(ctx, "readonly");
    const exchange = await send(ctx, {
      method: "PATCH",
      path: `/Users/${encodeURIComponent(user.id)}`,
      body: {
        schemas: [SCHEMA_PATCH_OP],
        Operations: [{ op: "replace", path: "id", value: ctx.uniqueId("new-id") }],
      },
    });
    const findings = judgeError(ctx, exchange, {
      input: 'PATCH replace of "id" (readOnly, RFC 7643 §3.1)',
      // §3.5.2: "An operation that is not compatible with an attribute's mutability or schema SHALL return
      // the appropriate HTTP response status code and a JSON detail error response"; §3.12 mutability.
      errors: [{ status: 400, scimTypes: ["mutability"] }],
    });
    const after = await getResource(ctx, "Users", user.id);
    if (statusOf(after) !== 200)
      findings.push(
        ctx.finding({
          message: `after the PATCH of id, ${describe(after)}: the user is no longer found under its id (readOnly, RFC 7643 §3.1)`,
          exchanges: [exchange, after],
        }),
      );
    return findings;
  },
});

export const wrongJsonType = defineCheck({
  id: "rfc7644.error.invalid-value-type",
  title: "A value of the wrong JSON type is refused with 400 invalidValue or invalidSyntax",
  rfc: "RFC 7644 §3.12; RFC 7643 §2.3",
  keyword: "MUST",
  async run(ctx) {
    const wrong: Json = declares(ctx, "active")
      ? { active: "scimh-not-a-boolean" }
      : { name: "scimh-not-a-complex-value" };
    const [key] = Object.keys(wrong);
    const exchange = await send(ctx, { method: "POST", path: "/Users", body: userBody(ctx, "type", wrong) });
    const id = bodyOf(exchange)?.["id"];
    if (statusOf(exchange) === 201 && typeof id === "string") ctx.cleanup.track("Users", id);
    return judgeError(ctx, exchange, {
      input: `POST /Users with ${key} ${JSON.stringify(wrong[key!])} (RFC 7643 §2.3: ${key === "active" ? "a Boolean is true or false" : "a Complex value is a JSON object"})`,
      errors: [{ status: 400, scimTypes: ["invalidValue", "invalidSyntax"] }],
      accepted: {
        statuses: [201],
        why: "RFC 7644 §3.12 names invalidValue and invalidSyntax for it but does not require the server to refuse",
      },
    });
  },
});

export const bulkTooMany = defineCheck({
  id: "rfc7644.error.bulk-too-many",
  title: "With bulk supported, more operations than maxOperations are refused with 413",
  rfc: "RFC 7644 §3.7.4, §3.12",
  keyword: "MUST",
  requires: ["bulk"],
  async run(ctx) {
    const { exchange, max } = await sendTooManyOperations(ctx);
    return judgeError(ctx, exchange, {
      input: `POST /Bulk with ${max + 1} operations (maxOperations ${max})`,
      // §3.7.4: "If either limit is exceeded, the service provider MUST return HTTP response code 413
      // (Payload Too Large)"; §3.12 names tooMany for too many results (400 or 413 in Table 9).
      errors: [{ status: 413, scimTypes: ["tooMany"] }],
    });
  },
});

export const unsupportedMediaType = defineCheck({
  id: "rfc7644.error.unsupported-media-type",
  title: "A body sent as text/plain is refused with 415 or 400, or read as JSON",
  rfc: "RFC 7644 §3.1, §3.12; RFC 9110 §15.5.16",
  keyword: "MUST",
  async run(ctx) {
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "media"),
      headers: { "Content-Type": "text/plain" },
    });
    const id = bodyOf(exchange)?.["id"];
    if (statusOf(exchange) === 201 && typeof id === "string") ctx.cleanup.track("Users", id);
    return judgeError(ctx, exchange, {
      input: "POST /Users with Content-Type text/plain",
      // A server that reads no body from it may name the missing values instead (invalidValue: "A required
      // value was missing").
      errors: [{ status: 415 }, { status: 400, scimTypes: ["invalidSyntax", "invalidValue"] }],
      accepted: {
        statuses: [201],
        why: "RFC 7644 §3.1 names the media types a server must accept, not those it must refuse",
      },
    });
  },
});

export const unknownEndpoint = defineCheck({
  id: "rfc7644.error.unknown-endpoint-404",
  title: "An endpoint that does not exist answers 404 with an error body",
  rfc: "RFC 7644 §3.12",
  keyword: "MUST",
  async run(ctx) {
    const exchange = await send(ctx, {
      method: "GET",
      path: `/Scimh${ctx.uniqueId("endpoint").replace(/-/g, "").slice(0, 12)}`,
    });
    return judgeError(ctx, exchange, {
      input: "GET on an endpoint the server does not define",
      // §3.12 Table 8: 404 "Specified resource (e.g., User) or endpoint does not exist".
      errors: [{ status: 404 }],
    });
  },
});

/** The most users the tooMany check creates: a larger filter.maxResults cannot be exceeded in a run. */
const TOO_MANY_MAX_CREATE = 50;

export const filterTooMany = defineCheck({
  id: "rfc7644.error.filter-too-many",
  title:
    "A filter matching more resources than filter.maxResults is refused with 400 tooMany or answered with at most maxResults",
  rfc: "RFC 7644 §3.4.2, §3.4.2.4, §3.12; RFC 7643 §5",
  keyword: "MUST",
  requires: ["filter"],
  async run(ctx) {
    const max = attr(attr(ctx.discovery.serviceProviderConfig, "filter"), "maxResults");
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1)
      return ctx.notApplicable(
        `/ServiceProviderConfig filter.maxResults is ${JSON.stringify(max ?? null)}, not a positive integer the check can exceed`,
      );
    if (max >= TOO_MANY_MAX_CREATE)
      return ctx.notApplicable(
        `/ServiceProviderConfig filter.maxResults is ${max}: exceeding it takes more than the ${TOO_MANY_MAX_CREATE} users the check creates`,
      );
    const users = [];
    for (let i = 0; i <= max; i++) users.push(await createUser(ctx, `many${i}`));
    // A filter that matches exactly these users, sent without count: the server's own limit decides.
    const bySw = `userName sw "${ctx.checkPrefix}"`;
    let exchange = await listUsers(ctx, bySw);
    if (declinesFilter(exchange)) {
      const byEq = users.map((u) => `userName eq "${String(u.body["userName"])}"`).join(" or ");
      exchange = await listUsers(ctx, byEq);
      if (declinesFilter(exchange))
        return ctx.notApplicable(
          `the target declines both ${bySw} and an or of ${users.length} userName eq with 400 invalidFilter (${DECLINE_ALLOWED}): no filter matches the check's users only`,
        );
    }
    const matches = users.length;
    const findings = judgeError(ctx, exchange, {
      input: `a filter matching ${matches} users, over filter.maxResults ${max}`,
      // §3.4.2: "If a SCIM service provider determines that too many results would be returned ..., the
      // server SHALL reject the request by returning ... 400 (Bad Request) and JSON attribute "scimType" set
      // to "tooMany""; §3.12 Table 9 names tooMany for GET.
      errors: [{ status: 400, scimTypes: ["tooMany"], scimTypeRequired: true }],
      accepted: {
        statuses: [200],
        why: 'RFC 7643 §5 maxResults is "the maximum number of resources returned in a response" and RFC 7644 §3.4.2.4 lets the service provider set the page size when count is unspecified: a page of at most maxResults, with totalResults counting every match, is the other reading',
      },
    });
    if (statusOf(exchange) !== 200) return findings;
    const returned = idsOf(exchange).length;
    const total = attr(bodyOf(exchange), "totalResults");
    if (returned > max)
      findings.push(
        ctx.finding({
          message: `${describe(exchange)} returns ${returned} resources for ${matches} matches, over the filter.maxResults ${max} the target advertises (RFC 7643 §5: "the maximum number of resources returned in a response")`,
          expected: `at most ${max} resources, or 400 tooMany`,
          actual: returned,
          exchanges: [exchange],
        }),
      );
    if (total !== matches)
      findings.push(
        ctx.finding({
          message: `${describe(exchange)}: totalResults ${JSON.stringify(total ?? null)} for ${matches} matches (RFC 7644 §3.4.2: "the total number of results matching the client query"); an IdP that pages by it misses users`,
          expected: matches,
          actual: (total ?? null) as never,
          exchanges: [exchange],
        }),
      );
    return findings;
  },
});

/** The §3.12 error checks, in catalogue order. */
export const ERROR_CHECKS: readonly ContractCheck[] = [
  unknownFilterAttribute,
  invalidPath,
  malformedJson,
  patchWithoutSchema,
  readOnlyPath,
  wrongJsonType,
  bulkTooMany,
  filterTooMany,
  unsupportedMediaType,
  unknownEndpoint,
];
