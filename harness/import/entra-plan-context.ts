/**
 * State shared while an Entra provisioning log is planned into steps: the fixture users and groups met so
 * far (keyed by Entra object id), whether each is provisioned in the replay, the steps emitted with their
 * comments, and the pseudonymizer every personal value goes through.
 */
import type { FixtureGroup, FixtureUser, StateExpectation, Step } from "../scenario/scenario-schema.ts";
import { parseBoolean, userAttributeRule } from "./entra-attributes.ts";
import type { EntraLogEntry } from "./entra-log-entry.ts";
import { singleValue } from "./entra-log-entry.ts";
import type { SkippedEntry } from "./import-error.ts";
import type { PlannedStep } from "./planned-step.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";

/** A user or group of the log as the scenario knows it. */
export interface ObjectRecord {
  key: string;
  /** Provisioned in the replay (an assign step was emitted and no delete since). */
  assigned: boolean;
  label: string;
  actions: string[];
  /** Groups: the member keys after the steps so far. */
  members: Set<string>;
}

/** How log actions are written in comments and titles. */
export const ACTION_WORD: Record<EntraLogEntry["action"], string> = {
  create: "Create",
  update: "Update",
  delete: "Delete",
  disable: "Disable",
  stagedDelete: "StagedDelete",
  other: "Other",
};

/** A state expectation as an `expect` block. */
export const expectState = (...state: StateExpectation[]) => ({ state });

export class PlanContext {
  readonly users = new Map<string, ObjectRecord>();
  readonly groups = new Map<string, ObjectRecord>();
  readonly userFixtures: Record<string, FixtureUser> = {};
  readonly groupFixtures: Record<string, FixtureGroup> = {};
  readonly steps: PlannedStep[] = [];
  readonly skipped: SkippedEntry[] = [];
  readonly warnings: string[] = [];
  /** Comment lines waiting for the next step (cycle separators). */
  pending: string[] = [];

  constructor(readonly pii: Pseudonymizer) {}

  /** Appends a step with the pending comment lines and `lines`. */
  emit(step: Step, lines: string[] = []): void {
    this.steps.push({ step, comment: [...this.pending, ...lines] });
    this.pending = [];
  }

  /** Registers every personal value of the entries, so free text can be scrubbed of values met later. */
  registerPii(entries: readonly EntraLogEntry[]): void {
    // Each user first as one coherent fake person (names, display name, UPN and mail agree).
    for (const e of entries) {
      if (e.kind !== "user") continue;
      const values = (name: string) =>
        e.modified
          .filter((p) => p.name.toLowerCase() === name)
          .flatMap((p) => [singleValue(p.newValue), singleValue(p.oldValue)]);
      this.pii.person(e.objectId, {
        givenName: values("givenname")[0],
        familyName: values("surname")[0],
        displayName: values("displayname")[0] ?? e.displayName,
        addresses: [...values("userprincipalname"), ...values("mail")],
        handle: values("mailnickname")[0],
      });
    }
    for (const e of entries) {
      this.pii.value("id", e.objectId);
      if (e.displayName) this.pii.value(e.kind === "group" ? "group" : "displayName", e.displayName);
      for (const p of e.modified) {
        const rule = e.kind === "user" ? userAttributeRule(p.name) : undefined;
        const kind = rule !== undefined && "pii" in rule ? rule.pii : undefined;
        const groupName = e.kind === "group" && p.name.toLowerCase() === "displayname";
        for (const v of [p.oldValue, p.newValue]) {
          const one = singleValue(v);
          if (one !== undefined && kind !== undefined) this.pii.value(kind, one);
          if (one !== undefined && groupName) this.pii.value("group", one);
        }
      }
    }
  }

  /** The fixture fields an entry's modified properties give, from the old or the new values. */
  fieldsOf(e: EntraLogEntry, side: "oldValue" | "newValue"): Record<string, unknown> {
    const fixture: Record<string, unknown> = {};
    for (const p of e.modified) {
      const rule = userAttributeRule(p.name);
      const raw = singleValue(p[side]);
      if (rule === undefined || raw === undefined) continue;
      if (rule.field === "active") {
        const b = parseBoolean(raw);
        if (b !== undefined) fixture.active = rule.invert ? !b : b;
      } else if (rule.field === "manager") {
        const manager = this.users.get(raw.toLowerCase());
        if (manager !== undefined) fixture.manager = manager.key;
        else if (side === "newValue")
          this.warnings.push(
            `${e.ref}: manager ${this.pii.value("id", raw)} has no entry in this log: not set`,
          );
      } else fixture[rule.field] = rule.pii ? this.pii.value(rule.pii, raw) : raw;
    }
    return fixture;
  }

  /** Comment lines for a step from an entry: when, which change, what, outcome; a failure in detail. */
  describe(e: EntraLogEntry, what: string): string[] {
    const change = e.changeId ? `change ${e.changeId.slice(0, 8)} · ` : "";
    const lines = [`${e.at} · ${change}${ACTION_WORD[e.action]} ${what} · ${e.status}`];
    if (e.status !== "success") {
      const reason = e.reason ? this.pii.scrub(e.reason).replace(/\s+/g, " ").slice(0, 300) : undefined;
      const detail = [e.errorCode, reason].filter(Boolean).join(": ");
      lines.push(`observed in the log: ${e.status}${detail ? ` — ${detail}` : ""}`);
      lines.push("this step asserts the correct outcome, so it fails while the bug is there");
    }
    return lines;
  }

  /** A step title that keeps the log's time and outcome. */
  title(e: EntraLogEntry, text: string): string {
    return `${text} (log ${e.at.replace(".000Z", "Z")}: ${e.status}${e.errorCode ? ` ${e.errorCode}` : ""})`;
  }

  /** The user record of an object id, declaring its fixture when new. */
  userRecord(objectId: string, fixture: Record<string, unknown>, displayName?: string): ObjectRecord {
    const id = objectId.toLowerCase();
    const known = this.users.get(id);
    if (known !== undefined) return known;
    const key = `u${this.users.size + 1}`;
    if (fixture.displayName === undefined && displayName)
      fixture.displayName = this.pii.value("displayName", displayName);
    this.userFixtures[key] = fixture as FixtureUser;
    const name = (fixture.displayName as string | undefined) ?? "no name in the log";
    const rec = {
      key,
      assigned: false,
      label: `${key} = ${name} (source id ${this.pii.value("id", objectId)})`,
      actions: [],
      members: new Set<string>(),
    };
    this.users.set(id, rec);
    return rec;
  }

  /** The user, assigned first by an inferred step when the replay has not provisioned it yet. */
  ensureUser(
    objectId: string,
    fixture: Record<string, unknown>,
    why: string,
    displayName?: string,
  ): ObjectRecord {
    const rec = this.userRecord(objectId, fixture, displayName);
    if (!rec.assigned) {
      rec.assigned = true;
      const step: Step = {
        do: "assignUser",
        user: rec.key,
        title: `Assign ${rec.key} (inferred: ${why})`,
        expect: expectState({ user: rec.key, exists: true }),
      };
      this.emit(step, [`inferred: ${rec.key} ${why}; assigned here so the logged changes have a target`]);
    }
    return rec;
  }

  /** The group record of an object id, declaring its fixture when new. */
  groupRecord(objectId: string, name: string | undefined, members: string[] = []): ObjectRecord {
    const id = objectId.toLowerCase();
    const known = this.groups.get(id);
    if (known !== undefined) return known;
    const key = `g${this.groups.size + 1}`;
    const displayName = name === undefined ? undefined : this.pii.value("group", name);
    this.groupFixtures[key] = {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(members.length > 0 ? { members } : {}),
    };
    const rec = {
      key,
      assigned: false,
      label: `${key} = ${displayName ?? key}`,
      actions: [],
      members: new Set(members),
    };
    this.groups.set(id, rec);
    return rec;
  }

  /** The group, assigned first by an inferred step when the replay has not provisioned it yet. */
  ensureGroup(objectId: string, name: string | undefined): ObjectRecord {
    const rec = this.groupRecord(objectId, name);
    if (!rec.assigned) {
      rec.assigned = true;
      const step: Step = {
        do: "assignGroup",
        group: rec.key,
        title: `Assign ${rec.key} (inferred: provisioned before the log starts)`,
        expect: expectState({ group: rec.key, exists: true }),
      };
      this.emit(step, [`inferred: group ${rec.key} is not created in this log; assigned here`]);
    }
    return rec;
  }

  /** Member ids of a `members` property → user keys, assigning users that have no entry of their own. */
  memberKeys(e: EntraLogEntry, ids: readonly string[]): string[] {
    return ids.map(
      (id) => this.ensureUser(id, {}, `is a group member in ${e.ref} without an entry of its own`).key,
    );
  }
}
