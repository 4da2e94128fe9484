/**
 * Source-directory rules shared by the IdP models: which users are in scope (assigned directly or through
 * an assigned group, [S3] for Entra, [J4] for JumpCloud), and how an `updateUser` step changes a source user.
 */
import type { DirectoryState, SourceUser } from "../directory-state.ts";
import type { ModelStep } from "../idp-model.ts";

/** The `set` of an `updateUser` step. */
export type UserChanges = Extract<ModelStep, { do: "updateUser" }>["set"];

/** The assigned groups that hold `userKey`, optionally ignoring one group. */
export function coveringGroups(state: DirectoryState, userKey: string, ignoring?: string): string[] {
  const keys: string[] = [];
  for (const group of state.groups.values()) {
    if (group.key !== ignoring && group.assigned && group.members.has(userKey)) keys.push(group.key);
  }
  return keys;
}

/** Whether a user is in scope: assigned to the app itself, or a member of an assigned group. */
export function inScope(state: DirectoryState, userKey: string, ignoringGroup?: string): boolean {
  const record = state.users.get(userKey);
  if (record === undefined) return false;
  return record.assigned || coveringGroups(state, userKey, ignoringGroup).length > 0;
}

/** Of `userKeys`, the users the IdP manages on the target (linked) that are no longer in scope. */
export function droppedOutOfScope(state: DirectoryState, userKeys: Iterable<string>): string[] {
  const dropped: string[] = [];
  for (const key of userKeys) {
    const record = state.users.get(key);
    if (record?.targetId !== undefined && !inScope(state, key)) dropped.push(key);
  }
  return dropped;
}

/**
 * A name a step introduces (a new userName or group displayName), carrying the run prefix like the
 * fixtures' names so a run stays isolated on a shared tenant; names that already carry it are kept.
 */
export function runScoped(state: DirectoryState, name: string, qualifier?: string): string {
  if (name.startsWith(state.runPrefix)) return name;
  return [state.runPrefix, qualifier, name].filter((p) => p !== undefined && p !== "").join("-");
}

/**
 * Applies an `updateUser` step's changes to the source user; `manager: null` removes the manager, a new
 * userName gets the run prefix (see `runScoped`).
 */
export function applyUserChanges(state: DirectoryState, key: string, set: UserChanges): void {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(set)) {
    if (value === undefined) continue;
    if (name === "userName") changes[name] = runScoped(state, String(value), key);
    else if (name === "manager") changes[name] = value === null ? undefined : String(value);
    else changes[name] = value;
  }
  state.changeSource(key, changes as Partial<SourceUser>);
}

/**
 * The source-side effect of a step, without any request: what changes in the IdP's directory while the IdP
 * sends nothing (quarantine), so that a later cycle provisions it ([S3]: changes since the watermark).
 * Returns false for steps whose effect a later cycle does not replay (deletions, group unassignment).
 */
export function applySourceChange(state: DirectoryState, step: ModelStep): boolean {
  switch (step.do) {
    case "assignUser":
      state.setUserAssigned(step.user, true);
      return true;
    case "updateUser":
      applyUserChanges(state, step.user, step.set);
      return true;
    case "disableUser":
    case "enableUser":
      state.changeSource(step.user, { active: step.do === "enableUser" });
      return true;
    case "unassignUser":
      state.setUserAssigned(step.user, false);
      return true;
    case "assignGroup":
      state.setGroupAssigned(step.group, true);
      return true;
    case "renameGroup":
      state.renameGroup(step.group, runScoped(state, step.to));
      return true;
    case "addMembers":
      state.addMembers(step.group, step.users);
      return true;
    case "removeMembers":
      state.removeMembers(step.group, step.users);
      return true;
    case "testConnection":
    case "runCycle":
      return true;
    case "syncPassword":
    case "deleteUser":
    case "deleteGroup":
    case "disassociateGroup":
      return false;
  }
}
