import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

const disable = patchBody({ op: "Replace", path: "active", value: "False" });

it('with disable-conflict-409, disabling answers 409 "User must be Active." yet deactivates; retries keep failing (B23)', async () => {
  const api = setup({ quirks: ["disable-conflict-409"] });
  const id = await api.createUser("alice", { active: true });
  const first = await api.patch(`/Users/${id}`, disable);
  expect(first.status).toBe(409);
  expect(first.body).toMatchObject({ status: "409", detail: "User must be Active." });
  expect(first.body).not.toHaveProperty("scimType");
  expect((await api.get(`/Users/${id}`)).body.active).toBe(false);
  expect((await api.patch(`/Users/${id}`, disable)).status).toBe(409);
});

it("with disable-conflict-409, other PATCHes and reactivation still work", async () => {
  const api = setup({ quirks: ["disable-conflict-409"] });
  const id = await api.createUser("alice", { active: false });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "active", value: true }));
  expect(res.status).toBe(200);
  expect(res.body.active).toBe(true);
  const title = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "T" }));
  expect(title.status).toBe(200);
});
