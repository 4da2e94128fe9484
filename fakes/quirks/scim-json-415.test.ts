import { expect, it } from "vitest";
import { USER_URN, setup } from "../test-support.ts";

const body = { schemas: [USER_URN], userName: "alice" };

it("with scim-json-415, an application/scim+json POST answers 415 and creates nothing (B21)", async () => {
  const api = setup({ quirks: ["scim-json-415"] });
  const res = await api.post("/Users", body, { "content-type": "application/scim+json; charset=utf-8" });
  expect(res.status).toBe(415);
  expect(api.fake.store.count("User")).toBe(0);
});

it("with scim-json-415, application/json bodies and GETs still work", async () => {
  const api = setup({ quirks: ["scim-json-415"] });
  const res = await api.post("/Users", body, { "content-type": "application/json" });
  expect(res.status).toBe(201);
  expect((await api.get("/Users")).body.totalResults).toBe(1);
});
