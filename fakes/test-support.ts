/**
 * Helpers for the fake SP's own tests (supertest against the express app). Not part of the public barrel.
 */
import request from "supertest";
import type { Response } from "supertest";
import { createFakeServiceProvider } from "./create-fake-service-provider.ts";
import type { FakeServiceProvider, FakeServiceProviderOptions } from "./create-fake-service-provider.ts";

/** The bearer token `setup` issues. */
export const TOKEN = "test-token";
/** URNs written out by hand (RFC 7643 §8.7.1, RFC 7644 §3), so tests do not take them from the code under test. */
export const USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";
export const LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** A tiny SCIM client over supertest: paths are relative to the fake's base path, auth is the test token. */
export interface TestApi {
  fake: FakeServiceProvider;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  del(path: string, headers?: Record<string, string>): Promise<Response>;
  /** POST /Users with a minimal body; returns the created resource's id. */
  createUser(userName: string, extra?: Record<string, unknown>): Promise<string>;
  /** POST /Groups; returns the id. */
  createGroup(displayName: string, memberIds?: string[]): Promise<string>;
}

/** Creates a fake (token "test-token" unless overridden) and a client for it. */
export function setup(options: FakeServiceProviderOptions = {}): TestApi {
  const fake = createFakeServiceProvider({ tokens: { value: TOKEN }, ...options });
  const withHeaders = (test: request.Test, headers: Record<string, string> = {}): request.Test =>
    test.set({ authorization: `Bearer ${TOKEN}`, ...headers });
  const send = (test: request.Test, body: unknown, headers?: Record<string, string>): Promise<Response> =>
    withHeaders(test, { "content-type": "application/scim+json", ...headers }).send(JSON.stringify(body));
  const url = (path: string): string => `${fake.basePath}${path}`;
  const api: TestApi = {
    fake,
    get: (path, headers) => withHeaders(request(fake.app).get(url(path)), headers),
    post: (path, body, headers) => send(request(fake.app).post(url(path)), body, headers),
    put: (path, body, headers) => send(request(fake.app).put(url(path)), body, headers),
    patch: (path, body, headers) => send(request(fake.app).patch(url(path)), body, headers),
    del: (path, headers) => withHeaders(request(fake.app).delete(url(path)), headers),
    async createUser(userName, extra = {}) {
      const res = await api.post("/Users", { schemas: [USER_URN], userName, ...extra });
      if (res.status !== 201) throw new Error(`createUser ${userName}: ${res.status} ${res.text}`);
      return (res.body as { id: string }).id;
    },
    async createGroup(displayName, memberIds = []) {
      const members = memberIds.map((value) => ({ value }));
      const res = await api.post("/Groups", { schemas: [GROUP_URN], displayName, members });
      if (res.status !== 201) throw new Error(`createGroup ${displayName}: ${res.status} ${res.text}`);
      return (res.body as { id: string }).id;
    },
  };
  return api;
}

/** A PATCH request body. */
export const patchBody = (...operations: Record<string, unknown>[]): Record<string, unknown> => ({
  schemas: [PATCH_URN],
  Operations: operations,
});

/** Member ids of a group as GET shows them, sorted. */
export async function memberIdsOf(api: TestApi, groupId: string): Promise<string[]> {
  const res = await api.get(`/Groups/${groupId}`);
  const members = (res.body as { members?: { value: string }[] }).members ?? [];
  return members.map((m) => m.value).sort();
}
