import request from "supertest";
import { expect, it } from "vitest";
import { TOKEN, setup } from "../test-support.ts";

it("with no-user-agent-403, a request without User-Agent gets an HTML 403, token or not (B12)", async () => {
  const { fake } = setup({ quirks: ["no-user-agent-403"] });
  const res = await request(fake.app)
    .get(`${fake.basePath}/Users`)
    .unset("User-Agent")
    .set("authorization", `Bearer ${TOKEN}`);
  expect(res.status).toBe(403);
  expect(res.headers["content-type"]).toMatch(/^text\/html/);
  expect(res.text).toContain("403 Forbidden");
  const anonymous = await request(fake.app).get(`${fake.basePath}/Users`).unset("User-Agent");
  expect(anonymous.status).toBe(403);
});

it("with no-user-agent-403, a request with a User-Agent is handled as usual (200, or 401 without a token)", async () => {
  const { fake } = setup({ quirks: ["no-user-agent-403"] });
  const ok = await request(fake.app)
    .get(`${fake.basePath}/Users`)
    .set({ "user-agent": "Azure AD SCIM client", authorization: `Bearer ${TOKEN}` });
  expect(ok.status).toBe(200);
  expect(ok.body.totalResults).toBe(0);
  const noToken = await request(fake.app).get(`${fake.basePath}/Users`).set("user-agent", "x");
  expect(noToken.status).toBe(401);
});
