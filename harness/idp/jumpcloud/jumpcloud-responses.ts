/**
 * What the JumpCloud model requires of answers. JumpCloud documents no retry or error policy (§2.3, §2.7
 * item 6), so nothing is retried: a failure fails the operation (a finding, as a Directory Insights
 * `*_provision` error event would [J1]). A 401 stops the sync until the token is updated (deactivate →
 * new token → reactivate, seed 002; modelled as a quarantine, inferred).
 */
import { answerLine, reportAt } from "../common/model-flow.ts";
import type { Exchange } from "../../http/exchange.ts";
import { quarantineNow } from "../common/model-memory.ts";
import { getCI, isAbsent, isRecord, parseListResponse, resourceId } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import { JC_RULE } from "../../rules/jumpcloud-rules.ts";
import { SHARED_RULE } from "../../rules/http-rules.ts";
import type { PlannedRequest, StepContext } from "../idp-model.ts";

/** The rule ids of JumpCloud findings (catalogued in harness/rules/jumpcloud-rules.ts). */
export { JC_RULE } from "../../rules/jumpcloud-rules.ts";

/** An answer that passed the generic rules. */
export interface JcAnswer {
  ex: Exchange;
  status: number;
  body: unknown;
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** Reports a finding against one exchange. */
export const jcReport = reportAt;

const detail = answerLine;

/**
 * Sends one request; returns the answer, or undefined when the operation stops (already reported).
 * `lookup` marks filter queries, where a miss must be an empty ListResponse, not 404 (B9).
 */
export function* jcSend(
  ctx: StepContext,
  request: PlannedRequest,
  lookup = false,
): Generator<PlannedRequest, JcAnswer | undefined, Exchange> {
  const ex = yield request;
  const status = ex.response?.status;
  const kind = ex.error?.kind;
  if (status === 401) {
    const reason = `JumpCloud: ${detail(ex)}; syncing stops until the SCIM token is updated (deactivate the integration, update the token, reactivate — seed 002; inferred)`;
    quarantineNow(ctx, reason, ["seed 002", "[J1]"], ex.id);
    return undefined;
  }
  if (status === undefined || status >= 500 || status === 429) {
    jcReport(ctx, ex, {
      ruleId: JC_RULE.requestFailed,
      message: `${detail(ex)}. JumpCloud's retry policy is not documented (§2.7); the operation fails and shows as a Directory Insights error [J1].`,
      evidence: ["[J1]"],
    });
    return undefined;
  }
  if (lookup && status === 404) {
    jcReport(ctx, ex, {
      ruleId: JC_RULE.lookupList,
      message:
        "A lookup that matches nothing must answer 200 with an empty ListResponse, not 404 (B9); JumpCloud logs user_lookup_provision [J1].",
      expected: 200,
      actual: status,
      evidence: ["[J1]", "B9"],
      rfc: "RFC 7644 §3.4.2",
    });
    return undefined;
  }
  const emptyOk = kind === "emptyBody" && ex.request.method !== "POST" && !lookup;
  if (kind !== undefined && !emptyOk) {
    jcReport(ctx, ex, {
      ruleId: JC_RULE.jsonResponse,
      message: `${detail(ex)}: SCIM answers are JSON.`,
      evidence: kind === "htmlBody" ? ["B12"] : [],
      rfc: "RFC 7644 §3.1",
    });
    return undefined;
  }
  return { ex, status: status, body: ex.response?.body };
}

/** The resources of a lookup answer (200 + ListResponse), or undefined after a finding. */
export function jcReadList(ctx: StepContext, ans: JcAnswer): JsonRecord[] | undefined {
  const list = ans.status === 200 ? parseListResponse(ans.body) : undefined;
  if (list?.ok === true) return list.resources;
  jcReport(ctx, ans.ex, {
    ruleId: JC_RULE.lookupList,
    message: `A lookup must answer 200 with a ListResponse${list?.ok === false ? ` (${list.problem})` : ""}; JumpCloud logs user_lookup_provision [J1].`,
    expected: 200,
    actual: ans.status,
    evidence: ["[J1]"],
    rfc: "RFC 7644 §3.4.2",
  });
  return undefined;
}

/** The new id after POST: 201 with `id` (RFC 7644 §3.3). */
export function jcCreated(ctx: StepContext, ans: JcAnswer, kind: "User" | "Group"): string | undefined {
  const id = is2xx(ans.status) ? resourceId(ans.body) : undefined;
  if (id === undefined || ans.status !== 201) {
    jcReport(ctx, ans.ex, {
      // A 2xx with an id is the RFC rule (also a contract check); without an id JumpCloud cannot link it.
      ruleId: id === undefined ? JC_RULE.create201 : SHARED_RULE.createStatus201,
      message: `POST /${kind}s should answer 201 Created with the new resource and its id (${detail(ans.ex)}); JumpCloud logs ${kind.toLowerCase()}_create_provision [J1].`,
      expected: "201 with id",
      actual: ans.status,
      evidence: ["[J1]"],
      rfc: "RFC 7644 §3.3",
    });
  }
  return id;
}

/**
 * A user PUT must succeed (B15: PUT not implemented), and replace: an attribute sent as null or [] must not
 * come back with values (RFC 7644 §3.5.1; RFC 7643 §2.5; B16 [J6]).
 */
export function jcPutDone(ctx: StepContext, ans: JcAnswer, sent: Record<string, unknown>): boolean {
  if (!is2xx(ans.status)) {
    const unsupported = [404, 405, 501].includes(ans.status);
    jcReport(ctx, ans.ex, {
      ruleId: JC_RULE.putSupported,
      message: `JumpCloud updates users by PUT (§2.4.2 [J6]); ${detail(ans.ex)}.`,
      expected: 200,
      actual: ans.status,
      evidence: unsupported ? ["[J6]", "B15"] : ["[J6]"],
      rfc: "RFC 7644 §3.5.1",
    });
    return false;
  }
  if (isRecord(ans.body)) {
    const kept = Object.keys(sent).filter(
      (name) =>
        (sent[name] === null || (Array.isArray(sent[name]) && sent[name].length === 0)) &&
        !isAbsent(getCI(ans.body, name)),
    );
    if (kept.length > 0) {
      jcReport(ctx, ans.ex, {
        ruleId: JC_RULE.putReplaces,
        message: `PUT replaces the resource: ${kept.join(", ")} sent as null/[] still hold values afterwards (merge instead of replace, B16).`,
        expected: Object.fromEntries(kept.map((k) => [k, sent[k]])),
        actual: Object.fromEntries(kept.map((k) => [k, getCI(ans.body, k)])),
        evidence: ["[J6]", "B16"],
        rfc: "RFC 7644 §3.5.1",
      });
    }
  }
  return true;
}

/** A PATCH or DELETE must answer 2xx; `rule` names which. */
export function jcSucceeded(
  ctx: StepContext,
  ans: JcAnswer,
  rule: "patch" | "delete",
  evidence: string[],
): boolean {
  if (is2xx(ans.status)) return true;
  jcReport(ctx, ans.ex, {
    ruleId: rule === "patch" ? JC_RULE.patch2xx : JC_RULE.delete2xx,
    message: `${detail(ans.ex)}; the operation fails [J1].`,
    expected: rule === "patch" ? [200, 204] : 204,
    actual: ans.status,
    evidence,
    rfc: rule === "patch" ? "RFC 7644 §3.5.2" : "RFC 7644 §3.6",
  });
  return false;
}
