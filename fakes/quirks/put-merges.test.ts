import { expect, it } from "vitest";
import { USER_URN, patchBody, setup } from "../test-support.ts";

const created = {
  title: "Captain",
  emails: [{ value: "a@work", type: "work" }],
  phoneNumbers: [{ value: "555" }],
};

it("with put-merges, a JumpCloud minimal PUT keeps omitted, null and empty attributes (B16)", async () => {
  const api = setup({ quirks: ["put-merges"] });
  const id = await api.createUser("alice", created);
  const res = await api.put(`/Users/${id}`, {
    schemas: [USER_URN],
    userName: "alice",
    active: true,
    emails: null,
    phoneNumbers: [],
    name: { givenName: "A" },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ ...created, active: true, name: { givenName: "A" } });
});

it("without the quirk the same PUT clears them; with it, sent values and PATCH remove still apply", async () => {
  const clean = setup();
  const cleanId = await clean.createUser("alice", created);
  const cleared = await clean.put(`/Users/${cleanId}`, {
    schemas: [USER_URN],
    userName: "alice",
    emails: null,
  });
  expect(cleared.body).not.toHaveProperty("emails");
  expect(cleared.body).not.toHaveProperty("title");
  const api = setup({ quirks: ["put-merges"] });
  const id = await api.createUser("alice", created);
  const put = await api.put(`/Users/${id}`, { schemas: [USER_URN], userName: "alice", title: "Major" });
  expect(put.body.title).toBe("Major");
  const removed = await api.patch(`/Users/${id}`, patchBody({ op: "remove", path: "emails" }));
  expect(removed.body).not.toHaveProperty("emails");
});
