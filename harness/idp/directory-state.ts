/**
 * What the IdP believes: its source directory (fixtures), the target ids it cached after matching or
 * creating ([S3]: "This ID is used to run all future operations on that user"), memberships it has pushed,
 * captured variables and whether it has quarantined the app.
 *
 * The records are read-only from outside: every change goes through a method of `DirectoryState` named
 * after what the IdP did (linked a user, exported values, pushed members, quarantined the app), so the
 * runner, the models and the test support share one set of rules for it.
 */
import type { OptionValue } from "../scenario/scenario-schema.ts";
import { createValueSource, type ValueSource } from "../session/value-source.ts";

/** A source-directory user with every generated value filled in. */
export interface SourceUser {
  key: string;
  userName: string;
  externalId: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  title?: string;
  department?: string;
  employeeNumber?: string;
  phone?: string;
  mobile?: string;
  locality?: string;
  /** Fixture key of the manager. */
  manager?: string;
  active: boolean;
}

export interface UserRecord {
  readonly source: Readonly<SourceUser>;
  /** The target's `id`, once the IdP matched or created the user. */
  readonly targetId?: string;
  /** Assigned to the app (in scope). */
  readonly assigned: boolean;
  /** The SCIM attribute values the IdP believes the target holds, keyed by the IdP's mapping targets. */
  readonly lastExported?: Readonly<Record<string, unknown>>;
}

export interface GroupRecord {
  readonly key: string;
  readonly displayName: string;
  readonly externalId: string;
  readonly targetId?: string;
  readonly assigned: boolean;
  /** Members in the source directory (user keys). */
  readonly members: ReadonlySet<string>;
  /** Members the IdP believes it has pushed to the target (user keys). */
  readonly exportedMembers: ReadonlySet<string>;
}

export interface Quarantine {
  reason: string;
  evidence: string[];
  /** Exchange that caused it. */
  exchangeId?: string;
}

/** What a new directory state starts from. */
export interface DirectoryStateInit {
  /** `scimh-<runId>`: every value a run creates starts with it. */
  runPrefix: string;
  /** The resolved options of this variant (e.g. `aadOptscim062020: true`). */
  options: Record<string, OptionValue>;
  /** The variant's seeded value source; default: one seeded by the run prefix alone. */
  values?: ValueSource;
}

/** A user as the fixtures declare it. */
export interface NewUser {
  source: SourceUser;
  assigned?: boolean;
  targetId?: string;
}

/** A group as the fixtures declare it. */
export interface NewGroup {
  key: string;
  displayName: string;
  externalId: string;
  members?: Iterable<string>;
  assigned?: boolean;
  targetId?: string;
}

interface MutableUser {
  source: SourceUser;
  targetId?: string;
  assigned: boolean;
  lastExported?: Record<string, unknown>;
}

interface MutableGroup {
  key: string;
  displayName: string;
  externalId: string;
  targetId?: string;
  assigned: boolean;
  members: Set<string>;
  exportedMembers: Set<string>;
}

/** The IdP's view of one scenario variant. */
export class DirectoryState {
  readonly runPrefix: string;
  readonly options: Record<string, OptionValue>;
  /**
   * The seeded source every generated value comes from (probe GUIDs, test-user ids, …): the models draw
   * from it in step order, fixtures from forks of it. Built by `buildDirectory` from the run seed, run
   * prefix, scenario id and variant name.
   */
  readonly values: ValueSource;
  readonly #users = new Map<string, MutableUser>();
  readonly #groups = new Map<string, MutableGroup>();
  readonly #vars = new Map<string, unknown>();
  #quarantine: Quarantine | undefined;

  constructor(init: DirectoryStateInit) {
    this.runPrefix = init.runPrefix;
    this.options = init.options;
    this.values = init.values ?? createValueSource(0, init.runPrefix);
  }

  /** Users by fixture key. */
  get users(): ReadonlyMap<string, UserRecord> {
    return this.#users;
  }

  /** Groups by fixture key. */
  get groups(): ReadonlyMap<string, GroupRecord> {
    return this.#groups;
  }

  /** Values captured by steps (`capture:`), addressable as `${name}`. */
  get vars(): ReadonlyMap<string, unknown> {
    return this.#vars;
  }

  /** Set while the IdP has stopped provisioning; cleared when the cause is gone (token rotated). */
  get quarantined(): Readonly<Quarantine> | undefined {
    return this.#quarantine;
  }

  // ---- the source directory ----

  /** Declares a source user (fixtures). */
  addUser(user: NewUser): void {
    const { source, assigned, targetId } = user;
    this.#users.set(source.key, {
      source,
      assigned: assigned ?? false,
      ...(targetId !== undefined ? { targetId } : {}),
    });
  }

  /** Declares a source group (fixtures). */
  addGroup(group: NewGroup): void {
    const { members, assigned, targetId, ...rest } = group;
    this.#groups.set(group.key, {
      ...rest,
      assigned: assigned ?? false,
      members: new Set(members ?? []),
      exportedMembers: new Set(),
      ...(targetId !== undefined ? { targetId } : {}),
    });
  }

  /** Changes source attributes of a user; an `undefined` value removes the attribute (e.g. the manager). */
  changeSource(key: string, changes: { [K in keyof SourceUser]?: SourceUser[K] | undefined }): void {
    const source = this.#user(key).source as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete source[name];
      else source[name] = value;
    }
  }

  /** Assigns a user to the app (in scope) or unassigns it. */
  setUserAssigned(key: string, assigned: boolean): void {
    this.#user(key).assigned = assigned;
  }

  /** Assigns a group to the app (bound) or unassigns it. */
  setGroupAssigned(key: string, assigned: boolean): void {
    this.#group(key).assigned = assigned;
  }

  /** Renames a source group. */
  renameGroup(key: string, displayName: string): void {
    this.#group(key).displayName = displayName;
  }

  /** Adds users to a source group. */
  addMembers(key: string, users: Iterable<string>): void {
    const members = this.#group(key).members;
    for (const user of users) members.add(user);
  }

  /** Removes users from a source group. */
  removeMembers(key: string, users: Iterable<string>): void {
    const members = this.#group(key).members;
    for (const user of users) members.delete(user);
  }

  // ---- what the IdP believes the target holds ----

  /** The IdP matched or created the user: this id is used for every later operation on it [S3]. */
  linkUser(key: string, targetId: string): void {
    this.#user(key).targetId = targetId;
  }

  /**
   * Records attribute values the target now holds for a user: merged into what was exported before, or with
   * `replace` instead of it. An `undefined` value means the attribute is no longer exported.
   */
  recordExport(key: string, values: Readonly<Record<string, unknown>>, replace = false): void {
    const record = this.#user(key);
    const exported: Record<string, unknown> = replace ? {} : { ...record.lastExported };
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete exported[name];
      else exported[name] = value;
    }
    record.lastExported = exported;
  }

  /** The user was deleted on the target: unlinked, unassigned and out of every group. */
  forgetUser(key: string): void {
    const record = this.#user(key);
    delete record.targetId;
    delete record.lastExported;
    record.assigned = false;
    for (const group of this.#groups.values()) {
      group.members.delete(key);
      group.exportedMembers.delete(key);
    }
  }

  /** The IdP matched (`created`: false) or created a group; a created group has no members pushed yet. */
  linkGroup(key: string, targetId: string, created: boolean): void {
    const group = this.#group(key);
    group.targetId = targetId;
    if (created) group.exportedMembers.clear();
  }

  /** The group was deleted on the target: unlinked, no members pushed. */
  forgetGroup(key: string): void {
    const group = this.#group(key);
    delete group.targetId;
    group.exportedMembers.clear();
  }

  /** Members the IdP pushed to the target group. */
  recordMembersExported(key: string, users: Iterable<string>): void {
    const exported = this.#group(key).exportedMembers;
    for (const user of users) exported.add(user);
  }

  /** Members the IdP removed from the target group. */
  recordMembersRemoved(key: string, users: Iterable<string>): void {
    const exported = this.#group(key).exportedMembers;
    for (const user of users) exported.delete(user);
  }

  // ---- captures and quarantine ----

  /** A value a step captured, addressable as `${name}` by later steps. */
  capture(name: string, value: unknown): void {
    this.#vars.set(name, value);
  }

  /** The IdP stops provisioning (Entra quarantine [S4]); replaces an earlier quarantine. */
  quarantine(reason: string, evidence: readonly string[], exchangeId?: string): void {
    this.#quarantine = {
      reason,
      evidence: [...evidence],
      ...(exchangeId !== undefined ? { exchangeId } : {}),
    };
  }

  /** The cause of the quarantine is gone; returns the quarantine that ended, if any. */
  release(): Readonly<Quarantine> | undefined {
    const ended = this.#quarantine;
    this.#quarantine = undefined;
    return ended;
  }

  #user(key: string): MutableUser {
    const record = this.#users.get(key);
    if (record === undefined)
      throw new TypeError(`unknown user fixture "${key}" (declare it under given.users)`);
    return record;
  }

  #group(key: string): MutableGroup {
    const record = this.#groups.get(key);
    if (record === undefined)
      throw new TypeError(`unknown group fixture "${key}" (declare it under given.groups)`);
    return record;
  }
}

/** An empty directory for one scenario variant; `values` defaults to a source seeded by the run prefix alone. */
export function createDirectoryState(
  runPrefix: string,
  options: Record<string, OptionValue>,
  values: ValueSource = createValueSource(0, runPrefix),
): DirectoryState {
  return new DirectoryState({ runPrefix, options, values });
}

/** The user record for a fixture key; a TypeError names the key when the scenario never declared it. */
export function userRecord(state: DirectoryState, key: string): UserRecord {
  const record = state.users.get(key);
  if (record === undefined)
    throw new TypeError(`unknown user fixture "${key}" (declare it under given.users)`);
  return record;
}

/** The group record for a fixture key. */
export function groupRecord(state: DirectoryState, key: string): GroupRecord {
  const record = state.groups.get(key);
  if (record === undefined)
    throw new TypeError(`unknown group fixture "${key}" (declare it under given.groups)`);
  return record;
}
