import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

it('with capitalised-op-rejected, "op": "Replace" answers 400 invalidSyntax and changes nothing (B2)', async () => {
  const api = setup({ quirks: ["capitalised-op-rejected"] });
  const id = await api.createUser("alice", { title: "Before" });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "title", value: "After" }));
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidSyntax");
  expect((await api.get(`/Users/${id}`)).body.title).toBe("Before");
});

it('with capitalised-op-rejected, "op": "replace" still applies', async () => {
  const api = setup({ quirks: ["capitalised-op-rejected"] });
  const id = await api.createUser("alice", { title: "Before" });
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "replace", path: "title", value: "After" }));
  expect(res.status).toBe(200);
  expect(res.body.title).toBe("After");
});
