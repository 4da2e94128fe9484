import request from "supertest";
import { expect, it } from "vitest";
import { createFakeClock } from "./clock.ts";
import { ERROR_URN, TOKEN, USER_URN, patchBody, setup } from "./test-support.ts";

const users = "/scim/v2/Users";

it("401 without a token: SCIM error body and a bare Bearer challenge (RFC 6750 §3.1)", async () => {
  const { fake } = setup();
  const res = await request(fake.app).get(users);
  expect(res.status).toBe(401);
  expect(res.headers["www-authenticate"]).toBe('Bearer realm="scim"');
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: "401" });
});

it("401 invalid_token for a wrong, revoked or expired token", async () => {
  const clock = createFakeClock("2026-01-01T00:00:00Z");
  const { fake } = setup({ clock });
  const revoked = fake.tokens.issue();
  const expiring = fake.tokens.issue({ expiresAt: new Date("2026-01-01T01:00:00Z") });
  fake.tokens.revoke(revoked);
  expect((await request(fake.app).get(users).set("authorization", `Bearer ${expiring}`)).status).toBe(200);
  clock.advance(60 * 60 * 1000);
  for (const token of ["wrong", revoked, expiring]) {
    const res = await request(fake.app).get(users).set("authorization", `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="scim", error="invalid_token"/);
    expect(res.body.schemas).toEqual([ERROR_URN]);
  }
  expect(
    res401Detail(await request(fake.app).get(users).set("authorization", `Bearer ${expiring}`)),
  ).toContain("expired");
});

const res401Detail = (res: request.Response): string => String((res.body as { detail?: string }).detail);

it("accepts several live tokens; rotation keeps the old token valid until it is revoked", async () => {
  const { fake } = setup();
  const rotated = fake.tokens.rotate(TOKEN);
  expect(rotated).not.toBe(TOKEN);
  for (const token of [TOKEN, rotated]) {
    expect((await request(fake.app).get(users).set("authorization", `Bearer ${token}`)).status).toBe(200);
  }
  fake.tokens.revoke(TOKEN);
  expect((await request(fake.app).get(users).set("authorization", `Bearer ${TOKEN}`)).status).toBe(401);
  expect((await request(fake.app).get(users).set("authorization", `Bearer ${rotated}`)).status).toBe(200);
});

it("answers 415 for a body that is neither application/scim+json nor application/json", async () => {
  const api = setup();
  const res = await api.post(
    "/Users",
    { schemas: [USER_URN], userName: "x" },
    { "content-type": "text/plain" },
  );
  expect(res.status).toBe(415);
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: "415" });
  const latin1 = await api.post(
    "/Users",
    { schemas: [USER_URN], userName: "x" },
    { "content-type": "application/json; charset=iso-8859-1" },
  );
  expect(latin1.status).toBe(415);
});

it("accepts application/json and application/scim+json with or without charset", async () => {
  const api = setup();
  const types = [
    "application/json",
    "application/json; charset=utf-8",
    "application/scim+json",
    "application/scim+json;charset=UTF-8",
  ];
  for (const [i, type] of types.entries()) {
    const res = await api.post(
      "/Users",
      { schemas: [USER_URN], userName: `u${i}` },
      { "content-type": type },
    );
    expect(res.status).toBe(201);
  }
});

it("answers 400 invalidSyntax for malformed JSON, an empty body and invalid UTF-8", async () => {
  const { fake } = setup();
  const post = () =>
    request(fake.app)
      .post(users)
      .set({ authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" });
  const cases: [string | Buffer, string][] = [
    ['{"userName": ', "not valid JSON"],
    ["", "empty"],
    [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), "UTF-8"],
  ];
  for (const [body, detail] of cases) {
    const res = await post()
      .serialize((raw: unknown) => raw as string)
      .send(body as string);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidSyntax");
    expect(res.body.detail).toContain(detail);
  }
});

it("answers 413 for a body over 1 MiB", async () => {
  const api = setup();
  const res = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "big",
    displayName: "x".repeat(1024 * 1024),
  });
  expect(res.status).toBe(413);
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: "413" });
  const small = setup({ maxBodyBytes: 100 });
  expect((await small.post("/Users", { schemas: [USER_URN], userName: "y".repeat(120) })).status).toBe(413);
});

it("If-Match: 412 on a stale version, success on the current one and on *", async () => {
  const api = setup();
  const id = await api.createUser("ana");
  const stale = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "A" }), {
    "if-match": 'W/"9"',
  });
  expect(stale.status).toBe(412);
  expect(stale.body.status).toBe("412");
  const ok = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "A" }), {
    "if-match": 'W/"1"',
  });
  expect(ok.status).toBe(200);
  expect(ok.headers["etag"]).toBe('W/"2"');
  expect((await api.del(`/Users/${id}`, { "if-match": 'W/"1"' })).status).toBe(412);
  expect((await api.del(`/Users/${id}`, { "if-match": "*" })).status).toBe(204);
});

it("If-None-Match on GET answers 304 when the version is unchanged", async () => {
  const api = setup();
  const id = await api.createUser("bo");
  expect((await api.get(`/Users/${id}`, { "if-none-match": 'W/"1"' })).status).toBe(304);
  expect((await api.get(`/Users/${id}`, { "if-none-match": 'W/"0"' })).status).toBe(200);
});

it("answers 404 with a SCIM error body for unknown routes, inside and outside the base path", async () => {
  const api = setup();
  for (const path of ["/scim/v2/Widgets", "/scim/v2", "/nothing/here", "/scim/v2/Users/a/b"]) {
    const res = await request(api.fake.app).get(path).set("authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: "404" });
  }
});

it("answers 501 for /Bulk and /Me (RFC 7644 §3.7, §3.11)", async () => {
  const api = setup();
  const bulk = await api.post("/Bulk", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    Operations: [],
  });
  expect(bulk.status).toBe(501);
  expect(bulk.body).toMatchObject({ schemas: [ERROR_URN], status: "501" });
  const me = await api.get("/Me");
  expect(me.status).toBe(501);
  expect(me.body.status).toBe("501");
});

it("answers 405 with Allow for a method a route does not support", async () => {
  const api = setup();
  const res = await request(api.fake.app).delete("/scim/v2/Users").set("authorization", `Bearer ${TOKEN}`);
  expect(res.status).toBe(405);
  expect(res.headers["allow"]).toBe("GET, POST");
});

it("accepts lower-case endpoint names (/users)", async () => {
  const api = setup();
  const res = await request(api.fake.app).get("/scim/v2/users").set("authorization", `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
});
