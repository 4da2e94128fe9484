import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

const workEmail = patchBody({ op: "Replace", path: 'emails[type eq "work"].value', value: "new@work" });

it("without the quirk, a filtered replace with no match adds the element (tolerant mode)", async () => {
  const api = setup();
  const id = await api.createUser("alice");
  const res = await api.patch(`/Users/${id}`, workEmail);
  expect(res.body.emails).toEqual([{ type: "work", value: "new@work" }]);
});

it("with filtered-replace-no-target, a filtered replace with no match answers 400 noTarget (B10)", async () => {
  const api = setup({ quirks: ["filtered-replace-no-target"] });
  const id = await api.createUser("alice", { emails: [{ value: "a@home", type: "home" }] });
  const res = await api.patch(`/Users/${id}`, workEmail);
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("noTarget");
  expect((await api.get(`/Users/${id}`)).body.emails).toEqual([{ value: "a@home", type: "home" }]);
});

it("with filtered-replace-no-target, a replace on a matching element and a filtered add still work", async () => {
  const api = setup({ quirks: ["filtered-replace-no-target"] });
  const id = await api.createUser("alice", { emails: [{ value: "old@work", type: "work" }] });
  const res = await api.patch(`/Users/${id}`, workEmail);
  expect(res.body.emails).toEqual([{ value: "new@work", type: "work" }]);
  const added = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "add", path: 'phoneNumbers[type eq "work"].value', value: "555" }),
  );
  expect(added.status).toBe(200);
  expect(added.body.phoneNumbers).toEqual([{ type: "work", value: "555" }]);
});
