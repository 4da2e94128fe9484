import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

it('with add-active-rejected, "op": "Add" on active answers 400 and the user stays active (B3)', async () => {
  const api = setup({ quirks: ["add-active-rejected"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "Add", path: "active", value: "False" }));
  expect(res.status).toBe(400);
  const pathless = await api.patch(`/Users/${id}`, patchBody({ op: "add", value: { active: false } }));
  expect(pathless.status).toBe(400);
  expect((await api.get(`/Users/${id}`)).body.active).toBe(true);
});

it("with add-active-rejected, replace on active and add on another attribute still work", async () => {
  const api = setup({ quirks: ["add-active-rejected"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "Replace", path: "active", value: false }, { op: "Add", path: "nickName", value: "Al" }),
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ active: false, nickName: "Al" });
});
