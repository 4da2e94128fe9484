/**
 * Small helpers the contract checks share: reading exchanges, building prefixed test users and groups on
 * the target (tracked for cleanup), and scoped list queries.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import type { HttpIntent } from "../../harness/http/http-intent.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import { SCHEMA_GROUP, SCHEMA_PATCH_OP, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import type { CheckContext } from "./contract-check.ts";
import { resourcesOf } from "./contract-context.ts";

export { resourcesOf };

type Json = Record<string, unknown>;

/** `POST /Users → 500`, or the transport error kind. */
export function describe(exchange: Exchange | undefined): string {
  if (exchange === undefined) return "(no request)";
  const path = exchange.request.url.replace(/^https?:\/\/[^/]+/, "");
  return `${exchange.request.method} ${path} → ${exchange.response?.status ?? exchange.error?.kind ?? "no answer"}`;
}

export const statusOf = (exchange: Exchange | undefined): number | undefined => exchange?.response?.status;

/** The response body when it is a JSON object. */
export function bodyOf(exchange: Exchange | undefined): Json | undefined {
  const body = exchange?.response?.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Json) : undefined;
}

/** A case-insensitive member of an object (SCIM attribute names are case-insensitive, RFC 7643 §2.1). */
export function attr(object: unknown, name: string): unknown {
  if (typeof object !== "object" || object === null) return undefined;
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (object as Json)[key];
}

/** The ids of a list response's resources. */
export const idsOf = (exchange: Exchange | undefined): string[] =>
  resourcesOf(exchange?.response?.body).map((r) => String(r["id"]));

/** Sends a request from a check. */
export function send(
  ctx: CheckContext,
  intent: Omit<HttpIntent, "label"> & { label?: string },
): Promise<Exchange> {
  return ctx.client.send({ label: `${ctx.check.id}: ${intent.method} ${intent.path}`, ...intent });
}

/** Does the User schema declare this attribute (lower-case dotted name)? Unknown schema → assume yes. */
export const declares = (ctx: CheckContext, name: string): boolean =>
  ctx.discovery.userAttributes?.has(name.toLowerCase()) ?? true;

/**
 * A plain RFC 7643 §4.1 user named under the run prefix, with only the attributes the target declares.
 * `label` must be unique within the check.
 */
export function userBody(ctx: CheckContext, label: string, extra: Json = {}): Json {
  const userName = `${ctx.uniqueName(label)}@example.com`;
  const body: Json = { schemas: [SCHEMA_USER], userName };
  if (declares(ctx, "name")) body["name"] = { givenName: "Ada", familyName: `Tester ${label}` };
  if (declares(ctx, "displayName")) body["displayName"] = `Ada ${label}`;
  if (declares(ctx, "emails")) body["emails"] = [{ value: userName, type: "work", primary: true }];
  if (declares(ctx, "active")) body["active"] = true;
  return { ...body, ...extra };
}

/** A created resource: the POST exchange, the id, and the body the target returned. */
export interface Created {
  exchange: Exchange;
  id: string;
  body: Json;
}

async function create(ctx: CheckContext, kind: "Users" | "Groups", body: Json): Promise<Created> {
  const exchange = await send(ctx, { method: "POST", path: `/${kind}`, body });
  const created = bodyOf(exchange);
  const id = created?.["id"];
  if (typeof id === "string" && id !== "") ctx.cleanup.track(kind, id);
  if (statusOf(exchange) !== 201 || typeof id !== "string" || id === "" || created === undefined) {
    ctx.setupFailed(`could not create a test resource: ${describe(exchange)}`, exchange);
  }
  return { exchange, id, body: created };
}

/** Creates a user (see `userBody`) or fails the check's setup. */
export function createUser(ctx: CheckContext, label: string, extra: Json = {}): Promise<Created> {
  return create(ctx, "Users", userBody(ctx, label, extra));
}

/** Creates a group named under the run prefix with these member ids, or fails the check's setup. */
export function createGroup(
  ctx: CheckContext,
  label: string,
  memberIds: readonly string[] = [],
): Promise<Created> {
  const body: Json = { schemas: [SCHEMA_GROUP], displayName: ctx.uniqueName(label) };
  if (memberIds.length > 0) body["members"] = memberIds.map((value) => ({ value }));
  return create(ctx, "Groups", body);
}

/** GET /{kind}/{id}, optionally with query parameters. */
export function getResource(
  ctx: CheckContext,
  kind: "Users" | "Groups",
  id: string,
  query: Record<string, string | undefined> = {},
  headers?: Record<string, string>,
): Promise<Exchange> {
  const qs = scimQuery(query);
  return send(ctx, {
    method: "GET",
    path: `/${kind}/${encodeURIComponent(id)}${qs === "" ? "" : `?${qs}`}`,
    ...(headers !== undefined ? { headers } : {}),
  });
}

/** GET /Users with a filter (Entra's `+`/`%22` wire form [C1]) and other query parameters. */
export function listUsers(
  ctx: CheckContext,
  filter: string | undefined,
  query: Record<string, string | undefined> = {},
): Promise<Exchange> {
  const qs = scimQuery({ filter, ...query });
  return send(ctx, { method: "GET", path: `/Users${qs === "" ? "" : `?${qs}`}` });
}

/** A PATCH request body (RFC 7644 §3.5.2). */
export const patchBody = (...operations: Json[]): Json => ({
  schemas: [SCHEMA_PATCH_OP],
  Operations: operations,
});

/** PATCH /{kind}/{id}. */
export function patch(
  ctx: CheckContext,
  kind: "Users" | "Groups",
  id: string,
  operations: Json[],
  headers?: Record<string, string>,
): Promise<Exchange> {
  return send(ctx, {
    method: "PATCH",
    path: `/${kind}/${encodeURIComponent(id)}`,
    body: patchBody(...operations),
    ...(headers !== undefined ? { headers } : {}),
  });
}

/** Reads a resource back after a write; fails the check's setup when it cannot be read. */
export async function readBack(ctx: CheckContext, kind: "Users" | "Groups", id: string): Promise<Json> {
  const exchange = await getResource(ctx, kind, id);
  const body = bodyOf(exchange);
  if (statusOf(exchange) !== 200 || body === undefined) {
    ctx.setupFailed(`could not read ${kind}/${id} back: ${describe(exchange)}`, exchange);
  }
  return body;
}

/** The member ids of a group body. */
export const memberIds = (group: Json | undefined): string[] => {
  const members = attr(group, "members");
  return (Array.isArray(members) ? members : []).map((m) => String(attr(m, "value"))).sort();
};

/** The `value`s of a user's emails. */
export const emailValues = (user: Json | undefined): string[] => {
  const emails = attr(user, "emails");
  return (Array.isArray(emails) ? emails : []).map((e) => String(attr(e, "value")).toLowerCase()).sort();
};

/** Sorted copy, for set comparisons in messages. */
export const sorted = (values: readonly string[]): string[] => [...values].sort();

export const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && sorted(a).every((v, i) => v === sorted(b)[i]);
