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
