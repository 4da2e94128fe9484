import { expect, it } from "vitest";
import { USER_URN, setup } from "../test-support.ts";

it("with json-content-type, resources and errors are sent as application/json (B21)", async () => {
  const api = setup({ quirks: ["json-content-type"] });
  const created = await api.post("/Users", { schemas: [USER_URN], userName: "alice" });
  expect(created.status).toBe(201);
  expect(created.headers["content-type"]).toBe("application/json; charset=utf-8");
  const missing = await api.get("/Users/nope");
  expect(missing.status).toBe(404);
  expect(missing.headers["content-type"]).toBe("application/json; charset=utf-8");
});

it("with json-content-type, bodies are unchanged and the clean fake answers application/scim+json", async () => {
  const api = setup({ quirks: ["json-content-type"] });
  const id = await api.createUser("alice");
  expect((await api.get(`/Users/${id}`)).body.userName).toBe("alice");
  const clean = await setup().get("/Users");
  expect(clean.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
});
