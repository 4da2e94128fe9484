/**
 * The quirk framework: a quirk is a named, documented misbehaviour of a real service provider (the bugs
 * B1–B25 of ../shared/docs/idp-behaviour.md Part 3) that the fake SP can switch on, so every scenario and
 * check can prove it fails against that misbehaviour.
 *
 * A quirk is data plus hooks. The request pipeline calls the hooks of every active quirk, in the order the
 * quirks were given, at these points:
 *
 * 1. `onRequest(ctx)`: after routing, before authentication and body parsing. Return a `ScimResponse` to
 *    answer at once (403 HTML page B12, 429 storm B24, 5xx rate, `{ action: "reset" }` or `"hang"`, PUT
 *    not implemented B15, case-sensitive routes B20 via `ctx.route.endpointAsSent`), or nothing to go on.
 *    May await (`ctx.sleep(ms)` for latency). Responses returned here skip `onResponse`.
 * 2. `transformBody(ctx, body)`: after JSON parsing of POST/PUT/PATCH/`.search` bodies; returns the body
 *    to use, or throws a `ScimError` (strict typing rejecting `"emails": null`, B17).
 * 3. `transformPatchOperations(ctx, operations, current)`: PATCH only, inside the resource lock, before the
 *    core applies the operations to `current` (a copy of the stored resource). Returns the operations to
 *    apply, or throws a `ScimError`. Operations are raw as sent (`op` keeps its case). Returning an
 *    empty list makes the PATCH a successful no-op. Covers B1–B7, B10, B11, B22, B25.
 * 4. `beforeCommit(ctx, change)`: create, replace (PUT) and patch, after validation, just before the store
 *    write; returns the resource to store. May await: with `serialiseMutations: false` an `await
 *    ctx.sleep(0)` here turns every PATCH into an unprotected read-modify-write (B8). Also PUT merging
 *    (B16) and `active: false` on create (B19).
 * 5. `onResponse(ctx, response)`: on every response the pipeline produced (success or error); returns the
 *    response to send: 404 on a filter miss (B9), 409 without `scimType` or 400 on duplicates (B14),
 *    `application/json` content type (B21), reset after commit (B13).
 *
 * A hook that throws a `ScimError` produces that error response; any other exception becomes a 500.
 */
import type { TokenRegistry } from "../auth/token-registry.ts";
import type { Clock } from "../clock.ts";
import type { ScimRequest, ScimResponse } from "../core/scim-exchange.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";

/** Value or promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** What a request asks for, as routing understood it. */
export type ScimOperation =
  | "create"
  | "get"
  | "list"
  | "search"
  | "replace"
  | "patch"
  | "delete"
  | "discovery"
  | "bulk"
  | "me"
  | "admin"
  | "unsupported-method"
  | "unknown";

/** The route a request matched. */
export interface RouteMatch {
  operation: ScimOperation;
  /** Resource type name for resource routes: "User" or "Group". */
  resourceType?: string;
  /** Canonical endpoint name: "Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig", … */
  endpoint?: string;
  /** Resource id (decoded) for `/Users/{id}`-style routes. */
  id?: string;
  /** The endpoint segment exactly as sent (e.g. "users" for `/scim/v2/users`), for route-case quirks (B20). */
  endpointAsSent?: string;
  /** The path after the base path, as sent (e.g. "/Users/123"); undefined when outside the base path. */
  subPath?: string;
  /** For `unsupported-method`: the methods the route allows (the `Allow` header, RFC 9110 §15.5.6). */
  allow?: readonly string[];
}

/** A PATCH operation as sent (RFC 7644 §3.5.2); fields are unchecked wire values. */
export interface PatchOperation {
  op?: unknown;
  path?: unknown;
  value?: unknown;
  [key: string]: unknown;
}

/** What every hook receives. */
export interface QuirkContext {
  request: ScimRequest;
  route: RouteMatch;
  clock: Clock;
  /** Uniform random number in [0, 1) (injectable, so rate-based quirks are testable). */
  random(): number;
  /** Waits `ms` real milliseconds (latency, hangs that end, yields between read and write). */
  sleep(ms: number): Promise<void>;
  /** Mutable state private to this quirk in this fake SP instance (counters for 429 storms, …). */
  state: Record<string, unknown>;
  /** The fake's bearer tokens, to read (quirks about credentials: which token a request carries). */
  tokens: Pick<TokenRegistry, "primary" | "authenticate">;
}

/** A write the pipeline is about to commit. */
export interface CommitChange {
  operation: "create" | "replace" | "patch";
  resourceType: string;
  /** The stored resource before the write (undefined on create). */
  before: JsonObject | undefined;
  /** The resource about to be stored (a copy the hook may modify and return). */
  after: JsonObject;
}

/** The hook points; every hook is optional. */
export interface QuirkHooks {
  onRequest?(ctx: QuirkContext): MaybePromise<ScimResponse | undefined>;
  transformBody?(ctx: QuirkContext, body: unknown): MaybePromise<unknown>;
  transformPatchOperations?(
    ctx: QuirkContext,
    operations: PatchOperation[],
    current: JsonObject,
  ): MaybePromise<PatchOperation[]>;
  beforeCommit?(ctx: QuirkContext, change: CommitChange): MaybePromise<JsonObject>;
  onResponse?(ctx: QuirkContext, response: ScimResponse): MaybePromise<ScimResponse>;
}

/** What `defineQuirk` takes. */
export interface QuirkDefinition {
  /** kebab-case, unique in the catalogue, e.g. "filter-miss-404". */
  id: string;
  /** One line: the misbehaviour. */
  title: string;
  /** Bug ids from idp-behaviour.md Part 3 ("B9"); empty for generic faults (latency, resets). */
  bugIds: readonly string[];
  /** Where the behaviour was seen: URLs or evidence tags ("[S4]"). */
  sources: readonly string[];
  /** What exactly changes, and what does not. */
  description: string;
  hooks: QuirkHooks;
  /** `false` switches off the per-resource mutation lock while this quirk is active (B8). Default true. */
  serialiseMutations?: boolean;
  /**
   * For parameterised quirks: `--quirks latency-fixed=250` calls `configure("250")` and uses the returned
   * hooks instead of `hooks` (which then hold the defaults). Throw `TypeError` for a bad option.
   */
  configure?(option: string): QuirkHooks;
}

/** A quirk, frozen. */
export type Quirk = Readonly<QuirkDefinition>;

const QUIRK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const BUG_ID = /^B[1-9][0-9]*$/;

/**
 * Declares a quirk (identity function with checks, like vitest `defineConfig`).
 *
 * @example
 * export const filterMiss404 = defineQuirk({
 *   id: "filter-miss-404", title: "…", bugIds: ["B9"], sources: ["[S4]"], description: "…",
 *   hooks: { onResponse: (ctx, res) => … },
 * });
 */
export function defineQuirk(definition: QuirkDefinition): Quirk {
  if (!QUIRK_ID.test(definition.id))
    throw new TypeError(`defineQuirk: id "${definition.id}" is not kebab-case`);
  for (const bug of definition.bugIds) {
    if (!BUG_ID.test(bug))
      throw new TypeError(`defineQuirk(${definition.id}): bug id "${bug}" is not like "B9"`);
  }
  if (definition.title.trim() === "" || definition.description.trim() === "") {
    throw new TypeError(`defineQuirk(${definition.id}): title and description are required`);
  }
  return Object.freeze({ ...definition, bugIds: [...definition.bugIds], sources: [...definition.sources] });
}

/** Applies `configure(option)` to a quirk: the result's id is `id=option`. */
export function configureQuirk(quirk: Quirk, option: string): Quirk {
  if (quirk.configure === undefined)
    throw new TypeError(`quirk "${quirk.id}" takes no option (got "${option}")`);
  return Object.freeze({ ...quirk, id: `${quirk.id}=${option}`, hooks: quirk.configure(option) });
}
