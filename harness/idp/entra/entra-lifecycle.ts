/**
 * Entra's user lifecycle after provisioning: incremental updates (§1.5.3–§1.5.4), the manager second pass
 * (§1.5.5), disable in its four variants (§1.5.6), re-enable (inferred, §1.5.7), unassign and hard delete
 * (§1.5.8 [S3]).
 */
import { getCI, isAbsent, readPath, sameValue } from "../common/scim-read.ts";
import { applyUserChanges, coveringGroups, inScope } from "../common/source-directory.ts";
import type { UserChanges } from "../common/source-directory.ts";
import { userRecord } from "../directory-state.ts";
import { checkDeleted, checkUserPatch } from "./entra-checks.ts";
import type { EntraFlow, Flow } from "./entra-flow.ts";
import { claimMain, userPath } from "./entra-flow.ts";
import { diffAttributes, entraUserAttributes, MANAGER_PATH } from "./entra-mapping.ts";
import type { DisableVariant } from "./entra-options.ts";
import { activeBody, entraRequest, managerPatchBody } from "./entra-requests.ts";
import { ENTRA_RULE, entraSend } from "./entra-responses.ts";
import { provisionUser, sendUserPatch } from "./entra-users.ts";

const VARIANT_EVIDENCE: Record<DisableVariant, string[]> = {
  a: ["[S2]", "[C10]", "B1", "B2"],
  b: ["[S2]"],
  c: ["[S1]", "B2"],
  d: ["[C8]", "B1", "B2", "B3"],
};

/**
 * The manager second pass (§1.5.5): once the user and its manager exist, Add / Replace the manager id, or
 * remove it. A manager not yet provisioned is set in a later pass [S7]. Reads the value the target returned
 * in this step when there is one, else what Entra last exported. `main`: the PATCH may be the step's main
 * request (an update whose only change is the manager).
 */
export function* managerPass(f: EntraFlow, key: string, main = false): Flow {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return false;
  const fetched = f.fetched.get(key);
  const have: unknown =
    fetched !== undefined ? readPath(fetched, MANAGER_PATH) : record.lastExported?.[MANAGER_PATH];
  const managerKey = record.source.manager;
  const desired = managerKey === undefined ? undefined : f.ctx.state.users.get(managerKey)?.targetId;
  if (managerKey !== undefined && desired === undefined) {
    f.ctx.note(
      `user ${key}: manager ${managerKey} not provisioned yet; the reference is set in a later pass [S7]`,
    );
    return true;
  }
  if (desired === undefined ? isAbsent(have) : sameValue(desired, have)) return true;
  if (fetched !== undefined && desired !== undefined && record.lastExported?.[MANAGER_PATH] === desired) {
    f.ctx.fail({
      ruleId: ENTRA_RULE.roundTrip,
      title: "Manager does not round-trip",
      message: `The target does not return the manager Entra set on user ${key} in a form it can compare; Entra re-PATCHes it every cycle [C3] (B11).`,
      expected: desired,
      actual: have ?? null,
      evidence: ["[C3]", "B11"],
    });
  }
  const flag = f.opts.aadOptscim062020;
  const oldId = typeof have === "string" ? have : String(getCI(have, "value") ?? "");
  const change =
    desired === undefined
      ? ({ op: "Remove", oldManagerId: oldId } as const)
      : ({ op: isAbsent(have) ? "Add" : "Replace", managerId: desired } as const);
  const evidence = desired === undefined ? ["[C6]", "B11"] : ["[C7]", "[S1]", "B11"];
  const request = entraRequest(
    "update",
    `Manager of ${key}: ${change.op}`,
    "PATCH",
    userPath(record.targetId),
    {
      body: managerPatchBody(change, flag, MANAGER_PATH),
      main: claimMain(f, main),
      evidence,
      ...(flag ? {} : { inferred: true }),
    },
  );
  const ans = yield* entraSend(f.ctx, request, "write");
  if (ans === undefined) return false;
  if (!checkUserPatch(f.ctx, ans, desired === undefined ? [] : [[MANAGER_PATH, desired]], evidence))
    return false;
  f.ctx.state.recordExport(key, { [MANAGER_PATH]: desired });
  return true;
}

/** An incremental change (E4): PATCH what changed since the last export, then the manager pass. */
export function* updateUser(f: EntraFlow, key: string, set: UserChanges): Flow {
  const record = userRecord(f.ctx.state, key);
  applyUserChanges(f.ctx.state, key, set);
  if (!inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not in scope: Entra sends nothing [S3]`);
    return true;
  }
  let ok = true;
  if (record.targetId === undefined) ok = yield* provisionUser(f, key, true);
  else {
    const changes = diffAttributes(
      entraUserAttributes(record.source, f.opts.mapping),
      (path) => record.lastExported?.[path],
    );
    if (changes.length > 0) ok = yield* sendUserPatch(f, key, changes, true);
    else f.ctx.note(`user ${key}: no mapped attribute changed; no PATCH`);
  }
  if (ok && f.opts.manager && "manager" in set) ok = yield* managerPass(f, key, true);
  return ok;
}

/** PATCH `active` with one of the §1.5.6 bodies (re-enable: same shape with true, inferred §1.5.7). */
export function* setActive(f: EntraFlow, key: string, active: boolean, variant: DisableVariant): Flow {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) {
    f.ctx.note(`user ${key} was never provisioned: nothing to ${active ? "enable" : "disable"}`);
    return true;
  }
  const evidence = VARIANT_EVIDENCE[variant];
  const request = entraRequest(
    "update",
    `${active ? "Re-enable" : "Disable"} user ${key} (variant ${variant})`,
    "PATCH",
    userPath(record.targetId),
    {
      body: activeBody(variant, active),
      main: claimMain(f),
      evidence,
      ...(active ? { inferred: true } : {}),
    },
  );
  const ans = yield* entraSend(f.ctx, request, "write");
  if (ans === undefined) return false;
  if (!checkUserPatch(f.ctx, ans, [["active", active]], evidence)) return false;
  f.ctx.state.recordExport(key, { active });
  return true;
}

/** Disable / soft delete in Entra (E5): the source account is disabled, the user gets `active` false. */
export function* disableUser(f: EntraFlow, key: string, variant: DisableVariant): Flow {
  f.ctx.state.changeSource(key, { active: false });
  if (!inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not in scope: Entra no longer manages it and sends nothing [S3]`);
    return true;
  }
  return yield* setActive(f, key, false, variant);
}

/** Re-enable / restore (inferred §1.5.7): `active` true in the dialect's form. */
export function* enableUser(f: EntraFlow, key: string, variant: DisableVariant): Flow {
  f.ctx.state.changeSource(key, { active: true });
  if (!inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not in scope: Entra sends nothing [S3]`);
    return true;
  }
  return yield* setActive(f, key, true, variant);
}

/** Unassign (E5): out of scope, so disabled via an update, and no longer managed [S3]. */
export function* unassignUser(f: EntraFlow, key: string, variant: DisableVariant): Flow {
  f.ctx.state.setUserAssigned(key, false);
  const groups = coveringGroups(f.ctx.state, key);
  if (groups.length > 0) {
    f.ctx.note(`user ${key} stays in scope through group(s) ${groups.join(", ")}: nothing sent`);
    return true;
  }
  return yield* setActive(f, key, false, variant);
}

/** Hard delete (E7): `DELETE /Users/{id}` → 204, only while the user is still managed [S3]. */
export function* deleteUser(f: EntraFlow, key: string): Flow {
  const record = userRecord(f.ctx.state, key);
  if (!inScope(f.ctx.state, key)) {
    f.ctx.note(
      `user ${key} was unassigned earlier: the service stopped managing it, so no DELETE is sent when it is deleted [S3]`,
    );
    return true;
  }
  if (record.targetId === undefined) {
    f.ctx.note(`user ${key} was never provisioned: nothing to delete`);
    return true;
  }
  const request = entraRequest("delete", `Delete user ${key}`, "DELETE", userPath(record.targetId), {
    main: claimMain(f),
    evidence: ["[S1]", "[S3]"],
  });
  const ans = yield* entraSend(f.ctx, request, "write");
  if (ans === undefined || !checkDeleted(f.ctx, ans, "User")) return false;
  f.ctx.state.forgetUser(key);
  return true;
}
