/**
 * The in-memory resource store of the fake SP: Users and Groups keyed by id, with indexes on userName
 * (case-insensitive, unique: RFC 7643 §4.1 `uniqueness: server`, `caseExact: false`; PRECIS-prepared
 * before it is compared, RFC 7644 §5, as the filter evaluator does: `harness/scim/precis.ts`), externalId
 * (case-exact, RFC 7643 §3.1) and group displayName (case-insensitive), and a reverse membership index from
 * which a user's readOnly `groups` attribute is derived (RFC 7643 §4.1.2).
 *
 * The store owns integrity: ids, `meta` (`created`, `lastModified`, `version` as a weak ETag), uniqueness
 * (409 `uniqueness`, RFC 7644 §3.3) and member references (400 `invalidValue` for a member that does not
 * exist). Writes are synchronous, so each one is atomic; serialising whole requests is the caller's job.
 * Returned objects are the stored ones: treat them as read-only.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { compileFilter } from "../../harness/scim/filter-evaluate.ts";
import { cloneJson, findKey, isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { prepareUserName } from "../../harness/scim/precis.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { IdIndex, caseKey, planCandidates } from "./resource-index.ts";
import type { IndexedAttribute } from "./resource-index.ts";

/** The userName index key: the prepared form of a caseExact-false userName (RFC 7644 §5). */
const userNameKey = (value: string): string => prepareUserName(value, false);
const displayNameKey = caseKey(false);

/** The resource types the store holds. */
export type StoredType = "User" | "Group";

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  clock: Clock;
  idGenerator?: () => string;
  /** Reject a second group with the same displayName (case-insensitive). RFC 7643 §4.2 says none; profiles decide. */
  groupDisplayNameUnique?: boolean;
}

/** What a delete removed besides the resource. */
export interface DeleteResult {
  /** Groups the deleted resource was a member of (they lost it). */
  removedFrom: string[];
  /** For a group: its former members' ids. */
  formerMembers: string[];
}

/** The store API. */
export interface MemoryStore {
  get(type: StoredType, id: string): JsonObject | undefined;
  /** Stores a new resource: assigns `id` and `meta`; `data` must not contain them. */
  create(type: StoredType, data: JsonObject): JsonObject;
  /** Replaces a resource's attributes, keeping `id` and `meta.created`; bumps `meta.version`. */
  replace(type: StoredType, id: string, data: JsonObject): JsonObject;
  delete(type: StoredType, id: string): DeleteResult | undefined;
  /**
   * Resources matching `filter` (all without one), in creation order; indexed forms are O(1). `view`
   * decorates a stored resource before the filter sees it (e.g. with derived `groups`).
   */
  find(
    type: StoredType,
    filter: FilterNode | undefined,
    resourceType: ResourceTypeSchemas,
    view?: (stored: JsonObject) => JsonObject,
  ): JsonObject[];
  /** Ids of the groups that list `memberId` directly. */
  groupsOf(memberId: string): string[];
  count(type: StoredType): number;
  /** Removes every resource. */
  clear(): void;
}

interface Entry {
  data: JsonObject;
  version: number;
  seq: number;
}

const str = (object: JsonObject, name: string): string | undefined => {
  const key = findKey(object, name);
  const value = key === undefined ? undefined : object[key];
  return typeof value === "string" ? value : undefined;
};

/** Member values of a group resource (deduplicated, in order). */
export function memberValues(group: JsonObject): string[] {
  const key = findKey(group, "members");
  const members = key === undefined ? undefined : group[key];
  if (!Array.isArray(members)) return [];
  const values = members.map((m) => (isJsonObject(m) ? str(m, "value") : undefined));
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/** The weak ETag of a version number (RFC 7232 §2.3, RFC 7644 §3.14). */
export const etagOf = (version: number): string => `W/"${version}"`;

/** Creates an empty store. */
export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const { clock } = options;
  const nextId = options.idGenerator ?? randomUUID;
  const tables: Record<StoredType, Map<string, Entry>> = { User: new Map(), Group: new Map() };
  const userNames = new IdIndex();
  const externalIds: Record<StoredType, IdIndex> = { User: new IdIndex(), Group: new IdIndex() };
  const displayNames = new IdIndex();
  const memberOf = new Map<string, Set<string>>();
  let seq = 0;

  const indexed: Record<StoredType, IndexedAttribute[]> = {
    User: [
      { name: "username", key: userNameKey, index: userNames },
      { name: "externalid", key: caseKey(true), index: externalIds.User },
    ],
    Group: [
      { name: "displayname", key: displayNameKey, index: displayNames },
      { name: "externalid", key: caseKey(true), index: externalIds.Group },
    ],
  };

  const unindex = (type: StoredType, id: string, data: JsonObject): void => {
    for (const attribute of indexed[type]) {
      const value = str(data, attribute.name);
      if (value !== undefined) attribute.index.remove(attribute.key(value), id);
    }
    if (type === "Group") for (const member of memberValues(data)) memberOf.get(member)?.delete(id);
  };

  const index = (type: StoredType, id: string, data: JsonObject): void => {
    for (const attribute of indexed[type]) {
      const value = str(data, attribute.name);
      if (value !== undefined) attribute.index.add(attribute.key(value), id);
    }
    if (type === "Group") {
      for (const member of memberValues(data)) {
        const groups = memberOf.get(member) ?? new Set<string>();
        memberOf.set(member, groups.add(id));
      }
    }
  };

  /** Uniqueness (RFC 7644 §3.3 → 409) and member references (400 invalidValue). */
  const checkIntegrity = (type: StoredType, id: string, data: JsonObject): void => {
    if (type === "User") {
      const userName = str(data, "userName");
      const owner = userName === undefined ? undefined : [...userNames.get(userNameKey(userName))][0];
      if (owner !== undefined && owner !== id) {
        throw new ScimError(409, "uniqueness", `userName "${userName}" is already taken (RFC 7643 §4.1)`);
      }
      return;
    }
    const displayName = str(data, "displayName");
    if (options.groupDisplayNameUnique === true && displayName !== undefined) {
      const owner = [...displayNames.get(displayNameKey(displayName))].find((other) => other !== id);
      if (owner !== undefined)
        throw new ScimError(409, "uniqueness", `group displayName "${displayName}" is taken`);
    }
    for (const member of memberValues(data)) {
      if (member === id) throw new ScimError(400, "invalidValue", "a group cannot be a member of itself");
      if (!tables.User.has(member) && !tables.Group.has(member)) {
        throw new ScimError(400, "invalidValue", `members: "${member}" is not an existing User or Group`);
      }
    }
  };

  /** Normalises members: one entry per value, `type` from what the value refers to, `display` kept. */
  const normaliseMembers = (data: JsonObject): void => {
    const key = findKey(data, "members");
    if (key === undefined) return;
    const raw = data[key];
    if (!Array.isArray(raw)) return;
    const seen = new Set<string>();
    const members: JsonObject[] = [];
    for (const member of raw) {
      const value = isJsonObject(member) ? str(member, "value") : undefined;
      if (value === undefined || seen.has(value)) continue;
      seen.add(value);
      const normalised: JsonObject = { value, type: tables.Group.has(value) ? "Group" : "User" };
      const display = str(member as JsonObject, "display");
      if (display !== undefined) normalised["display"] = display;
      members.push(normalised);
    }
    delete data[key];
    data["members"] = members;
  };

  const write = (type: StoredType, id: string, data: JsonObject, previous: Entry | undefined): JsonObject => {
    const copy = cloneJson(data);
    for (const k of Object.keys(copy)) if (["id", "meta"].includes(k.toLowerCase())) delete copy[k];
    normaliseMembers(copy);
    checkIntegrity(type, id, copy);
    const now = clock.now().toISOString();
    const version = (previous?.version ?? 0) + 1;
    const created = previous === undefined ? now : String((previous.data["meta"] as JsonObject)["created"]);
    const stored: JsonObject = {};
    setOwn(stored, "id", id);
    for (const [k, v] of Object.entries(copy)) setOwn(stored, k, v);
    stored["meta"] = { resourceType: type, created, lastModified: now, version: etagOf(version) };
    if (previous !== undefined) unindex(type, id, previous.data);
    tables[type].set(id, { data: stored, version, seq: previous?.seq ?? ++seq });
    index(type, id, stored);
    return stored;
  };

  const dropMember = (groupId: string, memberId: string): void => {
    const entry = tables.Group.get(groupId);
    if (entry === undefined) return;
    const members = (entry.data["members"] as JsonObject[] | undefined) ?? [];
    write(
      "Group",
      groupId,
      { ...entry.data, members: members.filter((m) => m["value"] !== memberId) },
      entry,
    );
  };

  return {
    get: (type, id) => tables[type].get(id)?.data,
    create(type, data) {
      let id = nextId();
      while (tables.User.has(id) || tables.Group.has(id)) id = nextId();
      return write(type, id, data, undefined);
    },
    replace(type, id, data) {
      const previous = tables[type].get(id);
      if (previous === undefined) throw new ScimError(404, undefined, `${type} ${id} not found`);
      return write(type, id, data, previous);
    },
    delete(type, id) {
      const entry = tables[type].get(id);
      if (entry === undefined) return undefined;
      const removedFrom = [...(memberOf.get(id) ?? [])];
      const formerMembers = type === "Group" ? memberValues(entry.data) : [];
      unindex(type, id, entry.data);
      tables[type].delete(id);
      for (const groupId of removedFrom) dropMember(groupId, id);
      memberOf.delete(id);
      return { removedFrom, formerMembers };
    },
    find(type, filter, resourceType, view) {
      const table = tables[type];
      const candidates =
        filter === undefined
          ? undefined
          : planCandidates(filter, indexed[type], resourceType.core.id, (id) => table.has(id));
      const entries =
        candidates === undefined
          ? [...table.values()]
          : [...candidates]
              .map((id) => table.get(id))
              .filter((e): e is Entry => e !== undefined)
              .sort((a, b) => a.seq - b.seq);
      const data = entries.map((e) => e.data);
      if (filter === undefined) return data;
      const matches = compileFilter(filter, resourceType);
      return data.filter((r) => matches(view === undefined ? r : view(r)));
    },
    groupsOf: (memberId) => [...(memberOf.get(memberId) ?? [])].filter((g) => tables.Group.has(g)),
    count: (type) => tables[type].size,
    clear() {
      for (const table of Object.values(tables)) table.clear();
      for (const idx of [userNames, displayNames, externalIds.User, externalIds.Group]) idx.clear();
      memberOf.clear();
    },
  };
}
