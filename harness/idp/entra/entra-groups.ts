/**
 * Entra's group provisioning (§1.6 [S1], E8): members first (users before groups, §1.2 [S3]), lookup with
 * `excludedAttributes=members`, create without members, membership by PATCH (add with `$ref: null`,
 * removal by dialect), rename, delete; users that leave scope with a group are disabled (inferred, [S3]).
 */
import { isQuarantined } from "../common/model-memory.ts";
import { resourceId } from "../common/scim-read.ts";
import { droppedOutOfScope, runScoped } from "../common/source-directory.ts";
import { groupRecord } from "../directory-state.ts";
import type { GroupRecord } from "../directory-state.ts";
import { checkCreated, checkDeleted, checkGroupPatch, checkLinkedGet } from "./entra-checks.ts";
import type { EntraFlow, Flow } from "./entra-flow.ts";
import { claimMain, groupPath } from "./entra-flow.ts";
import { setActive } from "./entra-lifecycle.ts";
import {
  addMembersBody,
  createGroupBody,
  entraRequest,
  groupFilterPath,
  removeMembersBody,
  renameGroupBody,
} from "./entra-requests.ts";
import { checkMembersExcluded, ENTRA_RULE, entraSend, readFilterAnswer, report } from "./entra-responses.ts";
import { provisionUser } from "./entra-users.ts";

const inferredIfFlag = (f: EntraFlow) => (f.opts.aadOptscim062020 ? { inferred: true } : {});

/** Provisions the group's members that are not linked yet (they are in scope through the group). */
function* provisionMembers(f: EntraFlow, group: GroupRecord): Flow {
  for (const key of group.members) {
    if (f.ctx.state.users.get(key)?.targetId !== undefined) continue;
    yield* provisionUser(f, key, false);
    if (isQuarantined(f.ctx.state)) return false;
  }
  return true;
}

/** Lookup by displayName with members excluded, then create on a miss (§1.6.1 [S1], E8.1–2). */
function* matchOrCreate(f: EntraFlow, group: GroupRecord): Flow {
  const lookup = entraRequest(
    "lookup",
    `Match group ${group.key} on displayName`,
    "GET",
    groupFilterPath(group.displayName, f.opts.filterEncoding),
    { evidence: ["[S1]", "[C9]"] },
  );
  const ans = yield* entraSend(f.ctx, lookup, "filter");
  if (ans === undefined) return false;
  const list = readFilterAnswer(f.ctx, ans);
  if (list === undefined) return false;
  if (list.total > 1 || list.resources.length > 1) {
    report(f.ctx, ans.ex, {
      ruleId: ENTRA_RULE.singleMatch,
      message: `More than one group has displayName "${group.displayName}": DuplicateTargetEntries [S8]; displayName must be unique [S1].`,
      expected: 1,
      actual: list.total,
      evidence: ["[S1]", "[S8]"],
    });
    return false;
  }
  const hit = list.resources[0];
  if (hit !== undefined) {
    if (!checkMembersExcluded(f.ctx, ans.ex, hit)) return false;
    const id = resourceId(hit);
    if (id === undefined) {
      report(f.ctx, ans.ex, {
        ruleId: ENTRA_RULE.listResponse,
        message: "Every returned resource needs an id [S1].",
        actual: hit,
        evidence: ["[S1]"],
      });
      return false;
    }
    f.ctx.state.linkGroup(group.key, id, false);
    f.ctx.note(`group ${group.key}: matched on displayName and linked to target id ${id}; no create`);
    return true;
  }
  const create = entraRequest("create", `Create group ${group.key}`, "POST", "/Groups", {
    body: createGroupBody(group.displayName, group.externalId),
    main: claimMain(f),
    evidence: ["[S1]", "Part 4 item 6"],
  });
  const created = yield* entraSend(f.ctx, create, "write");
  if (created === undefined) return false;
  const id = checkCreated(f.ctx, created, "Group");
  if (id === undefined) return false;
  f.ctx.state.linkGroup(group.key, id, true);
  return true;
}

/** `GET /Groups/{id}?excludedAttributes=members` (E8.4), then a rename if displayName drifted. */
function* refreshGroup(f: EntraFlow, group: GroupRecord): Flow {
  if (group.targetId === undefined) return false;
  const read = entraRequest(
    "read",
    `Read group ${group.key} by cached id`,
    "GET",
    `${groupPath(group.targetId)}?excludedAttributes=members`,
    { evidence: ["[S1]"] },
  );
  const ans = yield* entraSend(f.ctx, read, "read");
  if (ans === undefined) return false;
  const current = checkLinkedGet(f.ctx, ans, "Group");
  if (current === undefined || !checkMembersExcluded(f.ctx, ans.ex, current)) return false;
  if (current.displayName === group.displayName) return true;
  return yield* sendRename(f, group);
}

function* sendRename(f: EntraFlow, group: GroupRecord): Flow {
  if (group.targetId === undefined) return false;
  const request = entraRequest("update", `Rename group ${group.key}`, "PATCH", groupPath(group.targetId), {
    body: renameGroupBody(group.displayName, f.opts.aadOptscim062020),
    main: claimMain(f),
    evidence: ["[S1]"],
    ...inferredIfFlag(f),
  });
  const ans = yield* entraSend(f.ctx, request, "write");
  return ans !== undefined && checkGroupPatch(f.ctx, ans, ["B6"]);
}

/**
 * Adds members: one PATCH with a value array (§1.6.4 [S1] [C4]), or with `parallelMembership` one PATCH per
 * member, all sent at the same moment (inferred, B8).
 */
function* sendAdds(f: EntraFlow, group: GroupRecord, toAdd: readonly string[]): Flow {
  const groupId = group.targetId;
  if (groupId === undefined) return false;
  const flag = f.opts.aadOptscim062020;
  const parallel = f.opts.parallelMembership && toAdd.length > 1;
  const batches = parallel ? toAdd.map((k) => [k]) : [toAdd];
  const requests = batches.map((keys, i) =>
    entraRequest(
      "membership",
      `Add members to ${group.key}: ${keys.join(", ")}${parallel ? " (in parallel)" : ""}`,
      "PATCH",
      groupPath(groupId),
      {
        body: addMembersBody(
          keys.map((k) => f.ctx.state.users.get(k)?.targetId ?? ""),
          flag,
        ),
        main: i === 0 && claimMain(f),
        evidence: parallel
          ? ["[S1]", "[C4]", "B7", "B8"]
          : flag
            ? ["[S1]", "[C4]", "B7"]
            : ["[S1]", "[C4]", "B2", "B7"],
        ...(parallel ? { inferred: true } : inferredIfFlag(f)),
      },
    ),
  );
  const [first, ...rest] = requests;
  if (first !== undefined && rest.length > 0) requests[0] = { ...first, concurrentWith: rest };
  for (const [i, request] of requests.entries()) {
    const ans = yield* entraSend(f.ctx, request, "write");
    if (ans === undefined || !checkGroupPatch(f.ctx, ans, parallel ? ["B7", "B8"] : ["B7"])) return false;
    f.ctx.state.recordMembersExported(group.key, batches[i] ?? []);
  }
  return true;
}

/** Pushes membership differences: one Add PATCH for new members, one removal PATCH by dialect. */
function* syncMembers(f: EntraFlow, group: GroupRecord): Flow {
  if (group.targetId === undefined) return false;
  const users = f.ctx.state.users;
  const flag = f.opts.aadOptscim062020;
  const unlinked = [...group.members].filter((k) => users.get(k)?.targetId === undefined);
  if (unlinked.length > 0) {
    f.ctx.note(`group ${group.key}: member(s) ${unlinked.join(", ")} not provisioned; membership not sent`);
  }
  const toAdd = [...group.members].filter((k) => !group.exportedMembers.has(k) && !unlinked.includes(k));
  if (toAdd.length > 0 && !(yield* sendAdds(f, group, toAdd))) return false;
  const toRemove = [...group.exportedMembers].filter((k) => !group.members.has(k));
  const removeIds = toRemove
    .map((k) => users.get(k)?.targetId)
    .filter((id): id is string => id !== undefined);
  if (removeIds.length > 0) {
    const request = entraRequest(
      "membership",
      `Remove members from ${group.key}: ${toRemove.join(", ")}`,
      "PATCH",
      groupPath(group.targetId),
      {
        body: removeMembersBody(removeIds, flag),
        main: claimMain(f),
        evidence: flag ? ["[S2]"] : ["[S2]", "[C5]", "B2", "B4"],
      },
    );
    const ans = yield* entraSend(f.ctx, request, "write");
    if (ans === undefined || !checkGroupPatch(f.ctx, ans, flag ? [] : ["B4"])) return false;
  }
  f.ctx.state.recordMembersRemoved(group.key, toRemove);
  return true;
}

/** One group in a cycle: members first, then match or re-read the group, then membership. */
export function* syncGroup(f: EntraFlow, key: string): Flow {
  const group = groupRecord(f.ctx.state, key);
  if (!(yield* provisionMembers(f, group))) return false;
  const linked = group.targetId !== undefined;
  const ok = linked ? yield* refreshGroup(f, group) : yield* matchOrCreate(f, group);
  return ok && (yield* syncMembers(f, group));
}

/** Disables the linked users that left scope with a group (out of scope → disabled via update [S3]; inferred). */
function* disableDropped(f: EntraFlow, keys: Iterable<string>): Flow {
  for (const key of droppedOutOfScope(f.ctx.state, keys)) {
    if (f.ctx.state.users.get(key)?.lastExported?.active === false) continue;
    f.ctx.note(`user ${key} left scope with the group: disabled via an update [S3] (inferred timing)`);
    if (!(yield* setActive(f, key, false, f.opts.disableVariant))) return false;
  }
  return true;
}

/** Assign a group (E8): it and its members come into scope. */
export function* assignGroup(f: EntraFlow, key: string): Flow {
  f.ctx.state.setGroupAssigned(key, true);
  return yield* syncGroup(f, key);
}

/** Rename (§1.6.3, E8.5). */
export function* renameGroup(f: EntraFlow, key: string, to: string): Flow {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.renameGroup(key, runScoped(f.ctx.state, to));
  if (!group.assigned || group.targetId === undefined) {
    f.ctx.note(`group ${key} is not provisioned: the rename is only recorded`);
    return true;
  }
  return yield* sendRename(f, group);
}

/** Add members (§1.6.4): the new members come into scope and are provisioned first. */
export function* addMembers(f: EntraFlow, key: string, users: readonly string[]): Flow {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.addMembers(key, users);
  if (!group.assigned) {
    f.ctx.note(`group ${key} is not assigned: nothing sent`);
    return true;
  }
  return yield* syncGroup(f, key);
}

/** Remove members (§1.6.5, E8.6), then disable members that left scope. */
export function* removeMembers(f: EntraFlow, key: string, users: readonly string[]): Flow {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.removeMembers(key, users);
  if (!group.assigned || group.targetId === undefined) {
    f.ctx.note(`group ${key} is not provisioned: nothing sent`);
    return true;
  }
  return (yield* syncMembers(f, group)) && (yield* disableDropped(f, users));
}

/** Delete (§1.6.6, E8.7): `DELETE /Groups/{id}` → 204, then disable members that left scope. */
export function* deleteGroup(f: EntraFlow, key: string): Flow {
  const group = groupRecord(f.ctx.state, key);
  const wasManaged = group.assigned && group.targetId !== undefined;
  f.ctx.state.setGroupAssigned(key, false);
  if (!wasManaged || group.targetId === undefined) {
    f.ctx.note(`group ${key} is not provisioned: nothing to delete`);
    return true;
  }
  const request = entraRequest("delete", `Delete group ${key}`, "DELETE", groupPath(group.targetId), {
    main: claimMain(f),
    evidence: ["[S1]"],
  });
  const ans = yield* entraSend(f.ctx, request, "write");
  if (ans === undefined || !checkDeleted(f.ctx, ans, "Group")) return false;
  f.ctx.state.forgetGroup(key);
  return yield* disableDropped(f, group.members);
}

/** Unassign a group from the app (not in the dossier for Entra): no group call, members leave scope. */
export function* disassociateGroup(f: EntraFlow, key: string): Flow {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.setGroupAssigned(key, false);
  f.ctx.note(
    `group ${key} unassigned: the dossier documents no Entra group request for this (inferred: none sent)`,
  );
  return yield* disableDropped(f, group.members);
}
