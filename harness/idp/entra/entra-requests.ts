/**
 * The requests Entra ID puts on the wire, in both dialects (without / with `aadOptscim062020`, §1.7 [S2]).
 * Bodies are built so that `JSON.stringify` reproduces the dossier's captures key order included.
 * No request sets a User-Agent: Entra sends none [C12] (the SCIM client sends none by default).
 */
import { scimQuery } from "../../http/http-intent.ts";
import type { QueryStyle } from "../../http/http-intent.ts";
import { SCHEMA_PATCH_OP } from "../../scim/schemas.ts";
import type { PlannedRequest, RequestRole } from "../idp-model.ts";
import type { AttrChange, AttrValue } from "./entra-mapping.ts";
import type { DisableVariant, FilterEncoding } from "./entra-options.ts";

/** `Content-type: application/scim+json` on POST and PATCH [S1]. */
export const ENTRA_BODY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/scim+json",
};

/** The non-standard second group schema Entra lists on create (§1.6.1 [S1]). */
export const ADSCIM_GROUP_SCHEMA = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

const STYLE: Record<FilterEncoding, QueryStyle> = { plus: "plus", raw: "plusRawQuotes", doc: "raw" };

/** A PatchOp body (RFC 7644 §3.5.2). */
export type PatchBody = {
  schemas: string[];
  Operations: Array<Record<string, unknown>>;
};

function patchBody(operations: Array<Record<string, unknown>>): PatchBody {
  return { schemas: [SCHEMA_PATCH_OP], Operations: operations };
}

/** A request Entra sends: no extra headers on reads, the SCIM content type on bodies. */
export function entraRequest(
  role: RequestRole,
  label: string,
  method: PlannedRequest["method"],
  path: string,
  extra: Partial<Pick<PlannedRequest, "body" | "main" | "inferred" | "evidence">> = {},
): PlannedRequest {
  const headers = extra.body === undefined ? {} : { ...ENTRA_BODY_HEADERS };
  return { role, label, method, path, headers, ...extra };
}

/** `/Users?filter=<attr> eq "<value>"` in Entra's encoding (§1.4 [C1] [C2] [C3]). */
export function userFilterPath(attribute: string, value: string, encoding: FilterEncoding): string {
  return `/Users?${scimQuery({ filter: `${attribute} eq "${value}"` }, STYLE[encoding])}`;
}

/** `/Groups?excludedAttributes=members&filter=displayName eq "<name>"` (§1.6.1 [S1]). */
export function groupFilterPath(displayName: string, encoding: FilterEncoding): string {
  const query = scimQuery(
    { excludedAttributes: "members", filter: `displayName eq "${displayName}"` },
    STYLE[encoding],
  );
  return `/Groups?${query}`;
}

/** Entra writes `op` capitalised without the flag and lower-case with it (§1.7 [S1] [S2]). */
export function opName(op: "Add" | "Replace" | "Remove", flag: boolean): string {
  return flag ? op.toLowerCase() : op;
}

/** `active` goes out as "True"/"False" without the flag (Switch mapping [C9] [S2]) and boolean with it. */
export function wireValue(path: string, value: AttrValue, flag: boolean): AttrValue {
  if (path === "active" && !flag) return value === true || value === "True" ? "True" : "False";
  return value;
}

/**
 * A user update PATCH body. Without the flag: one op per attribute, each with a path (§1.5.3, §1.5.4,
 * §1.7 [S2] [C11]). With the flag: filtered multi-valued paths keep their own op, adds keep a path
 * (`{"op":"add","path":"nickName"}` [S2]), `active` keeps its path as in the flag's disable form [S2], and
 * all other replaced simple attributes go into one path-less op with dotted or URN keys, last (§1.7 [S2]; B5).
 */
export function userPatchBody(changes: readonly AttrChange[], flag: boolean): PatchBody {
  if (!flag) {
    return patchBody(
      changes.map((c) => ({ op: c.op, path: c.path, value: wireValue(c.path, c.value, false) })),
    );
  }
  const ownOp = (c: AttrChange): boolean => c.path.includes("[") || c.path === "active" || c.op === "Add";
  const replaces = changes.filter((c) => !ownOp(c));
  const operations: Array<Record<string, unknown>> = changes
    .filter(ownOp)
    .map((c) => ({ op: opName(c.op, true), path: c.path, value: c.value }));
  if (replaces.length > 0) {
    operations.push({ op: "replace", value: Object.fromEntries(replaces.map((c) => [c.path, c.value])) });
  }
  return patchBody(operations);
}

/**
 * The disable (active false) or re-enable (active true, inferred §1.5.7) body of each §1.5.6 variant:
 * (a) `Replace` + "False" [S2] [C10]; (b) `replace` + false, the flag form [S2]; (c) `Replace` + false with
 * `Operations` before `schemas`, the tutorial example [S1]; (d) `Add` + "False" [C8] (B3).
 */
export function activeBody(variant: DisableVariant, active: boolean): Record<string, unknown> {
  const text = active ? "True" : "False";
  switch (variant) {
    case "a":
      return patchBody([{ op: "Replace", path: "active", value: text }]);
    case "b":
      return patchBody([{ op: "replace", path: "active", value: active }]);
    case "c":
      return { Operations: [{ op: "Replace", path: "active", value: active }], schemas: [SCHEMA_PATCH_OP] };
    case "d":
      return patchBody([{ op: "Add", path: "active", value: text }]);
  }
}

/**
 * The manager second pass (§1.5.5): set or change as a bare-string value on the enterprise URN path [C7]
 * (B11), remove with a value filter on `manager` [C6]. The no-flag casing is inferred from §1.7.
 */
export function managerPatchBody(
  change: { op: "Add" | "Replace"; managerId: string } | { op: "Remove"; oldManagerId: string },
  flag: boolean,
  managerPath: string,
): PatchBody {
  if (change.op === "Remove") {
    return patchBody([{ op: opName("Remove", flag), path: `manager[value eq "${change.oldManagerId}"]` }]);
  }
  return patchBody([{ op: opName(change.op, flag), path: managerPath, value: change.managerId }]);
}

/** Group create: both schemas, externalId, displayName, `meta.resourceType`, no members (§1.6.1 [S1]). */
export function createGroupBody(displayName: string, externalId: string): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group", ADSCIM_GROUP_SCHEMA],
    externalId,
    displayName,
    meta: { resourceType: "Group" },
  };
}

/** Add members: one op, a value array with `"$ref": null` (§1.6.4 [S1] [C4]); lower-case op with the flag. */
export function addMembersBody(memberIds: readonly string[], flag: boolean): PatchBody {
  return patchBody([
    { op: opName("Add", flag), path: "members", value: memberIds.map((value) => ({ $ref: null, value })) },
  ]);
}

/**
 * Remove members (§1.6.5): without the flag one `Remove` with a value array [S2] [C5] (an RFC-literal server
 * removes everyone, B4); with the flag one `remove` per member with a `members[value eq "…"]` path [S2].
 */
export function removeMembersBody(memberIds: readonly string[], flag: boolean): PatchBody {
  if (!flag)
    return patchBody([{ op: "Remove", path: "members", value: memberIds.map((value) => ({ value })) }]);
  return patchBody(memberIds.map((id) => ({ op: "remove", path: `members[value eq "${id}"]` })));
}

/** Rename: `Replace` of `displayName` with a path (§1.6.3 [S1]); lower-case with the flag (inferred). */
export function renameGroupBody(displayName: string, flag: boolean): PatchBody {
  return patchBody([{ op: opName("Replace", flag), path: "displayName", value: displayName }]);
}
