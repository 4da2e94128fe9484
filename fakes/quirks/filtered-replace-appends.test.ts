import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

const workEmail = patchBody({ op: "Replace", path: 'emails[type eq "work"].value', value: "new@work" });

it("without the quirk, a filtered replace updates the work email in place", async () => {
  const api = setup();
  const id = await api.createUser("alice", { emails: [{ value: "old@work", type: "work" }] });
  const res = await api.patch(`/Users/${id}`, workEmail);
  expect(res.body.emails).toEqual([{ value: "new@work", type: "work" }]);
});

it("with filtered-replace-appends, a filtered replace appends a second work email (B10)", async () => {
  const api = setup({ quirks: ["filtered-replace-appends"] });
  const id = await api.createUser("alice", { emails: [{ value: "old@work", type: "work" }] });
  const res = await api.patch(`/Users/${id}`, workEmail);
  expect(res.status).toBe(200);
  expect(res.body.emails).toEqual([
    { value: "old@work", type: "work" },
    { type: "work", value: "new@work" },
  ]);
});

it("with filtered-replace-appends, unfiltered replace and filtered remove are unchanged", async () => {
  const api = setup({ quirks: ["filtered-replace-appends"] });
  const id = await api.createUser("alice", {
    emails: [
      { value: "a@work", type: "work" },
      { value: "a@home", type: "home" },
    ],
  });
  await api.patch(`/Users/${id}`, patchBody({ op: "remove", path: 'emails[type eq "home"]' }));
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", path: "name.givenName", value: "Al" }),
  );
  expect(res.body.emails).toEqual([{ value: "a@work", type: "work" }]);
  expect(res.body.name).toEqual({ givenName: "Al" });
});
