/**
 * The `/_admin` API (only with `admin: true`): lets the harness drive token-expiry and fault scenarios over
 * HTTP. Every call needs `Authorization: Bearer <adminSecret>`. Answers are `application/json`.
 *
 * - `GET  /_admin/state` → `{ now, profile, basePath, quirks, tokens, counts }`
 * - `POST /_admin/clock/advance` `{ "ms": 3600000 }` → `{ now }` (adjustable clocks only)
 * - `POST /_admin/tokens` `{ "expiresAt"?, "lifetimeMs"?, "audience"?, "label"? }` → 201 `{ token }`
 * - `POST /_admin/tokens/expire` | `/revoke` `{ "token" }` → 204; `/rotate` `{ "token" }` → 201 `{ token }`
 * - `POST /_admin/reset` → 204 (empties the store; tokens and quirks stay)
 * - `PUT  /_admin/quirks` `{ "quirks": ["filter-miss-404"] }` → `{ quirks }` (ids as in `--quirks`)
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { isAdjustableClock } from "../clock.ts";
import type { FakeRuntime } from "./fake-runtime.ts";
import { readJsonBody } from "./read-body.ts";
import type { ScimRequest, ScimResponse } from "./scim-exchange.ts";

const json = (status: number, body: unknown): ScimResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8" },
  json: body,
});

const bad = (detail: string): ScimError => new ScimError(400, "invalidValue", detail);

function bodyOf(runtime: FakeRuntime, request: ScimRequest): JsonObject {
  const body = request.body.byteLength === 0 ? {} : readJsonBody(request, runtime.maxBodyBytes);
  if (!isJsonObject(body)) throw bad("the body must be a JSON object");
  return body;
}

const tokenField = (body: JsonObject): string => {
  const token = body["token"];
  if (typeof token !== "string") throw bad('"token" (string) is required');
  return token;
};

function expiryOf(runtime: FakeRuntime, body: JsonObject): Date | null | undefined {
  const { expiresAt, lifetimeMs } = body;
  if (typeof lifetimeMs === "number" && Number.isFinite(lifetimeMs))
    return new Date(runtime.clock.now().getTime() + lifetimeMs);
  if (expiresAt === null) return null;
  if (typeof expiresAt === "string" && !Number.isNaN(Date.parse(expiresAt))) return new Date(expiresAt);
  if (expiresAt !== undefined) throw bad('"expiresAt" must be an ISO date-time or null');
  return undefined;
}

function state(runtime: FakeRuntime): unknown {
  return {
    now: runtime.clock.now().toISOString(),
    profile: runtime.profile.name,
    basePath: runtime.basePath,
    quirks: runtime.quirks.map((q) => q.id),
    tokens: runtime.tokens.list().map((t) => ({
      label: t.label ?? null,
      audience: t.audience ?? null,
      issuedAt: t.issuedAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null,
      revoked: t.revoked,
    })),
    counts: { User: runtime.store.count("User"), Group: runtime.store.count("Group") },
  };
}

/** Answers one admin request (`subPath` is the path after `/_admin`). */
export function handleAdmin(runtime: FakeRuntime, request: ScimRequest, subPath: string): ScimResponse {
  const secret = runtime.adminSecret;
  if (secret === undefined || request.headers["authorization"] !== `Bearer ${secret}`) {
    throw new ScimError(401, undefined, "The admin API needs the admin secret as a Bearer token");
  }
  const route = `${request.method} ${subPath.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /state":
      return json(200, state(runtime));
    case "POST /clock/advance": {
      const ms = bodyOf(runtime, request)["ms"];
      if (typeof ms !== "number" || !Number.isFinite(ms)) throw bad('"ms" (number) is required');
      if (!isAdjustableClock(runtime.clock))
        throw new ScimError(409, undefined, "This fake's clock cannot be advanced");
      runtime.clock.advance(ms);
      return json(200, { now: runtime.clock.now().toISOString() });
    }
    case "POST /tokens": {
      const body = bodyOf(runtime, request);
      const expiresAt = expiryOf(runtime, body);
      const { audience, label } = body;
      if (audience !== undefined && audience !== null && typeof audience !== "string")
        throw bad('"audience" must be a string');
      if (label !== undefined && typeof label !== "string") throw bad('"label" must be a string');
      const token = runtime.tokens.issue({
        ...(expiresAt !== undefined && { expiresAt }),
        ...(audience !== undefined && { audience }),
        ...(label !== undefined && { label }),
      });
      return json(201, { token });
    }
    case "POST /tokens/expire":
    case "POST /tokens/revoke":
    case "POST /tokens/rotate": {
      const token = tokenField(bodyOf(runtime, request));
      if (runtime.tokens.get(token) === undefined) throw new ScimError(404, undefined, "Unknown token");
      if (route.endsWith("rotate")) return json(201, { token: runtime.tokens.rotate(token) });
      if (route.endsWith("expire")) runtime.tokens.expire(token);
      else runtime.tokens.revoke(token);
      return { status: 204, headers: {} };
    }
    case "POST /reset":
      runtime.store.clear();
      return { status: 204, headers: {} };
    case "PUT /quirks": {
      const ids = bodyOf(runtime, request)["quirks"];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string"))
        throw bad('"quirks" must be an array of ids');
      try {
        runtime.quirks = runtime.resolveQuirks(ids);
      } catch (error) {
        throw bad(error instanceof Error ? error.message : String(error));
      }
      return json(200, { quirks: runtime.quirks.map((q) => q.id) });
    }
    default:
      throw new ScimError(404, undefined, `No admin route ${route}`);
  }
}
