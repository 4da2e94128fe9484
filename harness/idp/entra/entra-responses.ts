/**
 * What Entra ID requires of each answer (§1.8, §1.9 [S1] [S4] [S8]) and what it does when an answer breaks
 * it: quarantine (401, 404 on a filter), a retry in the next cycle (5xx, 429, timeouts, transport errors;
 * simulated by one immediate retry), or a failed object (a finding). Severity: `error` when Entra fails the
 * object or quarantines, `warning` when it only degrades.
 */
import type { Exchange } from "../../http/exchange.ts";
import { quarantineNow } from "../common/model-memory.ts";
import { getCI, isRecord, parseListResponse } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import type { ModelFinding, PlannedRequest, StepContext } from "../idp-model.ts";

/** The rule ids of Entra findings. */
export const ENTRA_RULE = {
  filterMissEmptyList: "entra.filter-miss-empty-list",
  filterSupported: "entra.filter-supported",
  filterHonoured: "entra.filter-honoured",
  listResponse: "entra.list-response",
  singleMatch: "entra.single-match",
  create201: "entra.create-201-with-id",
  createConflict: "entra.create-conflict",
  conflictScimType: "entra.conflict-scimtype",
  userPatch: "entra.user-patch-2xx",
  patchApplied: "entra.patch-applied",
  groupPatch: "entra.group-patch-204",
  delete204: "entra.delete-204",
  linkedObject: "entra.linked-object-get-200",
  excludedMembers: "entra.excluded-members-honoured",
  roundTrip: "entra.round-trip-fidelity",
  jsonResponse: "entra.scim-json-response",
  timeout: "entra.response-within-60s",
  throttled: "entra.no-429",
  retryExhausted: "entra.retry-exhausted",
  authorized: "entra.authorized",
} as const;

/** Short finding titles by rule id. */
const ENTRA_TITLES: Record<string, string> = {
  [ENTRA_RULE.filterMissEmptyList]: "A filter miss must be 200 with an empty ListResponse",
  [ENTRA_RULE.filterSupported]: "Entra's eq filter is not supported",
  [ENTRA_RULE.filterHonoured]: "The filter is not honoured",
  [ENTRA_RULE.listResponse]: "Not a valid ListResponse",
  [ENTRA_RULE.singleMatch]: "DuplicateTargetEntries: more than one match",
  [ENTRA_RULE.create201]: "Create must answer 201 with an id",
  [ENTRA_RULE.createConflict]: "EntryConflict: 409 on create after a lookup miss",
  [ENTRA_RULE.conflictScimType]: 'A 409 without scimType "uniqueness"',
  [ENTRA_RULE.userPatch]: "User PATCH rejected",
  [ENTRA_RULE.patchApplied]: "User PATCH answered 200 but was not applied",
  [ENTRA_RULE.groupPatch]: "Group PATCH should answer 204",
  [ENTRA_RULE.delete204]: "DELETE should answer 204",
  [ENTRA_RULE.linkedObject]: "A linked object cannot be read by id (InvalidAnchor)",
  [ENTRA_RULE.excludedMembers]: "excludedAttributes=members not honoured",
  [ENTRA_RULE.roundTrip]: "Values do not round-trip",
  [ENTRA_RULE.jsonResponse]: "Unparsable answer (ServiceIncompatible)",
  [ENTRA_RULE.timeout]: "No answer within Entra's 60 s",
  [ENTRA_RULE.throttled]: "429 to a non-gallery Entra job",
  [ENTRA_RULE.retryExhausted]: "The request failed again on retry",
  [ENTRA_RULE.authorized]: "Authenticated but not authorized (403/405)",
};

/** An answer the generic rules let through: any status the caller has to judge. */
export interface Answer {
  ex: Exchange;
  status: number;
  body: unknown;
}

/** What a request is for, which decides how a 404 or an empty body is judged. */
export type Purpose = "filter" | "read" | "write";

/** Reports a finding against one exchange. */
export function report(
  ctx: StepContext,
  ex: Exchange,
  finding: Omit<ModelFinding, "exchangeId" | "title"> & { title?: string },
): void {
  ctx.fail({ title: ENTRA_TITLES[finding.ruleId] ?? finding.ruleId, ...finding, exchangeId: ex.id });
}

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
    severity: "error",
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
      severity: "error",
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
      severity: "warning",
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
      severity: "error",
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
      severity: "error",
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
      severity: "error",
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
      severity: "error",
      message:
        "Entra cannot parse the answer: SystemForCrossDomainIdentityManagementServiceIncompatible [S8].",
      actual: describe(ex),
      evidence: kind === "htmlBody" ? ["[S8]", "[C12]", "B12"] : ["[S8]"],
      rfc: "RFC 7644 §3.1",
    });
    return "stop";
  }
  return "ok"; // the content type is checked for every IdP by the runner (http.scim-content-type)
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
      severity: "error",
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
      severity: "error",
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
    severity: "error",
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
