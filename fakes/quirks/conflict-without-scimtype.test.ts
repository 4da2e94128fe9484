import { expect, it } from "vitest";
import { USER_URN, setup } from "../test-support.ts";

it("with conflict-without-scimtype, a duplicate userName answers 409 without scimType (B14)", async () => {
  const api = setup({ quirks: ["conflict-without-scimtype"] });
  await api.createUser("alice");
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "alice" });
  expect(res.status).toBe(409);
  expect(res.body.status).toBe("409");
  expect(res.body).not.toHaveProperty("scimType");
});

it("with conflict-without-scimtype, other errors keep their scimType", async () => {
  const api = setup({ quirks: ["conflict-without-scimtype"] });
  const res = await api.post("/Users", { schemas: [USER_URN], displayName: "no userName" });
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
});
