import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

it('with active-string-rejected, PATCH active "False" answers 400 and the user stays active (B1)', async () => {
  const api = setup({ quirks: ["active-string-rejected"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "active", value: "False" }));
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
  const pathless = await api.patch(`/Users/${id}`, patchBody({ op: "replace", value: { active: "False" } }));
  expect(pathless.status).toBe(400);
  expect((await api.get(`/Users/${id}`)).body.active).toBe(true);
});

it("with active-string-rejected, a boolean active and other string attributes still work", async () => {
  const api = setup({ quirks: ["active-string-rejected"] });
  const id = await api.createUser("alice", { active: true });
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", path: "active", value: false }, { op: "replace", path: "title", value: "X" }),
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ active: false, title: "X" });
});
