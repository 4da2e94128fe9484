import request from "supertest";
import { expect, it } from "vitest";
import { TOKEN, setup } from "../test-support.ts";

const get = (app: Parameters<typeof request>[0], path: string, token: string) =>
  request(app).get(path).set("authorization", `Bearer ${token}`);

it("with expired-token-accepted, an expired or revoked token still reads and writes; an unknown one is refused", async () => {
  const { fake } = setup({ quirks: ["expired-token-accepted"] });
  const expired = fake.tokens.issue({});
  fake.tokens.expire(expired);
  const revoked = fake.tokens.issue({});
  fake.tokens.revoke(revoked);
  expect((await get(fake.app, `${fake.basePath}/Users`, expired)).status).toBe(200);
  const created = await request(fake.app)
    .post(`${fake.basePath}/Users`)
    .set({ authorization: `Bearer ${revoked}`, "content-type": "application/scim+json" })
    .send({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "after-expiry" });
  expect(created.status).toBe(201);
  expect((await get(fake.app, `${fake.basePath}/Users`, "scim_unknown")).status).toBe(401);
  expect((await request(fake.app).get(`${fake.basePath}/Users`)).status).toBe(401);
});

it("without the quirk an expired token is refused with 401", async () => {
  const { fake } = setup();
  const expired = fake.tokens.issue({});
  fake.tokens.expire(expired);
  expect((await get(fake.app, `${fake.basePath}/Users`, expired)).status).toBe(401);
  expect((await get(fake.app, `${fake.basePath}/Users`, TOKEN)).status).toBe(200);
});

it("with expired-token-403, a refused token gets a SCIM 403; a valid one works", async () => {
  const { fake } = setup({ quirks: ["expired-token-403"] });
  const expired = fake.tokens.issue({});
  fake.tokens.expire(expired);
  const refused = await get(fake.app, `${fake.basePath}/Users`, expired);
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({
    status: "403",
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  });
  expect((await get(fake.app, `${fake.basePath}/Users`, TOKEN)).status).toBe(200);
});

it("with refused-request-carried-out, an expired token gets 401 but its write is stored; an unknown token changes nothing", async () => {
  const { fake } = setup({ quirks: ["refused-request-carried-out"] });
  const expired = fake.tokens.issue({});
  fake.tokens.expire(expired);
  const post = (token: string, userName: string) =>
    request(fake.app)
      .post(`${fake.basePath}/Users`)
      .set({ authorization: `Bearer ${token}`, "content-type": "application/scim+json" })
      .send({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName });
  const refused = await post(expired, "written-anyway");
  expect([refused.status, refused.body.status]).toEqual([401, "401"]);
  expect((await post("scim_unknown", "never-written")).status).toBe(401);
  const names = (await get(fake.app, `${fake.basePath}/Users`, TOKEN)).body.Resources.map(
    (u: { userName: string }) => u.userName,
  );
  expect(names).toEqual(["written-anyway"]);
});

it("with auth-error-not-scim, a 401 carries an OAuth error body; other answers keep theirs", async () => {
  const { fake } = setup({ quirks: ["auth-error-not-scim"] });
  const refused = await get(fake.app, `${fake.basePath}/Users`, "scim_unknown");
  expect(refused.status).toBe(401);
  expect(refused.headers["content-type"]).toMatch(/^application\/json/);
  expect(refused.body).toEqual({
    error: "invalid_token",
    error_description: "The access token is invalid or has expired",
  });
  expect(refused.headers["www-authenticate"]).toMatch(/^Bearer/);
  const ok = await get(fake.app, `${fake.basePath}/Users`, TOKEN);
  expect(ok.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
});
