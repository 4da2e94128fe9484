import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

const homeEmail = patchBody({ op: "replace", path: 'emails[type eq "home"].value', value: "new@home" });
const WORK = { value: "a@work", type: "work" };

it("without the quirk, a filtered replace that matches none of the values present answers 400 noTarget", async () => {
  const api = setup();
  const id = await api.createUser("alice", { emails: [WORK] });
  const res = await api.patch(`/Users/${id}`, homeEmail);
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("noTarget");
  expect((await api.get(`/Users/${id}`)).body.emails).toEqual([WORK]);
});

it("with filtered-replace-upserts, the same replace adds a home email", async () => {
  const api = setup({ quirks: ["filtered-replace-upserts"] });
  const id = await api.createUser("alice", { emails: [WORK] });
  const res = await api.patch(`/Users/${id}`, homeEmail);
  expect(res.status).toBe(200);
  expect(res.body.emails).toEqual([WORK, { type: "home", value: "new@home" }]);
});

it("with filtered-replace-upserts, a matching replace and a replace on an attribute without values are unchanged", async () => {
  const api = setup({ quirks: ["filtered-replace-upserts"] });
  const id = await api.createUser("alice", { emails: [WORK] });
  const work = patchBody({ op: "replace", path: 'emails[type eq "work"].value', value: "b@work" });
  expect((await api.patch(`/Users/${id}`, work)).body.emails).toEqual([{ value: "b@work", type: "work" }]);
  const bare = await api.createUser("bob");
  expect((await api.patch(`/Users/${bare}`, homeEmail)).body.emails).toEqual([
    { type: "home", value: "new@home" },
  ]);
});
