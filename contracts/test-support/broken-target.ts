/**
 * Test support: hand-broken SCIM servers. Each is the reference fake SP with one test-local quirk (hooks
 * from fakes/quirks/quirk.ts), served on loopback, so a test can prove a check or property fails when
 * the server misbehaves in exactly one way. Nothing here edits or registers anything in fakes/.
 */
import { createFakeServiceProvider, defineQuirk } from "../../fakes/index.ts";
import type {
  FakeServiceProvider,
  FakeServiceProviderOptions,
  Quirk,
  QuirkContext,
  QuirkHooks,
  ScimOperation,
  ScimResponse,
} from "../../fakes/index.ts";
import { serveFake } from "../../harness/targets/fake-target.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";

/** How a test breaks the fake: hooks of a test-local quirk, or catalogued quirk ids. */
export interface Breakage {
  /** What the server does wrong, for test names ("counts startIndex from 0"). */
  broken: string;
  /** The test-local quirk; a function receives the fake (its tokens, its `handle`) first. */
  hooks?: QuirkHooks | ((fake: FakeServiceProvider) => QuirkHooks);
  /** `false`: no per-resource lock (B8 races). */
  serialiseMutations?: boolean;
  /** Catalogued quirks of the fake (`fakes/quirks/catalogue.ts`), e.g. `["filter-miss-404"]`, or quirk objects. */
  quirks?: readonly (string | Quirk)[];
  profile?: FakeServiceProviderOptions["profile"];
  patchMode?: FakeServiceProviderOptions["patchMode"];
  /** `filter.maxResults` the fake advertises and pages by (default the profile's). */
  maxResults?: number;
}

/** Starts the fake with the breakage applied; `stop()` closes it. */
export async function startBrokenTarget(
  breakage: Breakage | undefined = undefined,
): Promise<StartedScimTarget> {
  const fake = createFakeServiceProvider({
    ...(breakage?.profile !== undefined ? { profile: breakage.profile } : {}),
    ...(breakage?.patchMode !== undefined ? { patchMode: breakage.patchMode } : {}),
    ...(breakage?.maxResults !== undefined ? { maxResults: breakage.maxResults } : {}),
  });
  const quirks: (string | ReturnType<typeof defineQuirk>)[] = [...(breakage?.quirks ?? [])];
  if (breakage?.hooks !== undefined) {
    quirks.push(
      defineQuirk({
        id: "test-breakage",
        title: breakage.broken,
        bugIds: [],
        sources: ["contracts test"],
        description: breakage.broken,
        hooks: typeof breakage.hooks === "function" ? breakage.hooks(fake) : breakage.hooks,
        ...(breakage.serialiseMutations !== undefined
          ? { serialiseMutations: breakage.serialiseMutations }
          : {}),
      }),
    );
  }
  fake.setQuirks(quirks);
  return serveFake(fake);
}

type Json = Record<string, unknown>;
type Matcher = ScimOperation | readonly ScimOperation[] | ((ctx: QuirkContext) => boolean);

const matches = (ctx: QuirkContext, when: Matcher): boolean =>
  typeof when === "function"
    ? when(ctx)
    : (Array.isArray(when) ? when : [when]).includes(ctx.route.operation as ScimOperation);

/** Hooks that rewrite the JSON body of matching responses (`fn` gets a copy and returns the new body). */
export function rewriteJson(
  when: Matcher,
  fn: (json: Json, ctx: QuirkContext, response: ScimResponse) => unknown,
): QuirkHooks {
  return {
    onResponse(ctx, response) {
      if (!matches(ctx, when) || typeof response.json !== "object" || response.json === null) return response;
      return { ...response, json: fn(structuredClone(response.json) as Json, ctx, response) };
    },
  };
}

/** Hooks that replace matching responses (status, headers, body). */
export function rewriteResponse(
  when: Matcher,
  fn: (response: ScimResponse, ctx: QuirkContext) => ScimResponse,
): QuirkHooks {
  return { onResponse: (ctx, response) => (matches(ctx, when) ? fn(response, ctx) : response) };
}

/** Hooks that answer matching requests at once (before authentication). */
export function answer(when: Matcher, response: (ctx: QuirkContext) => ScimResponse): QuirkHooks {
  return { onRequest: (ctx) => (matches(ctx, when) ? response(ctx) : undefined) };
}

/** Hooks that rewrite a query parameter of matching requests before they are handled. */
export function rewriteParam(
  when: Matcher,
  name: string,
  fn: (value: string | null) => string | null,
): QuirkHooks {
  return {
    onRequest(ctx) {
      if (!matches(ctx, when)) return undefined;
      const value = fn(ctx.request.url.searchParams.get(name));
      if (value === null) ctx.request.url.searchParams.delete(name);
      else ctx.request.url.searchParams.set(name, value);
      return undefined;
    },
  };
}

/** A SCIM JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers: { "content-type": "application/scim+json", ...headers }, json: body };
}

/** Hooks that advertise extra `/ServiceProviderConfig` features (without implementing them). */
export function advertise(features: Record<string, boolean>): QuirkHooks {
  return rewriteJson(
    (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ServiceProviderConfig",
    (body) => {
      for (const [feature, supported] of Object.entries(features))
        body[feature] = { ...(body[feature] as Json), supported };
      return body;
    },
  );
}

/** Merges several hook sets: each hook runs the given ones in order. */
export function combine(...all: QuirkHooks[]): QuirkHooks {
  return {
    async onRequest(ctx) {
      for (const h of all) {
        const r = await h.onRequest?.(ctx);
        if (r !== undefined) return r;
      }
      return undefined;
    },
    async transformBody(ctx, body) {
      let out = body;
      for (const h of all) if (h.transformBody) out = await h.transformBody(ctx, out);
      return out;
    },
    async transformPatchOperations(ctx, ops, current) {
      let out = ops;
      for (const h of all)
        if (h.transformPatchOperations) out = await h.transformPatchOperations(ctx, out, current);
      return out;
    },
    async beforeCommit(ctx, change) {
      let after = change.after;
      for (const h of all) if (h.beforeCommit) after = await h.beforeCommit(ctx, { ...change, after });
      return after;
    },
    async onResponse(ctx, response) {
      let out = response;
      for (const h of all) if (h.onResponse) out = await h.onResponse(ctx, out);
      return out;
    },
  };
}

/** Hooks that make the fake treat any bearer credential that passes `accept` as its primary token. */
export function acceptToken(
  fake: FakeServiceProvider,
  accept: (authorization: string | undefined) => boolean,
): QuirkHooks {
  return {
    onRequest(ctx) {
      const headers = ctx.request.headers as Record<string, string>;
      if (accept(headers["authorization"])) headers["authorization"] = `Bearer ${fake.tokens.primary}`;
      return undefined;
    },
  };
}

/** An RFC 7644 §3.12 error response. */
export function errorJson(status: number, detail: string, scimType?: string): ScimResponse {
  return json(status, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: String(status),
    ...(scimType !== undefined ? { scimType } : {}),
    detail,
  });
}

/** A broken server that must make one contract check fail. */
export interface CheckProof extends Breakage {
  /** The check id the broken server must fail. */
  check: string;
}
