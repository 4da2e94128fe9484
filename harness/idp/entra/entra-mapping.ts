/**
 * Entra's outbound attribute mapping (§1.12 [S1]) and the "Add vs Replace" diff (§1.5.4 [S2] [C11]): what
 * the provisioning service sends for a source user, and which attributes it adds or replaces.
 */
import { SCHEMA_ENTERPRISE_USER } from "../../scim/schemas.ts";
import { isAbsent, sameValue } from "../common/scim-read.ts";
import type { SourceUser } from "../directory-state.ts";

/** A mapped value: strings, and `active` as a boolean (wire form depends on the dialect, §1.7). */
export type AttrValue = string | boolean;

/** Mapping target of the manager reference (§1.12, second pass §1.5.5). */
export const MANAGER_PATH = `${SCHEMA_ENTERPRISE_USER}:manager`;

/** One attribute the service adds (believed absent on the target) or replaces (changed). */
export interface AttrChange {
  op: "Add" | "Replace";
  path: string;
  value: AttrValue;
}

const WORK_EMAIL = 'emails[type eq "work"].value';

/** Every mapping target the model supports, with the source attribute it reads (§1.12 [S1]). */
export const ENTRA_ATTRIBUTE_SOURCES: Readonly<Record<string, (user: SourceUser) => AttrValue | undefined>> =
  {
    userName: (u) => u.userName, // userPrincipalName
    active: (u) => u.active, // Switch([IsSoftDeleted], …) [C9]
    displayName: (u) => u.displayName,
    [WORK_EMAIL]: (u) => u.email, // mail
    "name.givenName": (u) => u.givenName,
    "name.familyName": (u) => u.familyName,
    externalId: (u) => u.externalId, // mailNickname
    title: (u) => u.title, // jobTitle
    [`${SCHEMA_ENTERPRISE_USER}:department`]: (u) => u.department,
    [`${SCHEMA_ENTERPRISE_USER}:employeeNumber`]: (u) => u.employeeNumber, // employeeId
    'phoneNumbers[type eq "work"].value': (u) => u.phone, // telephoneNumber
    'phoneNumbers[type eq "mobile"].value': (u) => u.mobile, // mobile
    'addresses[type eq "work"].locality': (u) => u.locality, // Cinode (seed 000)
  };

/**
 * Attribute mappings by app: `default` is Microsoft's example table (§1.12 [S1]) over the fields a
 * fixture has; the others are the seed apps' tables (Cinode seeds 000/001, Cerby seed 003, Kintone seed 004).
 */
export const ENTRA_MAPPINGS: Readonly<Record<string, readonly string[]>> = {
  default: Object.keys(ENTRA_ATTRIBUTE_SOURCES),
  cinode: [
    "userName",
    "active",
    "name.givenName",
    "name.familyName",
    "externalId",
    "title",
    `${SCHEMA_ENTERPRISE_USER}:employeeNumber`,
    'phoneNumbers[type eq "work"].value',
    'addresses[type eq "work"].locality',
  ],
  cerby: ["userName", "active", WORK_EMAIL, "name.givenName", "name.familyName", "externalId"],
  kintone: [
    "userName",
    "active",
    "displayName",
    WORK_EMAIL,
    "name.givenName",
    "name.familyName",
    "externalId",
  ],
};

/**
 * The source user through an Entra attribute mapping, as SCIM path → value in mapping order. Empty values
 * are skipped: the service "doesn't support provisioning null values" [S6]. The manager is not here: it
 * is a reference, set in a second pass (§1.5.5).
 */
export function entraUserAttributes(
  user: SourceUser,
  mapping: readonly string[],
): Array<[string, AttrValue]> {
  const entries: Array<[string, AttrValue]> = [];
  for (const path of mapping) {
    const value = ENTRA_ATTRIBUTE_SOURCES[path]?.(user);
    if (value !== undefined && value !== "") entries.push([path, value]);
  }
  return entries;
}

/** The mapped attributes as the record kept in `UserRecord.lastExported`. */
export function exportedRecord(attributes: Array<[string, AttrValue]>): Record<string, unknown> {
  return Object.fromEntries(attributes);
}

/**
 * Add for attributes the target (or the IdP's last export) lacks, Replace for changed ones, nothing for
 * equal ones (§1.5.4 "Add vs Replace" [S2] [C11]; a target that never echoes an attribute keeps receiving
 * Add for it [C8] B3).
 */
export function diffAttributes(
  wanted: Array<[string, AttrValue]>,
  current: (path: string) => unknown,
): AttrChange[] {
  const changes: AttrChange[] = [];
  for (const [path, value] of wanted) {
    const have = current(path);
    if (isAbsent(have)) changes.push({ op: "Add", path, value });
    else if (!sameValue(value, have)) changes.push({ op: "Replace", path, value });
  }
  return changes;
}

const FILTERED = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/;
/** Key order of the doc's create body (§1.5.1); other keys follow in mapping order, `roles` last. */
const CREATE_ORDER = ["schemas", "externalId", "userName", "active", "emails", "meta", "name"];

/**
 * The create body (§1.5.1 [S1]) for the mapped attributes: both schemas listed, `meta.resourceType`,
 * `roles: []` (Part 4 item 6), the work email as the primary one. `name.formatted` of the doc example is
 * not in the default mapping (§1.12) and is not sent.
 */
export function createUserBody(user: SourceUser, mapping: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", SCHEMA_ENTERPRISE_USER],
    meta: { resourceType: "User" },
  };
  for (const [path, value] of entraUserAttributes(user, mapping)) {
    const filtered = FILTERED.exec(path);
    if (filtered !== null) {
      const [, attribute = "", type = "", sub = ""] = filtered;
      const list = (body[attribute] ??= []) as Array<Record<string, unknown>>;
      list.push(path === WORK_EMAIL ? { primary: true, type, [sub]: value } : { type, [sub]: value });
    } else if (path.startsWith("urn:")) {
      const cut = path.lastIndexOf(":");
      ((body[path.slice(0, cut)] ??= {}) as Record<string, unknown>)[path.slice(cut + 1)] = value;
    } else if (path.includes(".")) {
      const [parent = "", child = ""] = path.split(".");
      ((body[parent] ??= {}) as Record<string, unknown>)[child] = value;
    } else body[path] = value;
  }
  const ordered: Record<string, unknown> = {};
  for (const key of CREATE_ORDER) if (key in body) ordered[key] = body[key];
  for (const [key, value] of Object.entries(body)) if (!(key in ordered)) ordered[key] = value;
  ordered.roles = [];
  return ordered;
}
