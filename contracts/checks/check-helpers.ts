/**
 * Small helpers the contract checks share: reading exchanges, building prefixed test users and groups on
 * the target (tracked for cleanup), and scoped list queries.
 */
import type { Finding } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import type { HttpIntent } from "../../harness/http/http-intent.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import { resolveAttribute } from "../../harness/scim/schema-types.ts";
import { SCHEMA_GROUP, SCHEMA_PATCH_OP, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import type { CheckContext, Problem } from "./contract-check.ts";
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
 * Can a client write this User attribute (`title`, `name.givenName`)? False when the target declares it
 * `readOnly` (RFC 7643 §7: "The attribute SHALL NOT be modified") or does not declare it.
 */
export function writable(ctx: CheckContext, name: string): boolean {
  if (!declares(ctx, name)) return false;
  const [top, sub] = name.split(".");
  const resolved = resolveAttribute(ctx.discovery.userType, {
    name: top!,
    ...(sub !== undefined ? { subAttr: sub } : {}),
  });
  const mutability = (resolved?.subAttribute ?? resolved?.attribute)?.mutability;
  return mutability !== "readOnly";
}

/** A string attribute the target lets clients write (RFC 7643 §7): displayName unless it is readOnly. */
export function writableString(ctx: CheckContext): string {
  const name = ["displayName", "title", "nickName"].find((n) => writable(ctx, n));
  return name ?? ctx.notApplicable("the target declares none of displayName, title, nickName writable");
}

/**
 * A plain RFC 7643 §4.1 user named under the check prefix, with only the attributes the target declares;
 * userName, displayName and the email are unique to the run and the check.
 */
export function userBody(ctx: CheckContext, label: string, extra: Json = {}): Json {
  const name = ctx.uniqueName(label);
  const userName = `${name}@example.com`;
  const body: Json = { schemas: [SCHEMA_USER], userName };
  if (declares(ctx, "name")) body["name"] = { givenName: "Ada", familyName: `Tester ${label}` };
  // displayName and emails unique per run and check too: a target may keep them unique (class 1 of #14).
  if (declares(ctx, "displayName")) body["displayName"] = `Ada ${name}`;
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

/** A finding the RFC allows: reported as information under the check's id, never a failure. */
export const allowedAnswer = (ctx: CheckContext, problem: Problem): Finding => ({
  ...ctx.finding(problem),
  severity: "info",
});

/**
 * An IdP-compatibility finding apart from the RFC check (its own rule id, e.g. `entra.filter-supported`):
 * the target's answer is one the RFC allows, but an IdP that sends this request breaks on it.
 */
export const idpImpact = (
  ctx: CheckContext,
  ruleId: string,
  severity: "error" | "warning",
  problem: Problem,
): Finding => ({ ...ctx.finding(problem), ruleId, severity });

/** Is this a 400 that declines a filter (RFC 7644 §3.12 invalidFilter; a missing scimType is accepted too)? */
export function declinesFilter(exchange: Exchange | undefined): boolean {
  if (statusOf(exchange) !== 400) return false;
  const scimType = attr(bodyOf(exchange), "scimType");
  return scimType === undefined || scimType === null || String(scimType).toLowerCase() === "invalidfilter";
}

/** The RFC sentence that allows a target to decline a filter. */
export const DECLINE_ALLOWED =
  'RFC 7644 §3.12 allows 400 invalidFilter when "the specified attribute and filter comparison combination is not supported"';

/**
 * The filter that selects exactly these users: `userName sw "<check prefix>"`, or an `or` of `userName eq`
 * when the target declines `sw`. Chosen by a plain query first, so paging parameters never decide it.
 */
export async function scopeOf(ctx: CheckContext, users: readonly Created[]): Promise<string> {
  const bySw = `userName sw "${ctx.checkPrefix}"`;
  const first = await listUsers(ctx, bySw);
  if (statusOf(first) === 200) return bySw;
  if (!declinesFilter(first))
    return ctx.setupFailed(`the scoped list query failed (${describe(first)})`, first);
  const byEq = users.map((u) => `userName eq "${String(u.body["userName"])}"`).join(" or ");
  const second = await listUsers(ctx, byEq);
  if (statusOf(second) === 200) return byEq;
  if (declinesFilter(second)) {
    return ctx.notApplicable(
      `the check pages over its own users only, and the target declines both ${bySw} and ${byEq} with 400 invalidFilter (${DECLINE_ALLOWED}), so the query cannot be scoped on a shared target`,
    );
  }
  return ctx.setupFailed(`the scoped list query failed (${describe(second)})`, second);
}
