/**
 * Small helpers the catalogued quirks share: reading raw PATCH operations (member names match
 * case-insensitively, RFC 7643 §2.1), parsing `id=option` values, and rewriting resources in responses.
 */
import { findKey, isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { SCHEMA_LIST_RESPONSE } from "../../harness/scim/schemas.ts";
import type { ScimResponse } from "../core/scim-exchange.ts";
import type { PatchOperation, QuirkContext } from "./quirk.ts";

/** A member of a raw PATCH operation, found case-insensitively. */
export function opField(operation: PatchOperation, name: string): unknown {
  const key = findKey(operation, name);
  return key === undefined ? undefined : operation[key];
}

/** The operation's `op`, lower-case ("add", "replace", "remove"), or undefined when it is not a string. */
export const opName = (operation: PatchOperation): string | undefined => {
  const op = opField(operation, "op");
  return typeof op === "string" ? op.trim().toLowerCase() : undefined;
};

/** The operation's `path`, trimmed, or undefined when absent or not a string. */
export const opPath = (operation: PatchOperation): string | undefined => {
  const path = opField(operation, "path");
  return typeof path === "string" ? path.trim() : undefined;
};

/** True when the operation carries a `value` member (even `null`). */
export const hasValue = (operation: PatchOperation): boolean => findKey(operation, "value") !== undefined;

/** A copy of the operation with member `name` set (replacing any case variant of it). */
export function withField(operation: PatchOperation, name: string, value: unknown): PatchOperation {
  const out: PatchOperation = {};
  for (const [k, v] of Object.entries(operation)) if (k.toLowerCase() !== name) setOwn(out, k, v);
  setOwn(out, name, value);
  return out;
}

/**
 * The attribute a path names without its schema URN and value filter, lower-case:
 * `urn:…:enterprise:2.0:User:manager` → "manager", `emails[type eq "work"].value` → "emails.value".
 */
export function bareAttribute(path: string): string {
  const withoutFilter = path.replace(/\[[^\]]*\]/g, "");
  const lower = withoutFilter.toLowerCase();
  if (!lower.startsWith("urn:")) return lower;
  const last = lower.lastIndexOf(":");
  return lower.slice(last + 1);
}

/** True for the operations that write: create, replace, patch, delete. */
export const isWrite = (ctx: QuirkContext): boolean =>
  ["create", "replace", "patch", "delete"].includes(ctx.route.operation);

/** A number from a quirk option; throws `TypeError` with the usage text when it is not in [min, max]. */
export function numberOption(raw: string, min: number, max: number, usage: string): number {
  const value = raw.trim() === "" ? Number.NaN : Number(raw.trim());
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(`${usage} (got "${raw}")`);
  }
  return value;
}

/**
 * Applies `change` to every resource in a JSON response: the resource itself, or each of a
 * ListResponse's `Resources`. Error bodies and bodiless responses pass through.
 */
export function mapResponseResources(
  response: ScimResponse,
  change: (resource: JsonObject) => JsonObject,
): ScimResponse {
  const json = response.json;
  if (!isJsonObject(json) || response.status >= 300) return response;
  const schemas = json["schemas"];
  const isList = Array.isArray(schemas) && schemas.includes(SCHEMA_LIST_RESPONSE);
  if (isList) {
    const resources = json["Resources"];
    if (!Array.isArray(resources)) return response;
    const mapped = resources.map((r) => (isJsonObject(r) ? change(r) : r));
    return { ...response, json: { ...json, Resources: mapped } };
  }
  return typeof json["id"] === "string" ? { ...response, json: change(json) } : response;
}

/**
 * Applies `change` to the `meta` of every resource in a JSON response (as `mapResponseResources`);
 * `change` returns the new meta, or undefined to keep it.
 */
export function mapResponseMeta(
  response: ScimResponse,
  change: (meta: JsonObject) => JsonObject | undefined,
): ScimResponse {
  return mapResponseResources(response, (resource) => {
    const meta = resource["meta"];
    const changed = isJsonObject(meta) ? change(meta) : undefined;
    return changed === undefined ? resource : { ...resource, meta: changed };
  });
}

/** What an add/replace operation writes to `active` (by path or path-less key); undefined when nothing. */
export function activeWritten(operation: PatchOperation): unknown {
  const op = opName(operation);
  if (op !== "add" && op !== "replace") return undefined;
  const path = opPath(operation);
  const value = opField(operation, "value");
  if (path !== undefined) return bareAttribute(path) === "active" ? value : undefined;
  const key = isJsonObject(value) ? findKey(value, "active") : undefined;
  return key === undefined || !isJsonObject(value) ? undefined : value[key];
}

/** `false`, or Entra's string form `"False"` (any case). */
export const isFalse = (value: unknown): boolean =>
  value === false || (typeof value === "string" && value.trim().toLowerCase() === "false");

/**
 * Whether the request's bearer token is one the fake issued and has since expired or revoked; if so, the
 * request is re-authorised with the primary token (quirks that carry out what they should refuse).
 */
export function takeRefusedToken(ctx: QuirkContext): boolean {
  const headers = ctx.request.headers as Record<string, string | undefined>;
  const result = ctx.tokens.authenticate(headers["authorization"]);
  if (result.ok || (result.reason !== "expired" && result.reason !== "revoked")) return false;
  headers["authorization"] = `Bearer ${ctx.tokens.primary}`;
  return true;
}
