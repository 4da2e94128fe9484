/**
 * JumpCloud group flows ([J4], seed 002, JC5–JC9): a bound group is pushed only once it has members (no
 * empty groups), an existing group with the same name is taken over, memberships go by value-array PATCH
 * ([J7] [J8]), and members that lose their last managed group are deactivated (disassociate, delete).
 */
import { isQuarantined } from "../common/model-memory.ts";
import { resourceId } from "../common/scim-read.ts";
import { droppedOutOfScope, runScoped } from "../common/source-directory.ts";
import { groupRecord } from "../directory-state.ts";
import type { GroupRecord } from "../directory-state.ts";
import {
  addMembersBody,
  createGroupBody,
  groupLookupPath,
  groupPutBody,
  removeMembersBody,
  renamePatchBody,
} from "./jumpcloud-requests.ts";
import { JC_RULE, jcCreated, jcReadList, jcReport, jcSend, jcSucceeded } from "./jumpcloud-responses.ts";
import type { JcFlow, JcGen } from "./jumpcloud-users.ts";
import { jcRequest, provisionAll, setActive } from "./jumpcloud-users.ts";

const groupsPath = (id: string): string => `/Groups/${encodeURIComponent(id)}`;

function targetIds(f: JcFlow, keys: Iterable<string>): string[] {
  return [...keys]
    .map((k) => f.ctx.state.users.get(k)?.targetId)
    .filter((id): id is string => id !== undefined);
}

/** JC5: take over a same-named group (inferred lookup [J4]) or create it (inferred body). */
function* takeOverOrCreate(f: JcFlow, group: GroupRecord): JcGen {
  const lookup = jcRequest(
    f,
    "lookup",
    `Look up group ${group.key} by name`,
    "GET",
    groupLookupPath(group.displayName),
    {
      inferred: true,
      evidence: ["[J4]", "seed 002"],
    },
  );
  const ans = yield* jcSend(f.ctx, lookup, true);
  const found = ans && jcReadList(f.ctx, ans);
  if (ans === undefined || found === undefined) return false;
  if (found.length > 1) {
    jcReport(f.ctx, ans.ex, {
      ruleId: JC_RULE.singleMatch,
      message: `${found.length} groups are named "${group.displayName}": JumpCloud cannot take over one by name [J4].`,
      expected: 1,
      actual: found.length,
      evidence: ["[J4]"],
    });
    return false;
  }
  const existing = resourceId(found[0]);
  if (existing !== undefined) {
    f.ctx.state.linkGroup(group.key, existing, false);
    f.ctx.note(
      `group ${group.key}: an existing group of the same name is taken over (inferred, [J4] seed 002)`,
    );
    return true;
  }
  const create = jcRequest(f, "create", `Create group ${group.key}`, "POST", "/Groups", {
    body: createGroupBody(group.displayName),
    main: true,
    inferred: true,
    evidence: ["[J1]", "[J4]"],
  });
  const created = yield* jcSend(f.ctx, create);
  const id = created && jcCreated(f.ctx, created, "Group");
  if (id === undefined) return false;
  f.ctx.state.linkGroup(group.key, id, true);
  return true;
}

/** Pushes membership differences: one `add` and one `remove` PATCH with value arrays [J7] [J8]. */
function* pushMembers(f: JcFlow, group: GroupRecord): JcGen {
  if (group.targetId === undefined) return false;
  const users = f.ctx.state.users;
  const toAdd = [...group.members].filter(
    (k) => !group.exportedMembers.has(k) && users.get(k)?.targetId !== undefined,
  );
  if (toAdd.length > 0) {
    const request = jcRequest(
      f,
      "membership",
      `Add members to ${group.key}: ${toAdd.join(", ")}`,
      "PATCH",
      groupsPath(group.targetId),
      {
        body: addMembersBody(targetIds(f, toAdd)),
        main: true,
        evidence: ["[J7]", "[J8]", "B7"],
      },
    );
    const ans = yield* jcSend(f.ctx, request);
    if (ans === undefined || !jcSucceeded(f.ctx, ans, "patch", ["[J7]", "B7"])) return false;
    f.ctx.state.recordMembersExported(group.key, toAdd);
  }
  const toRemove = [...group.exportedMembers].filter((k) => !group.members.has(k));
  const removeIds = targetIds(f, toRemove);
  const removalEvidence = f.opts.memberRemoval === "filter" ? ["[J9]", "B25"] : ["[J7]", "[J8]", "B4"];
  if (removeIds.length > 0) {
    const request = jcRequest(
      f,
      "membership",
      `Remove members from ${group.key}: ${toRemove.join(", ")}`,
      "PATCH",
      groupsPath(group.targetId),
      {
        body: removeMembersBody(removeIds, f.opts.memberRemoval),
        main: true,
        evidence: removalEvidence,
        ...(f.opts.memberRemoval === "filter" ? { inferred: true } : {}),
      },
    );
    const ans = yield* jcSend(f.ctx, request);
    if (ans === undefined || !jcSucceeded(f.ctx, ans, "patch", removalEvidence)) return false;
  }
  f.ctx.state.recordMembersRemoved(group.key, toRemove);
  return true;
}

/** A bound group: provision its members, then push the group once it has members (no empty groups [J4]). */
function* syncGroup(f: JcFlow, group: GroupRecord): JcGen {
  if (!(yield* provisionAll(f, group.members, !f.opts.groupManagement))) return false;
  if (!f.opts.groupManagement) {
    f.ctx.note(
      `group management is off: group ${group.key} is not pushed, only its members are provisioned [J4]`,
    );
    return true;
  }
  if (group.targetId === undefined) {
    if (group.members.size === 0) {
      f.ctx.note(
        `group ${group.key} has no members: empty groups are not created [J4] (seed 002); nothing sent`,
      );
      return true;
    }
    if (!(yield* takeOverOrCreate(f, group))) return false;
  }
  return yield* pushMembers(f, group);
}

/** Deactivates the linked users of `keys` that no bound group or direct binding covers any more ([J4], seed 002). */
function* deactivateUncovered(f: JcFlow, keys: Iterable<string>): JcGen {
  for (const key of droppedOutOfScope(f.ctx.state, keys)) {
    if (f.ctx.state.users.get(key)?.lastExported?.active === false) continue;
    f.ctx.note(`user ${key} is no longer in a managed group: deactivated ([J4], seed 002; method inferred)`);
    if (!(yield* setActive(f, key, false, f.opts.deactivateMethod))) return false;
    if (isQuarantined(f.ctx.state)) return false;
  }
  return true;
}

/** Bind a group to the app (JC5). */
export function* assignGroup(f: JcFlow, key: string): JcGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.setGroupAssigned(key, true);
  return yield* syncGroup(f, group);
}

/** JC5 / JC6: add members; the first member of an unpushed group pushes it. */
export function* addMembers(f: JcFlow, key: string, users: readonly string[]): JcGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.addMembers(key, users);
  if (!group.assigned) {
    f.ctx.note(`group ${key} is not bound to the app: nothing sent`);
    return true;
  }
  return yield* syncGroup(f, group);
}

/** JC6: remove members by value array, then deactivate those no longer covered (inferred). */
export function* removeMembers(f: JcFlow, key: string, users: readonly string[]): JcGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.removeMembers(key, users);
  if (!group.assigned) {
    f.ctx.note(`group ${key} is not bound to the app: nothing sent`);
    return true;
  }
  if (group.targetId !== undefined && f.opts.groupManagement && !(yield* pushMembers(f, group))) return false;
  return yield* deactivateUncovered(f, users);
}

/** JC7: rename by PATCH or PUT (option `renameMethod`; both inferred). */
export function* renameGroup(f: JcFlow, key: string, to: string): JcGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.renameGroup(key, runScoped(f.ctx.state, to));
  if (!group.assigned || group.targetId === undefined || !f.opts.groupManagement) {
    f.ctx.note(`group ${key} is not pushed: the rename is only recorded`);
    return true;
  }
  const put = f.opts.renameMethod === "put";
  const request = jcRequest(
    f,
    "update",
    `Rename group ${key} (${put ? "PUT" : "PATCH"})`,
    put ? "PUT" : "PATCH",
    groupsPath(group.targetId),
    {
      body: put
        ? groupPutBody(group.targetId, group.displayName, targetIds(f, group.exportedMembers))
        : renamePatchBody(group.displayName),
      main: true,
      inferred: true,
      evidence: ["[J4]", "[J1]"],
    },
  );
  const ans = yield* jcSend(f.ctx, request);
  return ans !== undefined && jcSucceeded(f.ctx, ans, "patch", put ? ["[J4]", "B15"] : ["[J4]", "B6"]);
}

/** JC8: the group is deleted in the app, then its uncovered members are deactivated ([J4], seed 002). */
export function* deleteGroup(f: JcFlow, key: string): JcGen {
  const group = groupRecord(f.ctx.state, key);
  const pushed = group.assigned && group.targetId !== undefined && f.opts.groupManagement;
  f.ctx.state.setGroupAssigned(key, false);
  if (pushed && group.targetId !== undefined) {
    const request = jcRequest(f, "delete", `Delete group ${key}`, "DELETE", groupsPath(group.targetId), {
      main: true,
      inferred: true,
      evidence: ["[J4]", "seed 002"],
    });
    const ans = yield* jcSend(f.ctx, request);
    if (ans === undefined || !jcSucceeded(f.ctx, ans, "delete", ["[J4]"])) return false;
    f.ctx.state.forgetGroup(key);
  }
  return yield* deactivateUncovered(f, group.members);
}

/** JC9: syncing stops, the group is left as-is (no group call), uncovered members are deactivated ([J4], seed 002). */
export function* disassociateGroup(f: JcFlow, key: string): JcGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.setGroupAssigned(key, false);
  f.ctx.note(`group ${key} disassociated: left as-is in the application, no group request [J4] (seed 002)`);
  return yield* deactivateUncovered(f, group.members);
}
