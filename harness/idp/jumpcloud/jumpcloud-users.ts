/**
 * JumpCloud user flows (§2.3–§2.4, JC2–JC4): bind (lookup, create), attribute
 * changes by PUT, deactivate / reactivate (method inferred), delete. Every request whose wire form the
 * dossier infers carries `inferred: true`.
 */
import type { Exchange } from "../../http/exchange.ts";
import { plannedRequest, usersPath } from "../common/model-flow.ts";
import type { FlowBase, RequestExtra } from "../common/model-flow.ts";
import { isQuarantined } from "../common/model-memory.ts";
import { getCI, resourceId } from "../common/scim-read.ts";
import { applyUserChanges, coveringGroups, inScope } from "../common/source-directory.ts";
import type { UserChanges } from "../common/source-directory.ts";
import { userRecord } from "../directory-state.ts";
import type { PlannedRequest, RequestRole } from "../idp-model.ts";
import type { ActiveMethod, JumpCloudOptions } from "./jumpcloud-options.ts";
import { activePatchBody, createUserBody, putUserBody, userLookupPath } from "./jumpcloud-requests.ts";
import {
  JC_RULE,
  jcCreated,
  jcPutDone,
  jcReadList,
  jcReport,
  jcSend,
  jcSucceeded,
} from "./jumpcloud-responses.ts";

/** What every JumpCloud flow needs. */
export interface JcFlow extends FlowBase {
  opts: JumpCloudOptions;
}

/** A JumpCloud sub-flow that returns whether to carry on. */
export type JcGen<T = boolean> = Generator<PlannedRequest, T, Exchange>;

/** A planned JumpCloud request; the first one asking for `main` in a step gets it. */
export const jcRequest = (
  f: JcFlow,
  role: RequestRole,
  label: string,
  method: PlannedRequest["method"],
  path: string,
  extra: RequestExtra,
): PlannedRequest => plannedRequest(f, role, label, method, path, extra);

export { usersPath };

/** PUT the user with `active` (JC3; JC4 deactivate with method put). */
export function* putUser(
  f: JcFlow,
  key: string,
  active: boolean,
  label: string,
  inferred: boolean,
  main = true,
): JcGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return false;
  const body = putUserBody(record.source, record.targetId, f.opts, active);
  const request = jcRequest(f, "update", label, "PUT", usersPath(record.targetId), {
    body,
    main,
    inferred,
    evidence: ["[J6]", "B15", "B16", "B17"],
  });
  const ans = yield* jcSend(f.ctx, request);
  if (ans === undefined || !jcPutDone(f.ctx, ans, body)) return false;
  f.ctx.state.recordExport(key, body, true);
  return true;
}

/** Deactivate (`active` false) or reactivate by the configured method (JC4: both inferred). */
export function* setActive(f: JcFlow, key: string, active: boolean, method: ActiveMethod): JcGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return true;
  const label = `${active ? "Reactivate" : "Deactivate"} user ${key} (${method.toUpperCase()})`;
  if (method === "put") return yield* putUser(f, key, active, label, true);
  const request = jcRequest(f, "update", label, "PATCH", usersPath(record.targetId), {
    body: activePatchBody(active),
    main: true,
    inferred: true,
    evidence: ["[J1]", "[J7]"],
  });
  const ans = yield* jcSend(f.ctx, request);
  if (ans === undefined || !jcSucceeded(f.ctx, ans, "patch", ["[J7]"])) return false;
  f.ctx.state.recordExport(key, { active });
  return true;
}

/**
 * JC2: bind a user. Linked → PUT; else lookup by userName (inferred), PUT on a hit, POST on a miss.
 * `main`: whether its create / PUT may be the step's main request (not for members of a pushed group).
 */
export function* provisionUser(f: JcFlow, key: string, main = true): JcGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId !== undefined)
    return yield* putUser(f, key, record.source.active, `Update user ${key}`, false, main);
  if (f.opts.userLookup) {
    const lookup = jcRequest(
      f,
      "lookup",
      `Look up user ${key}`,
      "GET",
      userLookupPath(record.source.userName),
      {
        inferred: true,
        evidence: ["[J1]"],
      },
    );
    const ans = yield* jcSend(f.ctx, lookup, true);
    const found = ans && jcReadList(f.ctx, ans);
    if (ans === undefined || found === undefined) return false;
    if (found.length > 1) {
      jcReport(f.ctx, ans.ex, {
        ruleId: JC_RULE.singleMatch,
        message: `${found.length} users match userName "${record.source.userName}": JumpCloud cannot tell which to update (user_lookup_provision [J1]).`,
        expected: 1,
        actual: found.length,
        evidence: ["[J1]"],
      });
      return false;
    }
    const hitId = resourceId(found[0]);
    if (found[0] !== undefined && hitId !== undefined) {
      f.ctx.state.linkUser(key, hitId);
      f.ctx.note(
        `user ${key}: found by userName (${String(getCI(found[0], "userName"))}), updated by PUT instead of created (inferred, JC2)`,
      );
      return yield* putUser(f, key, record.source.active, `Update user ${key} found by lookup`, true, main);
    }
  }
  const create = jcRequest(f, "create", `Create user ${key}`, "POST", "/Users", {
    body: createUserBody(record.source, f.opts),
    main,
    evidence: ["[J6]", "[J1]"],
  });
  const ans = yield* jcSend(f.ctx, create);
  const id = ans && jcCreated(f.ctx, ans, "User");
  if (id === undefined) return false;
  f.ctx.state.linkUser(key, id);
  f.ctx.state.recordExport(key, createUserBody(record.source, f.opts), true);
  return true;
}

/**
 * Provisions every unlinked user of `keys` (members of a bound group are in scope [J4]); `main`: the first
 * create may be the step's main request (when the group itself is not pushed).
 */
export function* provisionAll(f: JcFlow, keys: Iterable<string>, main = false): JcGen {
  for (const key of keys) {
    if (f.ctx.state.users.get(key)?.targetId !== undefined) continue;
    yield* provisionUser(f, key, main);
    if (isQuarantined(f.ctx.state)) return false;
  }
  return true;
}

/** JC3: an attribute change is pushed as a full (or minimal) PUT [J6]. */
export function* updateUser(f: JcFlow, key: string, set: UserChanges): JcGen {
  const record = userRecord(f.ctx.state, key);
  applyUserChanges(f.ctx.state, key, set);
  if (!inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not bound to the app: nothing sent`);
    return true;
  }
  if (record.targetId === undefined) return yield* provisionUser(f, key);
  return yield* putUser(f, key, record.source.active, `Update user ${key}`, false);
}

/** JC4 for suspend / re-enable in JumpCloud. */
export function* changeActive(f: JcFlow, key: string, active: boolean, method: ActiveMethod): JcGen {
  const record = userRecord(f.ctx.state, key);
  f.ctx.state.changeSource(key, { active });
  if (!inScope(f.ctx.state, key) || record.targetId === undefined) {
    f.ctx.note(`user ${key} is not provisioned by JumpCloud: nothing sent`);
    return true;
  }
  return yield* setActive(f, key, active, method);
}

/** JC4 unbind: the user is deactivated unless a bound group still covers it ([J4], seed 002). */
export function* unbindUser(f: JcFlow, key: string): JcGen {
  const record = userRecord(f.ctx.state, key);
  f.ctx.state.setUserAssigned(key, false);
  const groups = coveringGroups(f.ctx.state, key);
  if (groups.length > 0 || record.targetId === undefined) {
    f.ctx.note(
      groups.length > 0
        ? `user ${key} stays bound through group(s) ${groups.join(", ")}: nothing sent`
        : `user ${key} was never provisioned`,
    );
    return true;
  }
  return yield* setActive(f, key, false, f.opts.deactivateMethod);
}

/** Delete (user_delete_provision [J1]; trigger inferred); without DELETE support, deactivate instead [J1]. */
export function* deleteUser(f: JcFlow, key: string): JcGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined || !inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not provisioned by JumpCloud: nothing sent`);
    return true;
  }
  const request = jcRequest(f, "delete", `Delete user ${key}`, "DELETE", usersPath(record.targetId), {
    main: true,
    inferred: true,
    evidence: ["[J1]"],
  });
  const ans = yield* jcSend(f.ctx, request);
  if (ans === undefined) return false;
  if ([404, 405, 501].includes(ans.status)) {
    f.ctx.note(
      `DELETE not supported (HTTP ${ans.status}): the user is deactivated instead and must be deleted manually [J1]`,
    );
    return yield* setActive(f, key, false, f.opts.deactivateMethod);
  }
  if (!jcSucceeded(f.ctx, ans, "delete", ["[J1]"])) return false;
  f.ctx.state.forgetUser(key);
  return true;
}
