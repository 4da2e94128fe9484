/**
 * What Entra ID requires of each answer (§1.8, §1.9 [S1] [S4] [S8]) and what it does when an answer breaks
 * it: quarantine (401, 404 on a filter), a retry in the next cycle (5xx, 429, timeouts, transport errors;
 * simulated by one immediate retry), or a failed object (a finding). Severities come from the rule
 * catalogue (harness/rules/entra-rules.ts): `error` when Entra fails the object or quarantines, `warning`
 * when it only degrades.
 */
import { reportAt } from "../common/model-flow.ts";
import type { Exchange } from "../../http/exchange.ts";
import { quarantineNow } from "../common/model-memory.ts";
import { getCI, isRecord, parseListResponse } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import { ENTRA_RULE } from "../../rules/entra-rules.ts";
import type { PlannedRequest, StepContext } from "../idp-model.ts";

/** The rule ids of Entra findings (catalogued with titles and severities in harness/rules/entra-rules.ts). */
export { ENTRA_RULE } from "../../rules/entra-rules.ts";

/** An answer the generic rules let through: any status the caller has to judge. */
export interface Answer {
  ex: Exchange;
  status: number;
  body: unknown;
}

/** What a request is for, which decides how a 404 or an empty body is judged. */
export type Purpose = "filter" | "read" | "write";

/** Reports a finding against one exchange. */
export const report = reportAt;

function describe(ex: Exchange): string {
  const status = ex.response === undefined ? "no response" : `HTTP ${ex.response.status}`;
  return `${ex.request.method} ${ex.label}: ${status}${ex.error ? ` (${ex.error.kind}: ${ex.error.message})` : ""}`;
}

type Verdict = "ok" | "retry" | "stop";

function retryOrGiveUp(ctx: StepContext, ex: Exchange, attempt: number, cause: string): Verdict {
  if (attempt === 1) {
    ctx.note(
      `${cause}: Entra retries in 40 minutes [S8]; the model retries once now (simulated next cycle).`,
    );
    return "retry";
  }
  report(ctx, ex, {
    ruleId: ENTRA_RULE.retryExhausted,
    message: `${cause} again on the retry: the object fails this cycle and Entra keeps retrying, backing off [S3] [S8].`,
    actual: describe(ex),
    evidence: ["[S3]", "[S8]"],
  });
  return "stop";
}

function judge(ctx: StepContext, ex: Exchange, purpose: Purpose, attempt: number): Verdict {
  const status = ex.response?.status;
  const kind = ex.error?.kind;
  if (status === 401) {
    quarantineNow(
      ctx,
      `Invalid credentials: ${describe(ex)} (EncounteredQuarantineException)`,
      ["[S4]"],
      ex.id,
    );
    return "stop";
  }
  if (kind === "timeout") {
    report(ctx, ex, {
      ruleId: ENTRA_RULE.timeout,
      message:
        "Entra times out after 60 s [S19]; a create that committed late is re-POSTed and answered 409 (B13).",
      expected: "an answer within 60 s",
      actual: describe(ex),
      evidence: ["[S19]", "[S8]", "B13"],
    });
    return retryOrGiveUp(ctx, ex, attempt, "Timeout");
  }
  if (status === undefined)
    return retryOrGiveUp(ctx, ex, attempt, `WebExceptionProtocolError (${kind ?? "no response"})`);
  if (status === 429) {
    report(ctx, ex, {
      ruleId: ENTRA_RULE.throttled,
      message:
        "A non-gallery Entra job does no client-side rate limiting [S16]; a 429 is logged and retried later, and a job that keeps meeting it can be quarantined (B24).",
      actual: describe(ex),
      evidence: ["[S16]", "[S18]", "B24"],
    });
    return retryOrGiveUp(ctx, ex, attempt, "HTTP 429 TooManyRequests");
  }
  if (status >= 500) return retryOrGiveUp(ctx, ex, attempt, `HTTP ${status} InternalServerError`);
  if (purpose === "filter" && status === 404) {
    report(ctx, ex, {
      ruleId: ENTRA_RULE.filterMissEmptyList,
      message:
        "A filter that matches nothing must answer 200 with an empty ListResponse, never 404 [S1]; Entra quarantines the job (B9).",
      expected: 200,
      actual: status,
      evidence: ["[S1]", "[S4]", "B9"],
    });
    quarantineNow(
      ctx,
      "SCIM Compliance issue: An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK",
      ["[S4]", "B9"],
      ex.id,
    );
    return "stop";
  }
  if (status === 403 || status === 405) {
    const waf = kind === "htmlBody";
    report(ctx, ex, {
      ruleId: ENTRA_RULE.authorized,
      message: waf
        ? "An HTML 403 page: an edge/WAF rejected the request, e.g. for its missing User-Agent (Entra sends none [C12], B12)."
        : "Entra logs InsufficientRights / MethodNotAllowed: authenticated but not authorized [S8].",
      actual: describe(ex),
      evidence: waf ? ["[C12]", "B12"] : ["[S8]"],
    });
    return "stop";
  }
  if (kind === "emptyBody" && purpose === "filter") {
    report(ctx, ex, {
      ruleId: ENTRA_RULE.filterMissEmptyList,
      message: "A query must answer a ListResponse; an empty 200 body is not one [S1] (B9).",
      actual: describe(ex),
      evidence: ["[S1]", "B9"],
    });
    return "stop";
  }
  const patchOk = kind === "emptyBody" && ex.request.method === "PATCH";
  if (kind !== undefined && !patchOk) {
    report(ctx, ex, {
      ruleId: ENTRA_RULE.jsonResponse,
      message:
        "Entra cannot parse the answer: SystemForCrossDomainIdentityManagementServiceIncompatible [S8].",
      actual: describe(ex),
      evidence: kind === "htmlBody" ? ["[S8]", "[C12]", "B12"] : ["[S8]"],
      rfc: "RFC 7644 §3.1",
    });
    return "stop";
  }
  return "ok"; // the content type is checked for every IdP by the runner (rfc7644.http.scim-content-type)
}

/**
 * Sends one request the way Entra does: 401 quarantines, 404 on a filter quarantines, 5xx / 429 / timeout /
 * transport errors are retried once (Entra: 40 minutes later [S8]), unparsable bodies fail the object.
 * Returns the answer, or undefined when the step must stop (already reported).
 */
export function* entraSend(
  ctx: StepContext,
  request: PlannedRequest,
  purpose: Purpose,
): Generator<PlannedRequest, Answer | undefined, Exchange> {
  for (let attempt = 1; ; attempt++) {
    const planned =
      attempt === 1 ? request : { ...request, label: `${request.label} (retry, simulated next cycle)` };
    const ex = yield planned;
    const verdict = judge(ctx, ex, purpose, attempt);
    if (verdict === "retry") continue;
    if (verdict === "stop" || ex.response === undefined) return undefined;
    return { ex, status: ex.response.status, body: ex.response.body };
  }
}

/** The resources of a filter answer (200 + ListResponse [S1]), or undefined after reporting why not. */
export function readFilterAnswer(
  ctx: StepContext,
  ans: Answer,
): { total: number; resources: JsonRecord[] } | undefined {
  if (ans.status !== 200) {
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.filterSupported,
      message: `Entra queries with eq filters only [S1] and expects 200 with a ListResponse; got HTTP ${ans.status}.`,
      expected: 200,
      actual: ans.status,
      evidence: ["[S1]", "[S8]"],
      rfc: "RFC 7644 §3.4.2.2",
    });
    return undefined;
  }
  const list = parseListResponse(ans.body);
  if (!list.ok) {
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.listResponse,
      message: `Queries must always answer a ListResponse [S1]: ${list.problem}.`,
      actual: ans.body,
      evidence: ["[S1]", "[S8]"],
      rfc: "RFC 7644 §3.4.2",
    });
    return undefined;
  }
  return { total: list.totalResults, resources: list.resources };
}

/** Whether a resource came back with `members` although Entra asked to exclude them (§1.6 [S1] [S8]). */
export function checkMembersExcluded(ctx: StepContext, ex: Exchange, resource: JsonRecord): boolean {
  if (getCI(resource, "members") === undefined) return true;
  report(ctx, ex, {
    ruleId: ENTRA_RULE.excludedMembers,
    message:
      "excludedAttributes=members must be honoured: returning members makes Entra log SystemForCrossDomainIdentityManagementMultipleEntriesInResponse [S8].",
    expected: "no members attribute",
    actual: getCI(resource, "members"),
    evidence: ["[S1]", "[S8]"],
    rfc: "RFC 7644 §3.9",
  });
  return false;
}

/** The error `detail` of a SCIM error body, for messages. */
export function errorDetail(body: unknown): string {
  const detail = isRecord(body) ? getCI(body, "detail") : undefined;
  return typeof detail === "string" ? `: ${detail}` : "";
}
