import { expect, it } from "vitest";
import { USER_URN, setup } from "../test-support.ts";

it("with conflict-as-400, a duplicate userName answers 400 without scimType (B14)", async () => {
  const api = setup({ quirks: ["conflict-as-400"] });
  await api.createUser("alice");
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "ALICE" });
  expect(res.status).toBe(400);
  expect(res.body.status).toBe("400");
  expect(res.body).not.toHaveProperty("scimType");
  expect(res.body.detail).toMatch(/^\[duplicate\]/);
});

it("with conflict-as-400, a new userName still answers 201", async () => {
  const api = setup({ quirks: ["conflict-as-400"] });
  await api.createUser("alice");
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "bob" });
  expect(res.status).toBe(201);
});
