import { expect, it } from "vitest";
import { USER_URN, patchBody, setup } from "../test-support.ts";

it("with pending-invite-inactive, a new active user comes back active:false and cannot be reactivated (B19)", async () => {
  const api = setup({ quirks: ["pending-invite-inactive"] });
  const created = await api.post("/Users", { schemas: [USER_URN], userName: "alice", active: true });
  expect(created.status).toBe(201);
  expect(created.body.active).toBe(false);
  const id = created.body.id as string;
  const reactivated = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", path: "active", value: true }),
  );
  expect(reactivated.status).toBe(200);
  expect(reactivated.body.active).toBe(false);
});

it("with pending-invite-inactive, other attributes and groups are unchanged", async () => {
  const api = setup({ quirks: ["pending-invite-inactive"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "Boss" }));
  expect(res.body.title).toBe("Boss");
  const group = await api.createGroup("G", [id]);
  const got = await api.get(`/Groups/${group}`);
  expect(got.body).toMatchObject({ displayName: "G", members: [{ value: id }] });
  expect(got.body).not.toHaveProperty("active");
});
