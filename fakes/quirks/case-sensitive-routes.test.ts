import { expect, it } from "vitest";
import { setup } from "../test-support.ts";

it("without the quirk /users works", async () => {
  expect((await setup().get("/users")).status).toBe(200);
});

it("with case-sensitive-routes, /users, /groups and /schemas answer 404 (B20)", async () => {
  const api = setup({ quirks: ["case-sensitive-routes"] });
  const id = await api.createUser("alice");
  for (const path of ["/users", `/USERS/${id}`, "/groups", "/schemas", "/serviceProviderConfig"]) {
    const res = await api.get(path);
    expect(res.status, path).toBe(404);
    expect(res.body.status).toBe("404");
  }
});

it("with case-sensitive-routes, the RFC spellings still work", async () => {
  const api = setup({ quirks: ["case-sensitive-routes"] });
  const id = await api.createUser("alice");
  for (const path of [
    "/Users",
    `/Users/${id}`,
    "/Groups",
    "/Schemas",
    "/ServiceProviderConfig",
    "/ResourceTypes",
  ]) {
    expect((await api.get(path)).status, path).toBe(200);
  }
  expect((await api.post("/Users/.search", { filter: 'userName eq "alice"' })).body.totalResults).toBe(1);
});
