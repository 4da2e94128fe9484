/**
 * Reading SCIM answers the way an IdP does: case-insensitive attribute names (RFC 7643 §2.1), the mapping
 * paths Entra writes (`name.givenName`, `emails[type eq "work"].value`, URN-qualified extension
 * attributes), ListResponse bodies (RFC 7644 §3.4.2) and loose value comparison (`"False"` vs `false`).
 */
import { SCHEMA_LIST_RESPONSE } from "../../scim/schemas.ts";

/** A JSON object. */
export type JsonRecord = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An attribute of `obj` by case-insensitive name (RFC 7643 §2.1: attribute names are case-insensitive). */
export function getCI(obj: unknown, name: string): unknown {
  if (!isRecord(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(obj)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

const FILTERED_PATH = /^([A-Za-z][\w$-]*)\[type eq "([^"]*)"\]\.([A-Za-z][\w$-]*)$/;

/**
 * The value at one of the mapping paths an IdP writes, or undefined: `userName`, `name.givenName`,
 * `emails[type eq "work"].value` (the element whose `type` matches, case-insensitively), and
 * `urn:…:enterprise:2.0:User:department` (the extension object under its URN, RFC 7643 §3.3).
 */
export function readPath(resource: unknown, path: string): unknown {
  if (path.startsWith("urn:")) {
    const cut = path.lastIndexOf(":");
    return getCI(getCI(resource, path.slice(0, cut)), path.slice(cut + 1));
  }
  const filtered = FILTERED_PATH.exec(path);
  if (filtered !== null) {
    const [, attribute = "", type = "", sub = ""] = filtered;
    const values = getCI(resource, attribute);
    if (!Array.isArray(values)) return undefined;
    const element: unknown = values.find(
      (v) =>
        typeof getCI(v, "type") === "string" && String(getCI(v, "type")).toLowerCase() === type.toLowerCase(),
    );
    return getCI(element, sub);
  }
  let current: unknown = resource;
  for (const part of path.split(".")) current = getCI(current, part);
  return current;
}

/** `true`/`false` for booleans and the strings "True"/"False" (any case), else undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    if (value.toLowerCase() === "true") return true;
    if (value.toLowerCase() === "false") return false;
  }
  return undefined;
}

/**
 * Whether the target holds what the IdP sent. Booleans and "True"/"False" compare as booleans (Entra's
 * Switch mapping yields strings [C9]); a complex value `{value}` compares by `value` (manager, RFC 7643
 * §4.3); everything else compares exactly ("Store values exactly as sent" [S1]).
 */
export function sameValue(sent: unknown, got: unknown): boolean {
  if (got === undefined || got === null) return sent === undefined || sent === null;
  const sentBool = asBoolean(sent);
  if (typeof sent === "boolean" || (sentBool !== undefined && typeof got === "boolean")) {
    return sentBool === asBoolean(got);
  }
  if (isRecord(got) && !isRecord(sent)) return sameValue(sent, getCI(got, "value"));
  if (typeof got === "number" && typeof sent === "string") return String(got) === sent;
  return sent === got;
}

/** True for undefined, null, "" and []: what an IdP treats as "the target has no value". */
export function isAbsent(value: unknown): boolean {
  return (
    value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)
  );
}

/** The `id` of a resource when it is a non-empty string. */
export function resourceId(resource: unknown): string | undefined {
  const id = getCI(resource, "id");
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** A parsed ListResponse, or why the body is not one. */
export type ListParse =
  { ok: true; totalResults: number; resources: JsonRecord[] } | { ok: false; problem: string };

/**
 * Parses a ListResponse (RFC 7644 §3.4.2): `schemas` holds the ListResponse URN and `totalResults` is a
 * number; `Resources` may be omitted only when there are no results.
 */
export function parseListResponse(body: unknown): ListParse {
  if (!isRecord(body)) return { ok: false, problem: "the body is not a JSON object" };
  const schemas = getCI(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA_LIST_RESPONSE)) {
    return { ok: false, problem: `schemas does not contain ${SCHEMA_LIST_RESPONSE}` };
  }
  const total = getCI(body, "totalResults");
  if (typeof total !== "number") return { ok: false, problem: "totalResults is missing or not a number" };
  const resources = getCI(body, "Resources");
  if (resources === undefined) {
    return total === 0
      ? { ok: true, totalResults: 0, resources: [] }
      : { ok: false, problem: "Resources is missing" };
  }
  if (!Array.isArray(resources) || !resources.every(isRecord)) {
    return { ok: false, problem: "Resources is not an array of objects" };
  }
  return { ok: true, totalResults: total, resources };
}
