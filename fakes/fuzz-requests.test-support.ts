/**
 * Whole random requests for the fake SP's fuzz test (`fuzz.property.test.ts`): a seeded fake with fixed
 * ids, request arbitraries that are either shaped like real traffic (right method, path, media type and
 * token, hostile contents) or random throughout, and the "no 5xx" rule. Test-only: imports fast-check.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { createFakeServiceProvider } from "./create-fake-service-provider.ts";
import type { FakeServiceProvider } from "./create-fake-service-provider.ts";
import type { ScimRequest } from "./core/scim-exchange.ts";
import {
  contentType,
  deepJsonText,
  jsonText,
  patchBodyText,
  queryParameters,
  resourceBodyText,
  searchBodyText,
} from "./fuzz-arbitraries.test-support.ts";
import type { ProfileName } from "./profiles/app-profile.ts";
import { GROUP_URN, TOKEN, USER_URN } from "./test-support.ts";

export const USER_IDS = ["u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7"];
export const GROUP_IDS = ["g0", "g1", "g2"];

/** A fake with 8 users and 3 groups under fixed ids (later creates get random UUIDs). */
export function seededFake(
  profile: ProfileName = "generic",
  quirks: readonly string[] = [],
): FakeServiceProvider {
  const queue = [...USER_IDS, ...GROUP_IDS];
  const fake = createFakeServiceProvider({
    profile,
    quirks,
    tokens: { value: TOKEN },
    idGenerator: () => queue.shift() ?? randomUUID(),
  });
  USER_IDS.forEach((_, i) =>
    fake.store.create("User", {
      schemas: [USER_URN],
      userName: `user${i}`,
      emails: [{ value: `u${i}@work`, type: "work" }],
      active: i % 2 === 0,
    }),
  );
  GROUP_IDS.forEach((_, i) => {
    const members = USER_IDS.slice(i, i + 3).map((value) => ({ value }));
    fake.store.create("Group", { schemas: [GROUP_URN], displayName: `G${i}`, members });
  });
  return fake;
}

/** 5xx fails the fuzz, except 501 for /Bulk and /Me (RFC 7644 §3.7, §3.11). */
export const acceptable = (status: number, subPath: string): boolean =>
  status >= 100 && (status < 500 || (status === 501 && /^\/(bulk|me)(\/|$)/i.test(subPath)));

/** One generated request, relative to the fake's base path. */
export interface FuzzRequest {
  method: string;
  subPath: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: Uint8Array;
}

const resourcePath = fc.oneof(
  fc.constantFrom(...USER_IDS).map((id) => `/Users/${id}`),
  fc.constantFrom(...GROUP_IDS).map((id) => `/Groups/${id}`),
);

/** Paths after the base path: real, odd (bad %-escapes, prototype names) and random. */
export const subPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...["/Users", "/Groups", "/users", "/.search", "/Users/.search", "/Groups/.search", "/Schemas"],
    ...[
      "/ResourceTypes",
      "/ServiceProviderConfig",
      "/Bulk",
      "/Me",
      "/ResourceTypes/User",
      `/Schemas/${USER_URN}`,
    ],
    ...[
      "",
      "/",
      "/Users/%E0%A4%A",
      "/Users/%",
      "/%00",
      "/Users/..%2F..",
      "/Users/__proto__",
      "/Groups/constructor",
    ],
  ),
  resourcePath,
  fc.string({ maxLength: 12 }).map((s) => `/Users/${encodeURIComponent(s)}`),
  fc.string({ maxLength: 12 }).map((s) => `/${s}`),
);

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const EMPTY = fc.constant(new Uint8Array());

const anyBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: patchBodyText.map(utf8) },
  { weight: 3, arbitrary: resourceBodyText.map(utf8) },
  { weight: 2, arbitrary: jsonText.map(utf8) },
  { weight: 1, arbitrary: deepJsonText.map(utf8) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: EMPTY },
);

const anyMethod = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
  { weight: 1, arbitrary: fc.constantFrom("HEAD", "OPTIONS", "TRACE", "PROPFIND", "") },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
);

const shape = (method: fc.Arbitrary<string>, path: fc.Arbitrary<string>, body: fc.Arbitrary<Uint8Array>) =>
  fc.record({ method, subPath: path, body });

/** Method, path and body that belong together. */
const targetedShape = fc.oneof(
  { weight: 4, arbitrary: shape(fc.constant("PATCH"), resourcePath, patchBodyText.map(utf8)) },
  {
    weight: 2,
    arbitrary: shape(fc.constant("POST"), fc.constantFrom("/Users", "/Groups"), resourceBodyText.map(utf8)),
  },
  { weight: 2, arbitrary: shape(fc.constant("PUT"), resourcePath, resourceBodyText.map(utf8)) },
  {
    weight: 2,
    arbitrary: shape(
      fc.constant("POST"),
      fc.constantFrom("/.search", "/Users/.search"),
      searchBodyText.map(utf8),
    ),
  },
  {
    weight: 2,
    arbitrary: shape(fc.constant("GET"), fc.oneof(fc.constantFrom("/Users", "/Groups"), resourcePath), EMPTY),
  },
  {
    weight: 1,
    arbitrary: shape(fc.constantFrom("PATCH", "PUT", "POST"), resourcePath, deepJsonText.map(utf8)),
  },
  // Only the last user and group are deleted, so the rest of the seed data stays reachable.
  { weight: 1, arbitrary: shape(fc.constant("DELETE"), fc.constantFrom("/Users/u7", "/Groups/g2"), EMPTY) },
);

const conditional = fc.option(fc.constantFrom('W/"1"', 'W/"2", W/"1"', "*", '"x', "", "W/"), {
  nil: undefined,
});

const headersOf = fc
  .record({
    auth: fc.oneof(
      { weight: 6, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
      { weight: 1, arbitrary: fc.constantFrom("Bearer wrong", "Basic dXNlcjpwYXNz", "", undefined) },
    ),
    type: fc.oneof(
      { weight: 3, arbitrary: fc.constant("application/scim+json") },
      { weight: 1, arbitrary: contentType },
    ),
    ifMatch: conditional,
    ifNoneMatch: conditional,
  })
  .map(({ auth, type, ifMatch, ifNoneMatch }) => {
    const headers: Record<string, string> = { "user-agent": "scim-harness-fuzz" };
    if (auth !== undefined) headers["authorization"] = auth;
    if (type !== undefined) headers["content-type"] = type;
    if (ifMatch !== undefined) headers["if-match"] = ifMatch;
    if (ifNoneMatch !== undefined) headers["if-none-match"] = ifNoneMatch;
    return headers;
  });

/** Requests: three in four shaped like real traffic, the rest random throughout. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: targetedShape },
      { weight: 1, arbitrary: shape(anyMethod, subPath, anyBody) },
    ),
    queryParameters,
    headersOf,
  )
  .map(([r, query, headers]) => ({ ...r, query, headers }));

/** The transport-neutral request for `fake.handle`, or undefined when the path is not a URL. */
export function toScimRequest(fake: FakeServiceProvider, r: FuzzRequest): ScimRequest | undefined {
  let url: URL;
  try {
    url = new URL(`http://127.0.0.1:8080${fake.basePath}${r.subPath}`);
  } catch {
    return undefined;
  }
  for (const [k, v] of r.query) url.searchParams.append(k, v);
  return { method: r.method, url, headers: r.headers, body: r.body };
}
