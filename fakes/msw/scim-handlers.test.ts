import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GROUP_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import { createFakeServiceProvider } from "../create-fake-service-provider.ts";
import { createScimHandlers, scimHandlers } from "./scim-handlers.ts";

const BASE = "https://sp.test/scim/v2";
const TOKEN = "msw-token";
const { handlers, fake } = createScimHandlers({ baseUrl: BASE, tokens: { value: TOKEN } });
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };

it("serves the fake to plain fetch: create, look up by filter, read back", async () => {
  const created = await fetch(`${BASE}/Users`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "msw@example.com",
    }),
  });
  expect(created.status).toBe(201);
  expect(created.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
  const location = created.headers.get("location");
  expect(location).toMatch(/^https:\/\/sp\.test\/scim\/v2\/Users\/[0-9a-f-]{36}$/);
  const found = await fetch(`${BASE}/Users?filter=${encodeURIComponent('userName eq "MSW@example.com"')}`, {
    headers: auth,
  });
  expect(await found.json()).toMatchObject({ totalResults: 1, Resources: [{ userName: "msw@example.com" }] });
  const read = await fetch(location ?? "", { headers: auth });
  expect(read.status).toBe(200);
  expect(fake.store.count("User")).toBe(1);
});

it("applies the same rules: 401 with WWW-Authenticate, 204 on DELETE", async () => {
  const denied = await fetch(`${BASE}/Users`);
  expect(denied.status).toBe(401);
  expect(denied.headers.get("www-authenticate")).toBe('Bearer realm="scim"');
  const id = fake.store.create("User", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "gone",
  })["id"];
  const deleted = await fetch(`${BASE}/Users/${String(id)}`, { method: "DELETE", headers: auth });
  expect(deleted.status).toBe(204);
  expect(await deleted.text()).toBe("");
});

it("leaves other hosts unhandled (onUnhandledRequest: error)", async () => {
  await expect(fetch("https://other.test/scim/v2/Users")).rejects.toThrow();
});

it("can serve an existing fake, sharing its store", async () => {
  const shared = createFakeServiceProvider({ tokens: { value: "shared" } });
  server.use(...scimHandlers({ baseUrl: "https://shared.test/scim/v2", fake: shared }));
  try {
    await fetch("https://shared.test/scim/v2/Groups", {
      method: "POST",
      headers: { authorization: "Bearer shared", "content-type": "application/json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Both" }),
    });
  } finally {
    server.resetHandlers();
  }
  expect(shared.store.find("Group", undefined, GROUP_RESOURCE_TYPE).map((g) => g["displayName"])).toEqual([
    "Both",
  ]);
  expect(() => scimHandlers({ baseUrl: "https://x.test/api", fake: shared })).toThrow(/base path/);
});
