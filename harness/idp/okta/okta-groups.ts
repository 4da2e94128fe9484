/**
 * Okta Group Push [O1]: push creates the group empty, membership goes by PATCH (OIN) or PUT (AIW), every
 * membership update is preceded by the rename, unlink with delete sends DELETE, unlink without delete
 * sends nothing. A rejected push is not retried: its membership changes are lost [O7].
 */
import { isQuarantined } from "../common/model-memory.ts";
import { resourceId } from "../common/scim-read.ts";
import { runScoped } from "../common/source-directory.ts";
import { groupRecord } from "../directory-state.ts";
import type { GroupRecord } from "../directory-state.ts";
import {
  createGroupBody,
  groupLookupPath,
  groupPutBody,
  groupsPath,
  membersPatchBody,
  renamePatchBody,
} from "./okta-requests.ts";
import type { OktaMember } from "./okta-requests.ts";
import {
  detail,
  is2xx,
  OKTA_RULE,
  oktaCreated,
  oktaReadList,
  oktaReport,
  oktaSend,
  oktaSucceeded,
} from "./okta-responses.ts";
import type { OktaFlow, OktaGen } from "./okta-users.ts";
import { oktaRequest, provisionUser } from "./okta-users.ts";

function member(f: OktaFlow, key: string): OktaMember | undefined {
  const user = f.ctx.state.users.get(key);
  return user?.targetId === undefined ? undefined : { value: user.targetId, display: user.source.userName };
}

const members = (f: OktaFlow, keys: Iterable<string>): OktaMember[] =>
  [...keys].map((k) => member(f, k)).filter((m): m is OktaMember => m !== undefined);

/** Members must be assigned to the app before Okta pushes them [O1]: provision the unlinked ones. */
function* provisionMembers(f: OktaFlow, group: GroupRecord): OktaGen {
  for (const key of group.members) {
    if (f.ctx.state.users.get(key)?.targetId !== undefined) continue;
    f.ctx.state.setUserAssigned(key, true);
    if (!(yield* provisionUser(f, key, false))) return false;
    if (isQuarantined(f.ctx.state)) return false;
  }
  return true;
}

/** The rename Okta sends with every membership update (OIN PATCH [O1]). */
function* sendRename(f: OktaFlow, group: GroupRecord, main: boolean, inferred: boolean): OktaGen {
  if (group.targetId === undefined) return false;
  const request = oktaRequest(f, "update", `Rename group ${group.key}`, "PATCH", groupsPath(group.targetId), {
    body: renamePatchBody(group.targetId, group.displayName),
    main,
    inferred,
    evidence: ["[O1]"],
  });
  const ans = yield* oktaSend(f.ctx, request);
  return ans !== undefined && oktaSucceeded(f.ctx, ans, "patch", ["[O1]"]);
}

/**
 * Pushes membership differences: OIN: the rename PATCH (order inferred), then one PATCH with the removes
 * and the add [O1], or `replace members []` when the group is left empty [O5]; AIW: a PUT of the group
 * (body inferred). A 4xx is not retried: the changes are lost [O7].
 */
function* pushMembers(f: OktaFlow, group: GroupRecord): OktaGen {
  if (group.targetId === undefined) return false;
  const toAdd = [...group.members].filter((k) => !group.exportedMembers.has(k) && member(f, k) !== undefined);
  const toRemove = [...group.exportedMembers].filter((k) => !group.members.has(k));
  if (toAdd.length === 0 && toRemove.length === 0) return true;
  const aiw = f.opts.appKind === "aiw";
  if (!aiw && !(yield* sendRename(f, group, false, true))) return false;
  const emptied = toRemove.length > 0 && members(f, group.members).length === 0;
  const label = `Push membership of ${group.key}: +${toAdd.join(",") || "-"} −${toRemove.join(",") || "-"}`;
  const request = aiw
    ? oktaRequest(f, "membership", `${label} (AIW: PUT)`, "PUT", groupsPath(group.targetId), {
        body: groupPutBody(group.targetId, group.displayName, members(f, group.members)),
        main: true,
        inferred: true,
        evidence: ["[O1]"],
      })
    : oktaRequest(f, "membership", label, "PATCH", groupsPath(group.targetId), {
        body: membersPatchBody(
          members(f, toAdd),
          members(f, toRemove).map((m) => m.value),
          emptied,
        ),
        main: true,
        evidence: emptied ? ["[O5]"] : ["[O1]", "[O6]"],
      });
  const ans = yield* oktaSend(f.ctx, request);
  if (ans === undefined) return false;
  if (!is2xx(ans.status)) {
    oktaReport(f.ctx, ans.ex, {
      ruleId: OKTA_RULE.groupPushLost,
      message: `${detail(ans.ex)}. Okta does not retry a rejected group push [O7]: lost ${toAdd.length > 0 ? `adds of ${toAdd.join(", ")}` : ""}${toAdd.length > 0 && toRemove.length > 0 ? " and " : ""}${toRemove.length > 0 ? `removals of ${toRemove.join(", ")}` : ""}.`,
      expected: [200, 204],
      actual: ans.status,
      evidence: ["[O7]", "[O1]"],
      rfc: "RFC 7644 §3.5.2",
    });
    f.ctx.note(`group push of ${group.key} lost: nothing is retried [O7]`);
    return false;
  }
  f.ctx.state.recordMembersExported(group.key, toAdd);
  f.ctx.state.recordMembersRemoved(group.key, toRemove);
  return true;
}

/**
 * Push Groups: provision members, match by `displayName eq` [O8] (a hit is linked), else `POST /Groups
 * {displayName, members: []}`, then the membership [O1].
 */
export function* pushGroup(f: OktaFlow, key: string): OktaGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.setGroupAssigned(key, true);
  if (!(yield* provisionMembers(f, group))) return false;
  if (group.targetId === undefined) {
    const lookup = oktaRequest(
      f,
      "lookup",
      `Match group ${key} by displayName`,
      "GET",
      groupLookupPath(group.displayName),
      {
        inferred: true,
        evidence: ["[O8]", "[O1]"],
      },
    );
    const looked = yield* oktaSend(f.ctx, lookup, true);
    const found = looked && oktaReadList(f.ctx, looked, true);
    if (looked === undefined || found === undefined) return false;
    if (found.resources.length > 1) {
      oktaReport(f.ctx, looked.ex, {
        ruleId: OKTA_RULE.singleMatch,
        message: `${found.resources.length} groups are named "${group.displayName}": Okta matches groups by displayName eq [O8].`,
        expected: 1,
        actual: found.resources.length,
        evidence: ["[O8]"],
      });
      return false;
    }
    const existing = resourceId(found.resources[0]);
    if (existing !== undefined) {
      f.ctx.state.linkGroup(key, existing, false);
      f.ctx.note(`group ${key}: an SP group of the same displayName exists and is linked, not created [O8]`);
      return yield* pushMembers(f, group);
    }
    const create = oktaRequest(f, "create", `Push group ${key}`, "POST", "/Groups", {
      body: createGroupBody(group.displayName),
      main: true,
      evidence: ["[O1]"],
    });
    const ans = yield* oktaSend(f.ctx, create);
    const id = ans && oktaCreated(f.ctx, ans, "Group");
    if (id === undefined) return false;
    f.ctx.state.linkGroup(key, id, true);
  }
  return yield* pushMembers(f, group);
}

/** Membership change in Okta of a pushed group [O1]. */
export function* changeMembers(
  f: OktaFlow,
  key: string,
  add: readonly string[],
  remove: readonly string[],
): OktaGen {
  const group = groupRecord(f.ctx.state, key);
  if (add.length > 0) f.ctx.state.addMembers(key, add);
  if (remove.length > 0) f.ctx.state.removeMembers(key, remove);
  if (!group.assigned || group.targetId === undefined) {
    f.ctx.note(`group ${key} is not pushed: nothing sent`);
    return true;
  }
  if (!(yield* provisionMembers(f, group))) return false;
  return yield* pushMembers(f, group);
}

/** Rename: OIN `PATCH replace value {id, displayName}`; AIW PUT of the group [O1]. */
export function* renameGroup(f: OktaFlow, key: string, to: string): OktaGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.renameGroup(key, runScoped(f.ctx.state, to));
  if (!group.assigned || group.targetId === undefined) {
    f.ctx.note(`group ${key} is not pushed: the rename is only recorded`);
    return true;
  }
  if (f.opts.appKind === "oin") return yield* sendRename(f, group, true, false);
  const request = oktaRequest(
    f,
    "update",
    `Rename group ${key} (AIW: PUT)`,
    "PUT",
    groupsPath(group.targetId),
    {
      body: groupPutBody(group.targetId, group.displayName, members(f, group.exportedMembers)),
      main: true,
      inferred: true,
      evidence: ["[O1]"],
    },
  );
  const ans = yield* oktaSend(f.ctx, request);
  return ans !== undefined && oktaSucceeded(f.ctx, ans, "patch", ["[O1]"]);
}

/** Unlink pushed group, "Delete the group in the target app": `DELETE /Groups/{id}` [O1]. */
export function* deleteGroup(f: OktaFlow, key: string): OktaGen {
  const group = groupRecord(f.ctx.state, key);
  f.ctx.state.setGroupAssigned(key, false);
  if (group.targetId === undefined) {
    f.ctx.note(`group ${key} was never pushed: nothing sent`);
    return true;
  }
  const request = oktaRequest(
    f,
    "delete",
    `Unlink and delete group ${key}`,
    "DELETE",
    groupsPath(group.targetId),
    {
      main: true,
      evidence: ["[O1]"],
    },
  );
  const ans = yield* oktaSend(f.ctx, request);
  if (ans === undefined || !oktaSucceeded(f.ctx, ans, "delete", ["[O1]"])) return false;
  f.ctx.state.forgetGroup(key);
  return true;
}

/** Unlink pushed group, "Leave the group in the target app": nothing is sent [O1]. */
export function unlinkGroup(f: OktaFlow, key: string): void {
  f.ctx.state.setGroupAssigned(key, false);
  f.ctx.note(`group ${key} unlinked and left in the target app: no request [O1]`);
}
