import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

it('with lowercase-op-rejected, "op": "add" answers 400 and changes nothing (B2 mirror)', async () => {
  const api = setup({ quirks: ["lowercase-op-rejected"] });
  const id = await api.createUser("alice");
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "add", path: "nickName", value: "Al" }));
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidSyntax");
  expect((await api.get(`/Users/${id}`)).body).not.toHaveProperty("nickName");
});

it('with lowercase-op-rejected, "op": "Add" still applies', async () => {
  const api = setup({ quirks: ["lowercase-op-rejected"] });
  const id = await api.createUser("alice");
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "Add", path: "nickName", value: "Al" }));
  expect(res.status).toBe(200);
  expect(res.body.nickName).toBe("Al");
});

it("with lowercase-op-rejected, an op that is not a string answers 400, not 500 (fuzz regression)", async () => {
  const api = setup({ quirks: ["lowercase-op-rejected"] });
  const id = await api.createUser("alice");
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: { toString: 0 }, path: "nickName", value: "Al" }),
  );
  expect(res.status).toBe(400);
  expect(res.body.detail).toBe('Unsupported op {"toString":0}');
});
