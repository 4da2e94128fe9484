/**
 * User entries of an Entra provisioning log → steps: Create → assignUser (E2), Update → updateUser with
 * the changed attributes (E4) and an `active` change as disableUser / enableUser, Disable and StagedDelete
 * → disableUser (E5), Delete → deleteUser (E7). Each step expects the SP state that should follow.
 */
import type { Step } from "../scenario/scenario-schema.ts";
import type { UserField } from "./entra-attributes.ts";
import { FIELD_FILTER_PATHS, userAttributeRule } from "./entra-attributes.ts";
import type { EntraLogEntry } from "./entra-log-entry.ts";
import { singleValue } from "./entra-log-entry.ts";
import type { PlanContext } from "./entra-plan-context.ts";
import { ACTION_WORD, expectState } from "./entra-plan-context.ts";

type UserChanges = Extract<Step, { do: "updateUser" }>["set"];

/** Fields the run sends with the run prefix (`${runPrefix}-<value>`, see `updateUser.set` in the scenario schema). */
const PREFIXED = new Set<string>(["displayName"]);

/** A SCIM filter over the changed attributes a state expectation can check (`title eq "x" and …`). */
export function changeFilter(set: Record<string, unknown>): string | undefined {
  const parts = Object.entries(set).flatMap(([field, value]) => {
    const path = FIELD_FILTER_PATHS[field as UserField];
    if (path === undefined || typeof value !== "string") return [];
    const sent = PREFIXED.has(field) ? `\${runPrefix}-${value}` : value;
    return [`${path} eq ${JSON.stringify(sent)}`];
  });
  return parts.length === 0 ? undefined : parts.join(" and ");
}

/** Plans one user entry. */
export function planUserEntry(ctx: PlanContext, e: EntraLogEntry): void {
  const what = (key: string) => `user ${key}`;
  if (e.action === "create") {
    const rec = ctx.userRecord(e.objectId, ctx.fieldsOf(e, "newValue"), e.displayName);
    rec.assigned = true;
    rec.actions.push("create");
    ctx.emit(
      {
        do: "assignUser",
        user: rec.key,
        title: ctx.title(e, `Create ${rec.key}`),
        expect: expectState({ user: rec.key, exists: true }),
      },
      ctx.describe(e, what(rec.key)),
    );
    return;
  }
  // The log starts after this user was created: its state before the change is the old values.
  const rec = ctx.ensureUser(
    e.objectId,
    ctx.fieldsOf(e, "oldValue"),
    "is not created in this log",
    e.displayName,
  );
  rec.actions.push(ACTION_WORD[e.action].toLowerCase());
  if (e.action === "disable" || e.action === "stagedDelete") {
    ctx.emit(
      {
        do: "disableUser",
        user: rec.key,
        title: ctx.title(e, `${ACTION_WORD[e.action]} ${rec.key}`),
        expect: expectState({ user: rec.key, matches: "active eq false" }),
      },
      ctx.describe(e, what(rec.key)),
    );
    return;
  }
  if (e.action === "delete") {
    rec.assigned = false;
    ctx.emit(
      {
        do: "deleteUser",
        user: rec.key,
        title: ctx.title(e, `Delete ${rec.key}`),
        expect: expectState({ user: rec.key, exists: false }),
      },
      ctx.describe(e, what(rec.key)),
    );
    return;
  }
  planUpdate(ctx, e, rec.key);
}

function planUpdate(ctx: PlanContext, e: EntraLogEntry, key: string): void {
  const after = ctx.fieldsOf(e, "newValue");
  const before = ctx.fieldsOf(e, "oldValue");
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(after)) {
    if (field !== "active" && before[field] !== value) set[field] = value;
  }
  const managerRemoved = e.modified.some(
    (p) =>
      userAttributeRule(p.name)?.field === "manager" && p.oldValue && singleValue(p.newValue) === undefined,
  );
  if (managerRemoved) set.manager = null;
  const active = after.active as boolean | undefined;
  const activeChanged = active !== undefined && active !== before.active;
  if (Object.keys(set).length === 0 && !activeChanged) {
    const names = e.modified.map((p) => p.name);
    ctx.skipped.push({
      entry: e.ref,
      reason:
        names.length === 0
          ? "Update without modified properties (a CSV download without ProvisioningLogs_ModifiedProperties?)"
          : `no modified property maps to a scenario attribute (${names.join(", ")})`,
    });
    return;
  }
  const lines = ctx.describe(e, `user ${key}`);
  if (Object.keys(set).length > 0) {
    const matches = changeFilter(set);
    ctx.emit(
      {
        do: "updateUser",
        user: key,
        set: set as UserChanges,
        title: ctx.title(e, `Update ${key}: ${Object.keys(set).join(", ")}`),
        expect: expectState(matches ? { user: key, matches } : { user: key, exists: true }),
      },
      lines,
    );
  }
  if (activeChanged) {
    ctx.emit(
      {
        do: active ? "enableUser" : "disableUser",
        user: key,
        title: ctx.title(e, `${active ? "Enable" : "Disable"} ${key}`),
        expect: expectState({ user: key, matches: `active eq ${String(active)}` }),
      },
      Object.keys(set).length > 0 ? [] : lines,
    );
  }
}
