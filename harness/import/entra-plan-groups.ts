/**
 * Group entries of an Entra provisioning log → steps: Create → assignGroup with its members (E8.1–3),
 * Update → renameGroup (E8.5) and addMembers / removeMembers from the `members` property (new value: added
 * ids, old value: removed ids [S14]), Delete → deleteGroup (E8.7). Each step expects the member set that
 * should follow.
 */
import type { Step } from "../scenario/scenario-schema.ts";
import type { EntraLogEntry } from "./entra-log-entry.ts";
import { singleValue, valueList } from "./entra-log-entry.ts";
import type { ObjectRecord, PlanContext } from "./entra-plan-context.ts";
import { ACTION_WORD, expectState } from "./entra-plan-context.ts";

const members = (rec: ObjectRecord) => expectState({ group: rec.key, members: [...rec.members] });

/** Plans one group entry. */
export function planGroupEntry(ctx: PlanContext, e: EntraLogEntry): void {
  const nameProp = e.modified.find((p) => p.name.toLowerCase() === "displayname");
  const memberProps = e.modified.filter((p) => p.name.toLowerCase() === "members");
  const newName = singleValue(nameProp?.newValue);
  const oldName = singleValue(nameProp?.oldValue);
  const added = memberProps.flatMap((p) => valueList(p.newValue));
  const removed = memberProps.flatMap((p) => valueList(p.oldValue));
  let lines: string[] = [];
  /** The entry's comment lines go on the first step it produces. */
  const take = () => {
    const out = lines;
    lines = [];
    return out;
  };

  if (e.action === "create" && !ctx.groups.has(e.objectId.toLowerCase())) {
    const keys = ctx.memberKeys(e, added);
    const rec = ctx.groupRecord(e.objectId, newName ?? e.displayName, keys);
    rec.assigned = true;
    rec.actions.push("create");
    const step: Step = {
      do: "assignGroup",
      group: rec.key,
      title: ctx.title(e, `Create ${rec.key}`),
      expect: expectState({ group: rec.key, exists: true, members: keys }),
    };
    ctx.emit(step, ctx.describe(e, `group ${rec.key}`));
    return;
  }
  const rec = ctx.ensureGroup(e.objectId, oldName ?? newName ?? e.displayName);
  lines = ctx.describe(e, `group ${rec.key}`);
  rec.actions.push(ACTION_WORD[e.action].toLowerCase());
  if (e.action === "delete") {
    rec.assigned = false;
    const step: Step = {
      do: "deleteGroup",
      group: rec.key,
      title: ctx.title(e, `Delete ${rec.key}`),
      expect: expectState({ group: rec.key, exists: false }),
    };
    ctx.emit(step, take());
    return;
  }
  let emitted = false;
  if (newName !== undefined && oldName !== undefined && newName !== oldName) {
    const to = ctx.pii.value("group", newName);
    ctx.emit(
      {
        do: "renameGroup",
        group: rec.key,
        to,
        title: ctx.title(e, `Rename ${rec.key}`),
        expect: members(rec),
      },
      take(),
    );
    emitted = true;
  }
  const adds = ctx.memberKeys(e, added).filter((k) => !rec.members.has(k));
  if (adds.length > 0) {
    adds.forEach((k) => rec.members.add(k));
    const title = ctx.title(e, `Add ${adds.join(", ")} to ${rec.key}`);
    ctx.emit({ do: "addMembers", group: rec.key, users: adds, title, expect: members(rec) }, take());
    emitted = true;
  }
  const removes = ctx.memberKeys(e, removed);
  const unseen = removes.filter((k) => !rec.members.has(k));
  if (unseen.length > 0) {
    // The log removes members the replay never added: they were members before the log starts.
    unseen.forEach((k) => rec.members.add(k));
    const title = `Add ${unseen.join(", ")} to ${rec.key} (inferred: members before the log starts)`;
    ctx.emit({ do: "addMembers", group: rec.key, users: unseen, title, expect: members(rec) }, [
      `inferred: ${unseen.join(", ")} must be in ${rec.key} before the logged removal`,
    ]);
  }
  if (removes.length > 0) {
    removes.forEach((k) => rec.members.delete(k));
    const title = ctx.title(e, `Remove ${removes.join(", ")} from ${rec.key}`);
    ctx.emit({ do: "removeMembers", group: rec.key, users: removes, title, expect: members(rec) }, take());
    emitted = true;
  }
  if (!emitted) {
    ctx.skipped.push({
      entry: e.ref,
      reason: `${ACTION_WORD[e.action]} of a group without a displayName or members change`,
    });
  }
}
