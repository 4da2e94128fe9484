/**
 * The reference fake SCIM service provider: a correct RFC 7643/7644 server on express 5 with app profiles
 * (../shared/seeds/) and switchable real-world quirks (idp-behaviour.md Part 3), using only harness/scim for
 * protocol rules. The same pipeline also backs the msw handlers (`fakes/msw/scim-handlers.ts`).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { createTokenRegistry } from "./auth/token-registry.ts";
import type { TokenRegistry } from "./auth/token-registry.ts";
import { systemClock } from "./clock.ts";
import type { Clock } from "./clock.ts";
import { baseUrlOf } from "./core/fake-runtime.ts";
import type { FakeRuntime, PatchMode } from "./core/fake-runtime.ts";
import { handleScimRequest } from "./core/handle-scim-request.ts";
import { createKeyedMutex } from "./core/keyed-mutex.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./core/read-body.ts";
import type { ScimRequest, ScimResponse } from "./core/scim-exchange.ts";
import { createExpressAdapter } from "./express/express-adapter.ts";
import { profileResourceTypes } from "./profiles/app-profile.ts";
import type { AppProfile, ProfileName } from "./profiles/app-profile.ts";
import { resolveProfile } from "./profiles/profiles.ts";
import { resolveQuirks } from "./quirks/catalogue.ts";
import type { Quirk } from "./quirks/quirk.ts";
import { createMemoryStore } from "./store/memory-store.ts";
import type { MemoryStore } from "./store/memory-store.ts";

/** Options of `createFakeServiceProvider`; all optional. */
export interface FakeServiceProviderOptions {
  /** A built-in profile name or a custom profile (default "generic"). */
  profile?: ProfileName | AppProfile;
  /** Cinode tenant id (default "demo-tenant"). */
  tenantId?: string;
  /** Quirk ids (`"latency-fixed=250"` for options) or quirk objects, applied in order. */
  quirks?: readonly (string | Quirk)[];
  /** Default: the system clock. Pass `createFakeClock()` to expire tokens without waiting. */
  clock?: Clock;
  /** Resource id generator (default `crypto.randomUUID`). */
  idGenerator?: () => string;
  /**
   * The primary token: a fixed `value` (default random), `expiresAt` (default: the profile's token lifetime
   * from now, none for generic), `audience` (default: the profile's), `label`.
   */
  tokens?: { value?: string; expiresAt?: Date | null; audience?: string | null; label?: string };
  /** `tolerant` (default) accepts the Entra/JumpCloud PATCH forms; `strict` is RFC 7644 literal. */
  patchMode?: PatchMode;
  /** Request body limit in bytes (default 1 MiB → 413 above it). */
  maxBodyBytes?: number;
  /** Enables `/_admin` (see core/admin-handlers.ts); `{ secret }` fixes the admin bearer secret. */
  admin?: boolean | { secret?: string };
  /** Random source for rate-based quirks (default `Math.random`). */
  random?: () => number;
  /**
   * `filter.maxResults` of /ServiceProviderConfig and the largest page a list answers (default: the
   * profile's, 200 for generic). A small one lets a run exceed it (tooMany, RFC 7644 §3.4.2).
   */
  maxResults?: number;
  /**
   * `generic` profile only: also declare and store the typed User extension (an integer, a decimal, a
   * caseExact string and a dateTime; profiles/typed-extension.ts). Default false.
   */
  typedExtension?: boolean;
}

/** A running fake SP (no port yet: mount `app`, use `handle`, or call `listen`). */
export interface FakeServiceProvider {
  /** The express 5 app (supertest, or `app.listen`). */
  readonly app: Express;
  /** The transport-neutral pipeline the app and the msw handlers use. */
  handle(request: ScimRequest): Promise<ScimResponse>;
  readonly store: MemoryStore;
  readonly tokens: TokenRegistry;
  readonly clock: Clock;
  readonly profile: AppProfile;
  /** e.g. "/scim/v2" or "/scim/tenants/demo-tenant/v2". */
  readonly basePath: string;
  /** Bearer secret of `/_admin`; undefined unless `admin` was set. */
  readonly adminSecret: string | undefined;
  /** `{origin}{basePath}`, e.g. baseUrlFor("http://127.0.0.1:8080"). */
  baseUrlFor(origin: string): string;
  /** The active quirks, in hook order. */
  readonly quirks: readonly Quirk[];
  /** Replaces the active quirks (ids or objects). */
  setQuirks(quirks: readonly (string | Quirk)[]): void;
  /** Serves the app on `host:port` (default 127.0.0.1, an ephemeral port). */
  listen(port?: number, host?: string): Promise<ListeningFake>;
}

/** A fake SP bound to a port. */
export interface ListeningFake {
  /** e.g. "http://127.0.0.1:54321" */
  origin: string;
  /** `origin + basePath` */
  baseUrl: string;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Creates a fake SCIM service provider. */
export function createFakeServiceProvider(options: FakeServiceProviderOptions = {}): FakeServiceProvider {
  if (options.typedExtension === true && (options.profile ?? "generic") !== "generic")
    throw new TypeError("typedExtension applies to the generic profile only");
  const resolved = resolveProfile(options.profile, {
    ...(options.tenantId !== undefined && { tenantId: options.tenantId }),
    ...(options.typedExtension === true && { typedExtension: true }),
  });
  if (options.maxResults !== undefined && !(Number.isInteger(options.maxResults) && options.maxResults >= 1))
    throw new TypeError(`maxResults must be a positive integer (got ${options.maxResults})`);
  const profile =
    options.maxResults === undefined ? resolved : { ...resolved, maxResults: options.maxResults };
  const clock = options.clock ?? systemClock;
  const primary = options.tokens ?? {};
  const lifetime = profile.tokenLifetimeMs;
  const defaultExpiry = lifetime === undefined ? null : new Date(clock.now().getTime() + lifetime);
  const tokens = createTokenRegistry({
    clock,
    ...(profile.audience !== undefined && { defaultAudience: profile.audience }),
    primary: {
      expiresAt: primary.expiresAt === undefined ? defaultExpiry : primary.expiresAt,
      label: primary.label ?? "primary",
      ...(primary.value !== undefined && { value: primary.value }),
      ...(primary.audience !== undefined && { audience: primary.audience }),
    },
  });
  const store = createMemoryStore({
    clock,
    groupDisplayNameUnique: profile.groupDisplayNameUnique,
    ...(options.idGenerator !== undefined && { idGenerator: options.idGenerator }),
  });
  const resourceTypes = new Map(profileResourceTypes(profile).map((t) => [t.name, t]));
  const admin = options.admin;
  const adminSecret =
    admin === undefined || admin === false
      ? undefined
      : ((typeof admin === "object" ? admin.secret : undefined) ??
        `admin_${randomBytes(24).toString("base64url")}`);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const runtime: FakeRuntime = {
    profile,
    basePath: profile.basePath,
    store,
    tokens,
    clock,
    patchMode: options.patchMode ?? "tolerant",
    maxBodyBytes,
    locks: createKeyedMutex(),
    routing: {
      basePath: profile.basePath,
      resourceEndpoints: new Map(
        profileResourceTypes(profile).map((t) => [
          t.endpoint.replace(/^\//, "").toLowerCase(),
          { resourceType: t.name, endpoint: t.endpoint.replace(/^\//, "") },
        ]),
      ),
      adminEnabled: adminSecret !== undefined,
    },
    resourceTypes,
    quirks: resolveQuirks(options.quirks ?? []),
    quirkState: new Map(),
    adminSecret,
    resolveQuirks,
    random: options.random ?? Math.random,
    sleep,
  };
  const handle = (request: ScimRequest): Promise<ScimResponse> => handleScimRequest(runtime, request);
  const app = createExpressAdapter(handle, maxBodyBytes);

  return {
    app,
    handle,
    store,
    tokens,
    clock,
    profile,
    basePath: profile.basePath,
    adminSecret,
    baseUrlFor: (origin) => baseUrlOf(runtime, origin),
    get quirks() {
      return runtime.quirks;
    },
    setQuirks(quirks) {
      runtime.quirks = resolveQuirks(quirks);
    },
    listen(port = 0, host = "127.0.0.1") {
      const server = createServer(app);
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
          resolve({
            origin,
            baseUrl: baseUrlOf(runtime, origin),
            close: () =>
              new Promise<void>((done, fail) => {
                server.closeAllConnections();
                server.close((error) => (error === undefined ? done() : fail(error)));
              }),
          });
        });
      });
    },
  };
}
