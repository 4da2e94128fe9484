import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";

it('with capitalised-op-ignored, "op": "Replace" succeeds but changes nothing (B2)', async () => {
  const api = setup({ quirks: ["capitalised-op-ignored"] });
  const id = await api.createUser("alice", { title: "Before", active: true });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "active", value: false }));
  expect(res.status).toBe(200);
  expect(res.body.active).toBe(true);
  const mixed = await api.patch(
    `/Users/${id}`,
    patchBody(
      { op: "Replace", path: "title", value: "Skipped" },
      { op: "add", path: "nickName", value: "Al" },
    ),
  );
  expect(mixed.body).toMatchObject({ title: "Before", nickName: "Al" });
});

it('with capitalised-op-ignored, lower-case ops still apply (also on groups: "Add" is skipped, "add" works)', async () => {
  const api = setup({ quirks: ["capitalised-op-ignored"] });
  const user = await api.createUser("alice");
  const group = await api.createGroup("G");
  await api.patch(`/Groups/${group}`, patchBody({ op: "Add", path: "members", value: [{ value: user }] }));
  expect(await memberIdsOf(api, group)).toEqual([]);
  await api.patch(`/Groups/${group}`, patchBody({ op: "add", path: "members", value: [{ value: user }] }));
  expect(await memberIdsOf(api, group)).toEqual([user]);
});
