import { expect, it } from "vitest";
import { createFakeClock } from "./clock.ts";
import { ENTERPRISE_URN, LIST_URN, USER_URN, patchBody, setup } from "./test-support.ts";

const sequentialIds = (): (() => string) => {
  let n = 0;
  return () => `id-${++n}`;
};

it("POST answers 201 with Location, ETag and full meta (RFC 7644 §3.3)", async () => {
  const clock = createFakeClock("2026-03-01T12:00:00.000Z");
  const api = setup({ clock, idGenerator: sequentialIds() });
  const res = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "alice@example.com",
    active: true,
  });
  expect(res.status).toBe(201);
  expect(res.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
  expect(res.headers["location"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\/id-1$/);
  expect(res.headers["etag"]).toBe('W/"1"');
  expect(res.body).toEqual({
    schemas: [USER_URN],
    id: "id-1",
    userName: "alice@example.com",
    active: true,
    meta: {
      resourceType: "User",
      created: "2026-03-01T12:00:00.000Z",
      lastModified: "2026-03-01T12:00:00.000Z",
      version: 'W/"1"',
      location: res.headers["location"],
    },
  });
});

it("ignores readOnly attributes and unknown attributes in a POST body", async () => {
  const api = setup({ idGenerator: sequentialIds() });
  const res = await api.post("/Users", {
    schemas: [USER_URN],
    id: "chosen-by-client",
    userName: "bob",
    meta: { resourceType: "User" },
    notAnAttribute: 1,
  });
  expect(res.status).toBe(201);
  expect(res.body.id).toBe("id-1");
  expect(res.body).not.toHaveProperty("notAnAttribute");
});

it("coerces Entra's string booleans on create in tolerant mode, and rejects them in strict mode", async () => {
  const tolerant = setup();
  const created = await tolerant.post("/Users", { schemas: [USER_URN], userName: "c", active: "False" });
  expect(created.body.active).toBe(false);
  const strict = setup({ patchMode: "strict" });
  const rejected = await strict.post("/Users", { schemas: [USER_URN], userName: "c", active: "False" });
  expect(rejected.status).toBe(400);
  expect(rejected.body.scimType).toBe("invalidValue");
});

it("answers 400 invalidValue when userName is missing (RFC 7643 §4.1 required)", async () => {
  const api = setup();
  const res = await api.post("/Users", { schemas: [USER_URN], displayName: "No Name" });
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
  expect(res.body.detail).toContain("userName");
});

it("answers 409 uniqueness for a userName that differs only in case", async () => {
  const api = setup();
  await api.createUser("Alice@Example.com");
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "alice@example.COM" });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ status: "409", scimType: "uniqueness" });
});

it("GET by id returns the resource with its ETag; an unknown id is 404", async () => {
  const api = setup();
  const id = await api.createUser("dave");
  const res = await api.get(`/Users/${id}`);
  expect(res.status).toBe(200);
  expect(res.body.userName).toBe("dave");
  expect(res.headers["etag"]).toBe('W/"1"');
  const missing = await api.get("/Users/does-not-exist");
  expect(missing.status).toBe(404);
  expect(missing.body.status).toBe("404");
});

it("filters by userName case-insensitively and by externalId case-exactly", async () => {
  const api = setup();
  await api.createUser("Erin", { externalId: "EXT-1" });
  await api.createUser("frank", { externalId: "ext-1" });
  const byName = await api.get(`/Users?filter=${encodeURIComponent('userName eq "ERIN"')}`);
  expect(byName.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["Erin"]);
  const byExternal = await api.get(`/Users?filter=${encodeURIComponent('externalId eq "ext-1"')}`);
  expect(byExternal.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["frank"]);
});

it("answers a filter miss with 200 and an empty ListResponse (never 404)", async () => {
  const api = setup();
  const res = await api.get("/Users?filter=userName+eq+%22nobody%22");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    schemas: [LIST_URN],
    totalResults: 0,
    startIndex: 1,
    itemsPerPage: 0,
    Resources: [],
  });
});

it("answers 400 invalidFilter for a malformed filter", async () => {
  const api = setup();
  const res = await api.get(`/Users?filter=${encodeURIComponent("userName eq")}`);
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidFilter");
});

it("pages with 1-based startIndex and count (RFC 7644 §3.4.2.4)", async () => {
  const api = setup();
  for (const name of ["u1", "u2", "u3", "u4", "u5", "u6", "u7"]) await api.createUser(name);
  const page = await api.get("/Users?startIndex=6&count=5");
  expect(page.body).toMatchObject({ totalResults: 7, startIndex: 6, itemsPerPage: 2 });
  expect(page.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["u6", "u7"]);
  const zero = await api.get("/Users?count=0");
  expect(zero.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
  const negative = await api.get("/Users?count=-3&startIndex=-2");
  expect(negative.body).toMatchObject({ totalResults: 7, startIndex: 1, itemsPerPage: 0 });
  const bad = await api.get("/Users?count=abc");
  expect(bad.status).toBe(400);
});

it("projects with attributes and excludedAttributes; id and schemas always stay", async () => {
  const api = setup();
  const id = await api.createUser("gina", { displayName: "Gina", title: "CTO" });
  const only = await api.get(`/Users/${id}?attributes=userName`);
  expect(Object.keys(only.body).sort()).toEqual(["id", "schemas", "userName"]);
  const without = await api.get(`/Users?excludedAttributes=title,meta`);
  expect(without.body.Resources[0]).not.toHaveProperty("title");
  expect(without.body.Resources[0]).not.toHaveProperty("meta");
  expect(without.body.Resources[0].displayName).toBe("Gina");
});

it("PUT replaces the resource: omitted attributes are cleared, id and created are kept", async () => {
  const clock = createFakeClock("2026-03-01T00:00:00.000Z");
  const api = setup({ clock });
  const id = await api.createUser("hank", { title: "Engineer", displayName: "Hank" });
  clock.advance(60_000);
  const res = await api.put(`/Users/${id}`, {
    schemas: [USER_URN],
    id: "other",
    userName: "hank",
    displayName: "H.",
  });
  expect(res.status).toBe(200);
  expect(res.body.id).toBe(id);
  expect(res.body.displayName).toBe("H.");
  expect(res.body).not.toHaveProperty("title");
  expect(res.body.meta).toMatchObject({
    created: "2026-03-01T00:00:00.000Z",
    lastModified: "2026-03-01T00:01:00.000Z",
    version: 'W/"2"',
  });
});

it("PATCH answers 200 with the updated user, including enterprise attributes", async () => {
  const api = setup();
  const id = await api.createUser("ivan");
  const res = await api.patch(
    `/Users/${id}`,
    patchBody(
      { op: "replace", path: "title", value: "Lead" },
      { op: "add", path: `${ENTERPRISE_URN}:employeeNumber`, value: "42" },
    ),
  );
  expect(res.status).toBe(200);
  expect(res.body.title).toBe("Lead");
  expect(res.body[ENTERPRISE_URN]).toEqual({ employeeNumber: "42" });
  expect(res.body.schemas).toEqual([USER_URN, ENTERPRISE_URN]);
});

it("PATCH that changes nothing keeps the version", async () => {
  const api = setup();
  const id = await api.createUser("jo", { title: "X" });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "X" }));
  expect(res.status).toBe(200);
  expect(res.headers["etag"]).toBe('W/"1"');
});

it("DELETE answers 204, and the user is gone afterwards (404 on GET, PATCH, DELETE)", async () => {
  const api = setup();
  const id = await api.createUser("kim");
  const res = await api.del(`/Users/${id}`);
  expect(res.status).toBe(204);
  expect(res.text).toBe("");
  expect((await api.get(`/Users/${id}`)).status).toBe(404);
  expect(
    (await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "x" }))).status,
  ).toBe(404);
  expect((await api.del(`/Users/${id}`)).status).toBe(404);
});

it("POST /Users/.search answers like GET with a filter (RFC 7644 §3.4.3)", async () => {
  const api = setup();
  await api.createUser("lena");
  await api.createUser("mo");
  const res = await api.post("/Users/.search", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    filter: 'userName sw "l"',
    attributes: ["userName"],
  });
  expect(res.status).toBe(200);
  expect(res.body.totalResults).toBe(1);
  expect(Object.keys(res.body.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
});

it("POST /.search at the root searches Users and Groups together", async () => {
  const api = setup();
  await api.createUser("sam", { displayName: "Ops" });
  await api.createGroup("Ops");
  await api.createGroup("Dev");
  const res = await api.post("/.search", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    filter: 'displayName eq "ops"',
  });
  expect(res.status).toBe(200);
  expect(res.body.totalResults).toBe(2);
  expect(res.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType)).toEqual([
    "User",
    "Group",
  ]);
});

it("accepts Entra's documented create body, and the legacy one with nulls and the schema typo ([S1], idp-behaviour §1.5.1)", async () => {
  const api = setup();
  const entra = await api.post("/Users", {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    active: true,
    emails: [{ primary: true, type: "work", value: "Test_User_11bb11bb@testuser.com" }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
  });
  expect(entra.status).toBe(201);
  expect(entra.body.schemas).toEqual([USER_URN]);
  const legacy = await api.post("/Users", {
    schemas: [USER_URN, "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
    userName: "legacy",
    active: true,
    addresses: null,
    phoneNumbers: null,
    title: null,
    department: null,
    manager: null,
  });
  expect(legacy.status).toBe(201);
  expect(Object.keys(legacy.body).sort()).toEqual(["active", "id", "meta", "schemas", "userName"]);
});

it("compares userNames PRECIS-prepared (RFC 7644 §5): another Unicode spelling is a 409 and a filter hit", async () => {
  const api = setup();
  const id = await api.createUser("jos\u00e9@example.com");
  for (const spelling of ["jose\u0301@example.com", "\uff4aos\u00e9@example.com"]) {
    const res = await api.post("/Users", { schemas: [USER_URN], userName: spelling });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ scimType: "uniqueness" });
    const found = await api.get(`/Users?filter=${encodeURIComponent(`userName eq "${spelling}"`)}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  }
  const other = await api.post("/Users", { schemas: [USER_URN], userName: "jose@example.com" });
  expect(other.status).toBe(201);
});
