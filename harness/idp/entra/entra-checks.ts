/**
 * Entra's expectations of create, read, update and delete answers (§1.5, §1.6, §1.8 [S1] [S8]).
 * Each check reports findings and tells the flow whether Entra would carry on.
 */
import { getCI, isRecord, readPath, resourceId, sameValue } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import type { StepContext } from "../idp-model.ts";
import type { Answer } from "./entra-responses.ts";
import { SHARED_RULE } from "../../rules/http-rules.ts";
import { ENTRA_RULE, errorDetail, report } from "./entra-responses.ts";

const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** The new resource's `id` after a POST (201 with `id` [S1]); 409 is Entra's EntryConflict path [S8]. */
export function checkCreated(ctx: StepContext, ans: Answer, kind: "User" | "Group"): string | undefined {
  if (ans.status === 409) {
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.createConflict,
      message: `POST /${kind}s answered 409 after the lookup found nothing: Entra logs EntryConflict and does not resolve it itself [S8]; after a timed-out create it loops on 409 (B13) [S19].`,
      expected: 201,
      actual: `409${errorDetail(ans.body)}`,
      evidence: ["[S8]", "[S19]", "B13", "B14"],
    });
    if (getCI(ans.body, "scimType") !== "uniqueness") {
      report(ctx, ans.ex, {
        ruleId: ENTRA_RULE.conflictScimType,
        message: 'A 409 for an existing resource should carry scimType "uniqueness" (B14).',
        expected: "uniqueness",
        actual: getCI(ans.body, "scimType") ?? "(none)",
        evidence: ["B14"],
        rfc: "RFC 7644 §3.12",
      });
    }
    return undefined;
  }
  const id = is2xx(ans.status) ? resourceId(ans.body) : undefined;
  if (id === undefined) {
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.create201,
      message: `POST /${kind}s must answer 201 Created with the resource and its server-assigned id [S1].`,
      expected: "201 with id",
      actual: is2xx(ans.status)
        ? `HTTP ${ans.status} without id`
        : `HTTP ${ans.status}${errorDetail(ans.body)}`,
      evidence: ["[S1]"],
      rfc: "RFC 7644 §3.3",
    });
    return undefined;
  }
  if (ans.status !== 201) {
    report(ctx, ans.ex, {
      ruleId: SHARED_RULE.createStatus201,
      message: `POST /${kind}s must answer 201 Created (RFC 7644 §3.3, [S1]); HTTP ${ans.status} was accepted by Entra.`,
      expected: 201,
      actual: ans.status,
      evidence: ["[S1]"],
      rfc: "RFC 7644 §3.3",
    });
  }
  return id;
}

const isNoTarget = (body: unknown): boolean =>
  String(getCI(body, "scimType") ?? "").toLowerCase() === "notarget";

/** Whether the PATCH sent holds a Replace on a filtered path (`emails[type eq "work"].value`). */
function replacesFilteredPath(ans: Answer): boolean {
  const operations = getCI(ans.ex.intent.body, "Operations");
  return (
    Array.isArray(operations) &&
    operations.some(
      (op) =>
        isRecord(op) &&
        String(getCI(op, "op")).toLowerCase() === "replace" &&
        /\[.*\]/.test(String(getCI(op, "path") ?? "")),
    )
  );
}

/**
 * A user PATCH must answer 200 with the user or 204 [S1] [S13]; a 400 noTarget to a Replace on a filtered
 * path that matches nothing is RFC-correct (§3.5.2.3) and only a warning (Entra's add reading is [C14]). A 200 that returns the resource must hold
 * what was sent, otherwise the server ignored the operation (string booleans B1, path-less dotted keys B5).
 */
export function checkUserPatch(
  ctx: StepContext,
  ans: Answer,
  sent: ReadonlyArray<readonly [string, unknown]>,
  evidence: string[],
): boolean {
  if (ans.status === 400 && isNoTarget(ans.body) && replacesFilteredPath(ans)) {
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.filteredReplaceNoTarget, // RFC-correct: an IdP incompatibility, a warning
      message:
        "The SP answered 400 noTarget to a Replace on a filtered path that matches no element, as RFC 7644 §3.5.2.3 requires; Entra treats such a Replace as an add [C14], so this change fails in Entra until the element exists.",
      expected: [200, 204],
      actual: `HTTP ${ans.status}${errorDetail(ans.body)}`,
      evidence: [...evidence, "[C14]", "B10"],
      rfc: "RFC 7644 §3.5.2.3",
    });
    return false;
  }
  if (!is2xx(ans.status)) {
    const conflict = ans.status === 409 ? ["[S21]", "B23"] : [];
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.userPatch,
      message: `A user PATCH must answer 200 or 204 [S1]; Entra logs the failure and retries the update every cycle [S3].`,
      expected: [200, 204],
      actual: `HTTP ${ans.status}${errorDetail(ans.body)}`,
      evidence: [...evidence, ...conflict],
      rfc: "RFC 7644 §3.5.2",
    });
    return false;
  }
  if (ans.status === 200 && isRecord(ans.body) && resourceId(ans.body) !== undefined) {
    const ignored = sent.filter(([path, value]) => {
      const got = readPath(ans.body, path);
      return got !== undefined && !sameValue(value, got);
    });
    if (ignored.length > 0) {
      report(ctx, ans.ex, {
        ruleId: ENTRA_RULE.patchApplied,
        message: `The PATCH answered 200 but the returned user does not hold what was sent (${ignored.map(([p]) => p).join(", ")}): the operation was ignored.`,
        expected: Object.fromEntries(ignored),
        actual: Object.fromEntries(ignored.map(([path]) => [path, readPath(ans.body, path)])),
        evidence,
        rfc: "RFC 7644 §3.5.2",
      });
      return false;
    }
  }
  return true;
}

/** A group PATCH should answer 204; a body with all the members "isn't advisable" [S1]. */
export function checkGroupPatch(ctx: StepContext, ans: Answer, evidence: string[]): boolean {
  if (ans.status === 204) return true;
  if (is2xx(ans.status)) {
    const members = getCI(ans.body, "members");
    report(ctx, ans.ex, {
      ruleId: ENTRA_RULE.groupPatch204,
      message: `Group PATCH should yield 204 No Content [S1]${Array.isArray(members) ? "; returning a body with the list of members isn't advisable" : ""}.`,
      expected: 204,
      actual: ans.status,
      evidence: ["[S1]"],
    });
    return true;
  }
  report(ctx, ans.ex, {
    ruleId: ENTRA_RULE.groupPatch,
    message: `A group PATCH failed (HTTP ${ans.status}${errorDetail(ans.body)}); Entra expects 204 [S1] and retries next cycle [S3].`,
    expected: 204,
    actual: ans.status,
    evidence: ["[S1]", ...evidence],
    rfc: "RFC 7644 §3.5.2",
  });
  return false;
}

/**
 * DELETE must answer 204 No Content (RFC 7644 §3.6 SHALL, [S1]): any other answer is the RFC rule the
 * contract suite checks too. Entra carries on after another 2xx or a 404 (already gone).
 */
export function checkDeleted(ctx: StepContext, ans: Answer, kind: "User" | "Group"): boolean {
  if (ans.status === 204) return true;
  const ok = is2xx(ans.status) || ans.status === 404;
  report(ctx, ans.ex, {
    ruleId: SHARED_RULE.deleteStatus204,
    message: `DELETE /${kind}s/{id} must answer 204 No Content [S1]${ans.status === 404 ? " (404: already gone?)" : ""}.`,
    expected: 204,
    actual: `HTTP ${ans.status}${errorDetail(ans.body)}`,
    evidence: ["[S1]"],
    rfc: "RFC 7644 §3.6",
  });
  return ok;
}

/**
 * A GET by cached id of an object Entra created or matched must answer 200 with it, whether or not the
 * user is active [S1]; 404 is InvalidAnchor [S8].
 */
export function checkLinkedGet(
  ctx: StepContext,
  ans: Answer,
  kind: "User" | "Group",
): JsonRecord | undefined {
  if (ans.status === 200 && isRecord(ans.body) && resourceId(ans.body) !== undefined) return ans.body;
  report(ctx, ans.ex, {
    ruleId: ENTRA_RULE.linkedObject,
    message:
      ans.status === 404
        ? `A ${kind.toLowerCase()} Entra linked answers 404: InvalidAnchor [S8]. Users must be returned whether or not they are active; only a hard delete removes them [S1].`
        : `GET /${kind}s/{id} must answer 200 with the resource and its id [S1].`,
    expected: "200 with the resource",
    actual: `HTTP ${ans.status}${errorDetail(ans.body)}`,
    evidence: ["[S1]", "[S8]"],
    rfc: "RFC 7644 §3.4.1",
  });
  return undefined;
}
