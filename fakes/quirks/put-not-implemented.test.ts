import { expect, it } from "vitest";
import { USER_URN, patchBody, setup } from "../test-support.ts";

it("with put-not-implemented, PUT answers 405 with Allow and changes nothing (B15)", async () => {
  const api = setup({ quirks: ["put-not-implemented"] });
  const id = await api.createUser("alice", { title: "Before" });
  const res = await api.put(`/Users/${id}`, { schemas: [USER_URN], userName: "alice", title: "After" });
  expect(res.status).toBe(405);
  expect(res.headers["allow"]).toBe("GET, PATCH, DELETE");
  expect((await api.get(`/Users/${id}`)).body.title).toBe("Before");
});

it("with put-not-implemented=404, PUT answers 404; PATCH and GET still work", async () => {
  const api = setup({ quirks: ["put-not-implemented=404"] });
  const id = await api.createUser("alice", { title: "Before" });
  const res = await api.put(`/Users/${id}`, { schemas: [USER_URN], userName: "alice" });
  expect(res.status).toBe(404);
  const patched = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", path: "title", value: "After" }),
  );
  expect(patched.body.title).toBe("After");
  expect(() => setup({ quirks: ["put-not-implemented=418"] })).toThrow(TypeError);
});
