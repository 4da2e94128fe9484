import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";

it("with patch-active-only, attribute PATCHes and reactivation answer 400 and change nothing (B22)", async () => {
  const api = setup({ quirks: ["patch-active-only"] });
  const id = await api.createUser("alice", { title: "Before", active: false });
  for (const body of [
    patchBody({ op: "Replace", path: "title", value: "After" }),
    patchBody({ op: "replace", path: "active", value: true }),
    patchBody({ op: "replace", value: { active: false, title: "After" } }),
  ]) {
    const res = await api.patch(`/Users/${id}`, body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^Invalid Patch Operation/);
  }
  expect((await api.get(`/Users/${id}`)).body).toMatchObject({ title: "Before", active: false });
});

it("with patch-active-only, deactivation and group PATCHes still work", async () => {
  const api = setup({ quirks: ["patch-active-only"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "active", value: "False" }));
  expect(res.status).toBe(200);
  expect(res.body.active).toBe(false);
  const group = await api.createGroup("G");
  await api.patch(`/Groups/${group}`, patchBody({ op: "Add", path: "members", value: [{ value: id }] }));
  expect(await memberIdsOf(api, group)).toEqual([id]);
});
