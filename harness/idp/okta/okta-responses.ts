/**
 * What the Okta model requires of answers [O1]. Okta documents no automatic retry: a failed request fails the
 * operation (a provisioning error in the Okta Admin Console), and a rejected group push is lost [O7]; a 401
 * fails tasks until the admin renews the token and retries them [O10].
 */
import { answerLine, reportAt } from "../common/model-flow.ts";
import type { Exchange } from "../../http/exchange.ts";
import { OKTA_RULE } from "../../rules/okta-rules.ts";
import { quarantineNow } from "../common/model-memory.ts";
import { SHARED_RULE } from "../../rules/http-rules.ts";
import { SCHEMA_LIST_RESPONSE } from "../../scim/schemas.ts";
import { getCI, isRecord, parseListResponse, resourceId } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import type { PlannedRequest, StepContext } from "../idp-model.ts";

export { OKTA_RULE } from "../../rules/okta-rules.ts";

/** An answer that passed the generic rules. */
export interface OktaAnswer {
  ex: Exchange;
  status: number;
  body: unknown;
}

export const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** Reports a finding against one exchange. */
export const oktaReport = reportAt;

export const detail = answerLine;

/**
 * Sends one request; returns the answer, or undefined when the operation stops (already reported).
 * `lookup` marks userName filters, where a miss may be an empty ListResponse or a 404 [O1].
 */
export function* oktaSend(
  ctx: StepContext,
  request: PlannedRequest,
  lookup = false,
): Generator<PlannedRequest, OktaAnswer | undefined, Exchange> {
  const ex = yield request;
  const status = ex.response?.status;
  const kind = ex.error?.kind;
  if (status === 401) {
    // [O10]: the task fails and waits in Dashboard > Tasks until the admin renews the token, tests the
    // credentials and retries it. Modelled as a stop until the new token (inferred: Okta may keep sending
    // other tasks, and they fail the same way).
    const reason = `Okta: ${detail(ex)}; provisioning tasks fail until the API token is renewed and the failed tasks are retried [O10]`;
    quarantineNow(ctx, reason, ["[O10]"], ex.id);
    return undefined;
  }
  // 501 Not Implemented is an answer (B15), not an outage: the PUT and PATCH checks name it.
  if (status === undefined || (status >= 500 && status !== 501) || status === 429) {
    oktaReport(ctx, ex, {
      ruleId: OKTA_RULE.requestFailed,
      message: `${detail(ex)}. Okta documents no retry; the operation fails [O1].`,
      evidence: ["[O1]"],
    });
    return undefined;
  }
  if (lookup && status === 404) return { ex, status, body: ex.response?.body };
  const emptyOk = kind === "emptyBody" && ex.request.method !== "POST" && ex.request.method !== "GET";
  if (kind !== undefined && !emptyOk) {
    oktaReport(ctx, ex, {
      ruleId: OKTA_RULE.jsonResponse,
      message: `${detail(ex)}: SCIM answers are JSON.`,
      evidence: ["[O1]"],
      rfc: "RFC 7644 §3.1",
    });
    return undefined;
  }
  return { ex, status, body: ex.response?.body };
}

const PAGING = ["totalResults", "startIndex", "itemsPerPage"] as const;

/**
 * The resources of a query answer (200 + ListResponse whose paging values are integers [O1] [O2]), with its
 * `totalResults`; undefined after a finding. A lookup's 404 is a miss [O1].
 */
export function oktaReadList(
  ctx: StepContext,
  ans: OktaAnswer,
  lookup = false,
): { total: number; resources: JsonRecord[] } | undefined {
  if (lookup && ans.status === 404) return { total: 0, resources: [] };
  if (ans.status === 200 && isRecord(ans.body)) {
    const bad = PAGING.filter((k) => {
      const v = getCI(ans.body, k);
      return v !== undefined && !(typeof v === "number" && Number.isInteger(v));
    });
    if (bad.length > 0) {
      oktaReport(ctx, ans.ex, {
        ruleId: OKTA_RULE.pagingIntegers,
        message: `${bad.join(", ")} must be JSON integers ("need to be exchanged as integers, not as strings" [O1]); Okta cannot page through this answer.`,
        expected: "integers",
        actual: Object.fromEntries(bad.map((k) => [k, getCI(ans.body, k)])),
        evidence: ["[O1]", "[O2]"],
        rfc: "RFC 7644 §3.4.2",
      });
      return undefined;
    }
  }
  const list = ans.status === 200 ? parseListResponse(ans.body) : undefined;
  if (list?.ok === true) return { total: list.totalResults, resources: list.resources };
  oktaReport(ctx, ans.ex, {
    ruleId: OKTA_RULE.listResponse,
    message: `A query must answer 200 with a ListResponse${list?.ok === false ? ` (${list.problem})` : ""} [O1].`,
    expected: 200,
    actual: ans.status,
    evidence: ["[O1]"],
    rfc: "RFC 7644 §3.4.2",
  });
  return undefined;
}

/** The new id after POST: 201 with `id` (RFC 7644 §3.3; an empty body fails the create [O1]). */
export function oktaCreated(ctx: StepContext, ans: OktaAnswer, kind: "User" | "Group"): string | undefined {
  const id = is2xx(ans.status) ? resourceId(ans.body) : undefined;
  if (id !== undefined && ans.status === 201) return id;
  const password = kind === "User" && ans.status === 400 && /password/i.test(JSON.stringify(ans.body ?? ""));
  oktaReport(ctx, ans.ex, {
    ruleId: password
      ? OKTA_RULE.passwordAccepted
      : id === undefined
        ? OKTA_RULE.create201
        : SHARED_RULE.createStatus201,
    message: password
      ? `${detail(ans.ex)}: the create was refused for its password. Okta sends a placeholder password on every create, even with password sync off [O4]; the SP may ignore it (RFC 7643 §4.1.1: writeOnly, returned never) but must not refuse it.`
      : `POST /${kind}s should answer 201 Created with the new resource and its id (${detail(ans.ex)}) [O1].`,
    expected: "201 with id",
    actual: ans.status,
    evidence: password ? ["[O4]"] : ["[O1]"],
    rfc: "RFC 7644 §3.3",
  });
  return id;
}

/** A PATCH or DELETE must answer 2xx (204 accepted [O1]). */
export function oktaSucceeded(
  ctx: StepContext,
  ans: OktaAnswer,
  rule: "patch" | "delete",
  evidence: string[],
): boolean {
  if (is2xx(ans.status)) return true;
  oktaReport(ctx, ans.ex, {
    ruleId: rule === "patch" ? OKTA_RULE.patch2xx : OKTA_RULE.delete2xx,
    message: `${detail(ans.ex)}; the operation fails [O1].`,
    expected: rule === "patch" ? [200, 204] : 204,
    actual: ans.status,
    evidence,
    rfc: rule === "patch" ? "RFC 7644 §3.5.2" : "RFC 7644 §3.6",
  });
  return false;
}

/** A PUT must succeed (B15: PUT not implemented; every Okta profile update is a PUT [O1]). */
export function oktaPutDone(ctx: StepContext, ans: OktaAnswer): boolean {
  if (is2xx(ans.status)) return true;
  oktaReport(ctx, ans.ex, {
    ruleId: OKTA_RULE.putSupported,
    message: `Okta updates users by GET then PUT of the whole user [O1]; ${detail(ans.ex)}.`,
    expected: 200,
    actual: ans.status,
    evidence: [404, 405, 501].includes(ans.status) ? ["[O1]", "B15"] : ["[O1]"],
    rfc: "RFC 7644 §3.5.1",
  });
  return false;
}

/**
 * The user a GET by id answered, or undefined after a finding: 200 with the User resource itself (RFC 7644
 * §3.4.1), not a ListResponse. Okta merges its change into whatever came back and PUTs it (inferred: the
 * model stops here instead of sending that body).
 */
export function oktaReadUser(ctx: StepContext, ans: OktaAnswer, id: string): JsonRecord | undefined {
  const body = ans.body;
  const schemas = getCI(body, "schemas");
  const list = Array.isArray(schemas) && schemas.includes(SCHEMA_LIST_RESPONSE);
  if (ans.status === 200 && isRecord(body) && !list && resourceId(body) === id) return body;
  oktaReport(ctx, ans.ex, {
    ruleId: OKTA_RULE.getUserShape,
    message: `${detail(ans.ex)}: GET /Users/{id} must answer 200 with the User (id ${id})${list ? ", not a ListResponse" : ""}. Okta merges its change into this body and PUTs it back [O1]; a wrong shape is PUT back as it came (inferred), so the update is not sent.`,
    expected: { status: 200, id },
    actual: { status: ans.status, id: resourceId(body), listResponse: list },
    evidence: ["[O1]"],
    rfc: "RFC 7644 §3.4.1",
  });
  return undefined;
}
