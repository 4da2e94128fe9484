import { expect, it } from "vitest";
import { GROUP_URN, setup } from "../test-support.ts";
import { uniqueGroupNames } from "./unique-group-names.ts";

it("with unique-group-names, a second group of the same name (any case) answers 409 uniqueness", async () => {
  const api = setup({ quirks: [uniqueGroupNames] });
  expect((await api.post("/Groups", { schemas: [GROUP_URN], displayName: "Eng" })).status).toBe(201);
  const res = await api.post("/Groups", { schemas: [GROUP_URN], displayName: "ENG" });
  expect(res.status).toBe(409);
  expect(res.body.scimType).toBe("uniqueness");
  expect(api.fake.store.count("Group")).toBe(1);
});

it("with unique-group-names, a deleted group frees its name; other names are fine", async () => {
  const api = setup({ quirks: [uniqueGroupNames] });
  const a = await api.post("/Groups", { schemas: [GROUP_URN], displayName: "Eng" });
  expect((await api.post("/Groups", { schemas: [GROUP_URN], displayName: "Ops" })).status).toBe(201);
  expect((await api.del(`/Groups/${a.body.id}`)).status).toBe(204);
  expect((await api.post("/Groups", { schemas: [GROUP_URN], displayName: "Eng" })).status).toBe(201);
});

it("without the quirk two groups may share a name", async () => {
  const api = setup();
  await api.post("/Groups", { schemas: [GROUP_URN], displayName: "Eng" });
  expect((await api.post("/Groups", { schemas: [GROUP_URN], displayName: "Eng" })).status).toBe(201);
});
