/**
 * Okta's requests, in the wire form of its SCIM 2.0 reference [O1]: every request carries
 * `User-Agent: Okta SCIM Client 1.0.0`; queries carry `startIndex=1&count=100`; creates carry `externalId`,
 * `groups: []` and a placeholder `password` ([O1], sent even with password sync off [O4]).
 */
import { scimQuery } from "../../http/http-intent.ts";
import { SCHEMA_GROUP, SCHEMA_PATCH_OP, SCHEMA_USER } from "../../scim/schemas.ts";
import { getCI, isRecord } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import type { SourceUser } from "../directory-state.ts";

/** The User-Agent of every Okta request [O1]. */
export const OKTA_USER_AGENT = "Okta SCIM Client 1.0.0";

/** Okta's page size for imports and its `count` on lookups [O1]. */
export const OKTA_PAGE = 100;

/** `GET /Users?filter=userName eq "…"&startIndex=1&count=100`, percent-encoded as in [O1]. */
export function userLookupPath(userName: string): string {
  const query = { filter: `userName eq "${userName}"`, startIndex: "1", count: String(OKTA_PAGE) };
  return `/Users?${scimQuery(query, "percent")}`;
}

/**
 * `GET /Groups?filter=displayName eq "…"`: Okta checks whether a pushed group exists by name [O8]; the
 * `startIndex=1&count=100` is inferred from the user lookup [O1].
 */
export function groupLookupPath(displayName: string): string {
  const query = { filter: `displayName eq "${displayName}"`, startIndex: "1", count: String(OKTA_PAGE) };
  return `/Groups?${scimQuery(query, "percent")}`;
}

/**
 * One import page: `GET /Users?startIndex=…&count=100` or the same on `/Groups` [O1]; the test connection
 * uses `/Users` with `count=2` [O2] [O3].
 */
export function pagePath(
  startIndex: number,
  count = OKTA_PAGE,
  endpoint: "Users" | "Groups" = "Users",
): string {
  return `/${endpoint}?${scimQuery({ startIndex: String(startIndex), count: String(count) }, "percent")}`;
}

export { groupsPath, usersPath } from "../common/model-flow.ts";

/** `POST /Users` body, field for field the [O1] sample; `password` is Okta's placeholder [O4]. */
export function createUserBody(user: SourceUser, password: string): JsonRecord {
  return {
    schemas: [SCHEMA_USER],
    userName: user.userName,
    name: { givenName: user.givenName, familyName: user.familyName },
    emails: [{ primary: true, value: user.email, type: "work" }],
    displayName: user.displayName,
    locale: "en-US",
    externalId: user.externalId,
    groups: [],
    password,
    active: user.active,
  };
}

/** Sets `name` on `obj`, replacing an existing key of any case (RFC 7643 §2.1). */
function setCI(obj: JsonRecord, name: string, value: unknown): void {
  const existing = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  obj[existing ?? name] = value;
}

/**
 * The PUT body of an update: the user as the GET answered it, with Okta's profile attributes laid over it
 * [O1] ("Okta modifies the attributes that were changed and runs a PUT method request with the new body").
 */
export function mergedPutBody(current: JsonRecord, user: SourceUser, active: boolean): JsonRecord {
  const body = structuredClone(current);
  // meta is readOnly (RFC 7643 §3.1); [O1]'s PUT carries only `resourceType` of it, so only that is kept
  // (whether Okta echoes timestamps is not documented).
  const meta = getCI(body, "meta");
  if (isRecord(meta)) {
    const resourceType = getCI(meta, "resourceType");
    setCI(body, "meta", resourceType === undefined ? {} : { resourceType });
  }
  setCI(body, "userName", user.userName);
  const name = getCI(body, "name");
  setCI(body, "name", {
    ...(isRecord(name) ? name : {}),
    givenName: user.givenName,
    familyName: user.familyName,
  });
  setCI(body, "displayName", user.displayName);
  const emails = getCI(body, "emails");
  const others = Array.isArray(emails)
    ? emails.filter((e) => !(isRecord(e) && (getCI(e, "primary") === true || getCI(e, "type") === "work")))
    : [];
  setCI(body, "emails", [{ primary: true, value: user.email, type: "work" }, ...others]);
  if (user.title !== undefined) setCI(body, "title", user.title);
  setCI(body, "active", active);
  return body;
}

function patchBody(operations: JsonRecord[]): JsonRecord {
  return { schemas: [SCHEMA_PATCH_OP], Operations: operations };
}

/** Activate / deactivate in an OIN app: `replace` with a value object and no path [O1]. */
export function activePatchBody(active: boolean): JsonRecord {
  return patchBody([{ op: "replace", value: { active } }]);
}

/**
 * Password sync in an OIN app: [O1] says it is a PATCH; the body is not documented, so it takes the form of
 * the documented deactivation (`replace` with a value object, no path) — inferred.
 */
export function passwordPatchBody(password: string): JsonRecord {
  return patchBody([{ op: "replace", value: { password } }]);
}

/** Group Push create: `{displayName, members: []}` [O1]. */
export function createGroupBody(displayName: string): JsonRecord {
  return { schemas: [SCHEMA_GROUP], displayName, members: [] };
}

/** The rename Okta sends, also before every membership update: `replace` value `{id, displayName}` [O1]. */
export function renamePatchBody(id: string, displayName: string): JsonRecord {
  return patchBody([{ op: "replace", value: { id, displayName } }]);
}

/** A member reference as Okta sends it: `{value, display}`, no `type` [O1] [O6]. */
export interface OktaMember {
  value: string;
  display: string;
}

/**
 * A membership update in an OIN app [O1]: one `remove` per member on `members[value eq "…"]`, then one
 * `add` on `members`. A push that leaves the group empty is `replace members []` [O5].
 */
export function membersPatchBody(
  add: readonly OktaMember[],
  remove: readonly string[],
  emptied: boolean,
): JsonRecord {
  if (emptied) return patchBody([{ op: "replace", path: "members", value: [] }]);
  return patchBody([
    ...remove.map((id) => ({ op: "remove", path: `members[value eq "${id}"]` })),
    ...(add.length > 0 ? [{ op: "add", path: "members", value: add.map((m) => ({ ...m })) }] : []),
  ]);
}

/** The whole group, as an AIW app PUTs it for renames and membership (method [O1]; body inferred). */
export function groupPutBody(id: string, displayName: string, members: readonly OktaMember[]): JsonRecord {
  return { schemas: [SCHEMA_GROUP], id, displayName, members: members.map((m) => ({ ...m })) };
}
