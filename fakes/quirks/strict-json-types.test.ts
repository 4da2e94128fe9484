import { expect, it } from "vitest";
import { USER_URN, patchBody, setup } from "../test-support.ts";

it('with strict-json-types, "emails": null and roles[].primary "True" answer 400 (B17)', async () => {
  const api = setup({ quirks: ["strict-json-types"] });
  const nullEmails = await api.post("/Users", { schemas: [USER_URN], userName: "a", emails: null });
  expect(nullEmails.status).toBe(400);
  expect(nullEmails.body.scimType).toBe("invalidSyntax");
  const stringPrimary = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "b",
    roles: [{ value: "Admin", primary: "True" }],
  });
  expect(stringPrimary.status).toBe(400);
  expect(api.fake.store.count("User")).toBe(0);
});

it("with strict-json-types, well-typed bodies and PATCH string booleans still work", async () => {
  const api = setup({ quirks: ["strict-json-types"] });
  const res = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "a",
    active: true,
    roles: [{ value: "Admin", primary: true }],
  });
  expect(res.status).toBe(201);
  const patched = await api.patch(
    `/Users/${res.body.id}`,
    patchBody({ op: "Replace", path: "active", value: "False" }),
  );
  expect(patched.body.active).toBe(false);
});
