import { expect, it } from "vitest";
import { PATCH_URN, USER_URN, setup } from "../test-support.ts";
import { displayNameReadOnly } from "./displayname-readonly.ts";

const NAME = { name: { givenName: "Ada", familyName: "Lovelace" } };

it("with displayname-readonly, /Schemas declares User displayName readOnly (list and by id)", async () => {
  const api = setup({ quirks: [displayNameReadOnly] });
  const mutability = (schema: { attributes: { name: string; mutability: string }[] }) =>
    schema.attributes.find((a) => a.name === "displayName")?.mutability;
  const all = await api.get("/Schemas");
  const user = all.body.Resources.find((s: { id: string }) => s.id === USER_URN);
  expect(mutability(user)).toBe("readOnly");
  expect(mutability((await api.get(`/Schemas/${USER_URN}`)).body)).toBe("readOnly");
  expect(mutability((await setup().get(`/Schemas/${USER_URN}`)).body)).toBe("readWrite");
});

it("with displayname-readonly, POST and PUT ignore displayName; the server computes it from name", async () => {
  const api = setup({ quirks: [displayNameReadOnly] });
  const created = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "a",
    displayName: "Sent",
    ...NAME,
  });
  expect(created.status).toBe(201);
  expect(created.body.displayName).toBe("Ada Lovelace");
  const put = await api.put(`/Users/${created.body.id}`, {
    schemas: [USER_URN],
    userName: "a",
    displayName: "Sent again",
    name: { givenName: "Grace", familyName: "Hopper" },
  });
  expect(put.body.displayName).toBe("Grace Hopper");
});

it("with displayname-readonly, a PATCH of displayName answers 400 mutability and changes nothing", async () => {
  const api = setup({ quirks: [displayNameReadOnly] });
  const id = await api.createUser("a", NAME);
  for (const op of [
    { op: "replace", path: "displayName", value: "X" },
    { op: "replace", value: { displayName: "X", title: "T" } },
  ]) {
    const res = await api.patch(`/Users/${id}`, { schemas: [PATCH_URN], Operations: [op] });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("mutability");
  }
  const after = (await api.get(`/Users/${id}`)).body;
  expect([after.displayName, after.title]).toEqual(["Ada Lovelace", undefined]);
  const ok = await api.patch(`/Users/${id}`, {
    schemas: [PATCH_URN],
    Operations: [{ op: "replace", path: "title", value: "T" }],
  });
  expect(ok.body.title).toBe("T");
});
