/**
 * What the IdP believes: its source directory (fixtures), the target ids it cached after matching or
 * creating ([S3]: "This ID is used to run all future operations on that user"), memberships it has pushed,
 * captured variables and whether it has quarantined the app.
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
  source: SourceUser;
  /** The target's `id`, once the IdP matched or created the user. */
  targetId?: string;
  /** Assigned to the app (in scope). */
  assigned: boolean;
  /** The SCIM attribute values the IdP believes the target holds, keyed by the IdP's mapping targets. */
  lastExported?: Record<string, unknown>;
}

export interface GroupRecord {
  key: string;
  displayName: string;
  externalId: string;
  targetId?: string;
  assigned: boolean;
  /** Members in the source directory (user keys). */
  members: Set<string>;
  /** Members the IdP believes it has pushed to the target (user keys). */
  exportedMembers: Set<string>;
}

export interface Quarantine {
  reason: string;
  evidence: string[];
  /** Exchange that caused it. */
  exchangeId?: string;
}

export interface DirectoryState {
  /** `scimh-<runId>`: every value a run creates starts with it. */
  runPrefix: string;
  /** The resolved options of this variant (e.g. `aadOptscim062020: true`). */
  options: Record<string, OptionValue>;
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  /** Values captured by steps (`capture:`), addressable as `${name}`. */
  vars: Map<string, unknown>;
  /** Set when the IdP stopped provisioning; cleared when the cause is gone (token rotated). */
  quarantine?: Quarantine;
  /** Number of provisioning cycles run so far. */
  cycle: number;
  /**
   * The seeded source every generated value comes from (probe GUIDs, test-user ids, …): the models draw
   * from it in step order, fixtures from forks of it. Built by `buildDirectory` from the run seed, run
   * prefix, scenario id and variant name.
   */
  values: ValueSource;
}

/** An empty directory for one scenario variant; `values` defaults to a source seeded by the run prefix alone. */
export function createDirectoryState(
  runPrefix: string,
  options: Record<string, OptionValue>,
  values: ValueSource = createValueSource(0, runPrefix),
): DirectoryState {
  return { runPrefix, options, users: new Map(), groups: new Map(), vars: new Map(), cycle: 0, values };
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
