/**
 * JumpCloud's request bodies. User create and PUT bodies follow the sanitised real payloads of [J6]
 * (§2.4.1, §2.4.2: keys in alphabetical order, `tel:` phones, 24-hex externalId, `schemas` reversed on
 * PUT); member PATCHes follow [J7] [J8] (value arrays, no filter); the rest is inferred and marked so.
 * Headers are not documented (§2.1): requests set none and take the client's defaults.
 */
import { createHash } from "node:crypto";
import { scimQuery } from "../../http/http-intent.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_PATCH_OP, SCHEMA_USER } from "../../scim/schemas.ts";
import type { SourceUser } from "../directory-state.ts";
import { JC_DEPARTMENT, type JumpCloudOptions } from "./jumpcloud-options.ts";

const HEX24 = /^[0-9a-f]{24}$/;

/** A 24-hex id like JumpCloud's object ids [J6]: the value itself when it is one, else derived from it. */
export function objectId(value: string): string {
  return HEX24.test(value) ? value : createHash("sha256").update(value).digest("hex").slice(0, 24);
}

/** The `externalId` JumpCloud sends: the object id [J6] or the Employee ID [J10] (seed 002). */
export function jumpCloudExternalId(user: SourceUser, opts: JumpCloudOptions): string | undefined {
  return opts.externalId === "objectId" ? objectId(user.externalId) : user.employeeNumber || undefined;
}

/** A phone number as a `tel:` URI, the form in [J6] (Part 4 item 9). */
export function telUri(phone: string): string {
  return phone.startsWith("tel:") ? phone : `tel:${phone}`;
}

/** The attributes shared by create and full PUT, alphabetically keyed like the [J6] samples. */
function userAttributes(user: SourceUser, opts: JumpCloudOptions, active: boolean): Record<string, unknown> {
  const externalId = jumpCloudExternalId(user, opts);
  return {
    active,
    addresses: user.locality ? [{ locality: user.locality, primary: true, type: "work" }] : [],
    displayName: user.displayName,
    emails: [{ primary: true, type: "work", value: user.email }],
    ...(externalId !== undefined ? { externalId } : {}),
  };
}

/** The enterprise department [J6], unless the admin left it unmapped (`omitAttributes`, inferred). */
function department(user: SourceUser, opts: JumpCloudOptions): Record<string, unknown> {
  if (!user.department || opts.omitAttributes.includes(JC_DEPARTMENT)) return {};
  return { [SCHEMA_ENTERPRISE_USER]: { department: user.department } };
}

function userTail(user: SourceUser): Record<string, unknown> {
  return {
    locale: "en-US",
    name: { familyName: user.familyName, givenName: user.givenName },
    phoneNumbers: user.phone ? [{ primary: true, type: "work", value: telUri(user.phone) }] : [],
    preferredLanguage: "en-US",
  };
}

/** `POST /Users` body (§2.4.1 [J6]): core + enterprise schemas, no `meta`, the enterprise URN listed. */
export function createUserBody(user: SourceUser, opts: JumpCloudOptions): Record<string, unknown> {
  return {
    ...userAttributes(user, opts, user.active),
    ...userTail(user),
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
    ...(user.title ? { title: user.title } : {}),
    ...department(user, opts),
    userName: user.userName,
  };
}

/**
 * `PUT /Users/{id}` body (§2.4.2 [J6]). Full: every attribute, empty arrays for what is unset, the SP's
 * `id`, schemas in reversed order, the enterprise extension under its URN. Minimal: `"emails": null`.
 */
export function putUserBody(
  user: SourceUser,
  id: string,
  opts: JumpCloudOptions,
  active: boolean,
): Record<string, unknown> {
  if (opts.putBody === "minimal") {
    return {
      active,
      emails: null,
      id,
      name: { familyName: user.familyName, givenName: user.givenName },
      schemas: [SCHEMA_USER],
      userName: user.userName,
    };
  }
  return {
    ...userAttributes(user, opts, active),
    id,
    ...userTail(user),
    schemas: [SCHEMA_ENTERPRISE_USER, SCHEMA_USER],
    ...(user.title ? { title: user.title } : {}),
    ...department(user, opts),
    userName: user.userName,
  };
}

function patchBody(operations: Array<Record<string, unknown>>): Record<string, unknown> {
  return { schemas: [SCHEMA_PATCH_OP], Operations: operations };
}

/** Deactivate / reactivate by PATCH, the [J7] form (grade D; JC4 says replay PUT and PATCH). */
export function activePatchBody(active: boolean): Record<string, unknown> {
  return patchBody([{ op: "replace", path: "active", value: active }]);
}

/** Member add: a value array of bare `{value}` objects [J7]. */
export function addMembersBody(ids: readonly string[]): Record<string, unknown> {
  return patchBody([{ op: "add", path: "members", value: ids.map((value) => ({ value })) }]);
}

/**
 * Member removal: `remove` on `members` with a value array, no filter [J7] [J8] (B4); or, with
 * `memberRemoval: filter`, one `remove` per member on `members[value eq "…"]` (inferred from [J9], B25).
 */
export function removeMembersBody(
  ids: readonly string[],
  form: JumpCloudOptions["memberRemoval"] = "valueArray",
): Record<string, unknown> {
  if (form === "filter")
    return patchBody(ids.map((id) => ({ op: "remove", path: `members[value eq "${id}"]` })));
  return patchBody([{ op: "remove", path: "members", value: ids.map((value) => ({ value })) }]);
}

/** Group create (inferred: no body captured; members are added by PATCH afterwards, JC5). */
export function createGroupBody(displayName: string): Record<string, unknown> {
  return { displayName, schemas: [SCHEMA_GROUP] };
}

/** Rename by PATCH (JC7, inferred). */
export function renamePatchBody(displayName: string): Record<string, unknown> {
  return patchBody([{ op: "replace", path: "displayName", value: displayName }]);
}

/** Rename by PUT of the whole group, members included since PUT replaces (JC7, inferred). */
export function groupPutBody(
  id: string,
  displayName: string,
  memberIds: readonly string[],
): Record<string, unknown> {
  return { displayName, id, members: memberIds.map((value) => ({ value })), schemas: [SCHEMA_GROUP] };
}

/** `GET /Users?filter=userName eq "…"` (inferred: the lookup exists [J1], its filter is not documented). */
export function userLookupPath(userName: string): string {
  return `/Users?${scimQuery({ filter: `userName eq "${userName}"` }, "percent")}`;
}

/** `GET /Groups?filter=displayName eq "…"` (inferred from the takeover-by-name rule [J4]). */
export function groupLookupPath(displayName: string): string {
  return `/Groups?${scimQuery({ filter: `displayName eq "${displayName}"` }, "percent")}`;
}
