import { expect, it } from "vitest";
import { USER_URN, patchBody, setup } from "../test-support.ts";

const disable = patchBody({ op: "Replace", path: "active", value: "False" });

it('without the quirk, PATCH active "False" deactivates the user (tolerant mode)', async () => {
  const api = setup();
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, disable);
  expect(res.status).toBe(200);
  expect(res.body.active).toBe(false);
});

it('with active-string-ignored, PATCH active "False" succeeds but the user stays active (B1)', async () => {
  const api = setup({ quirks: ["active-string-ignored"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, disable);
  expect(res.status).toBe(200);
  expect(res.body.active).toBe(true);
  const pathless = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", value: { active: "False", title: "Gone" } }),
  );
  expect(pathless.body).toMatchObject({ active: true, title: "Gone" });
});

it("with active-string-ignored, boolean active and POST/PUT strings still work", async () => {
  const api = setup({ quirks: ["active-string-ignored"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "active", value: false }));
  expect(res.body.active).toBe(false);
  const put = await api.put(`/Users/${id}`, { schemas: [USER_URN], userName: "alice", active: "True" });
  expect(put.body.active).toBe(true);
});
