import { expect, it } from "vitest";
import { PATCH_URN, USER_URN, setup } from "../test-support.ts";
import { uniqueEmails } from "./unique-emails.ts";

const emails = (...values: string[]) => ({ emails: values.map((value) => ({ value, type: "work" })) });

it("with unique-emails, a second user with the same email (any case) answers 409 uniqueness", async () => {
  const api = setup({ quirks: [uniqueEmails] });
  await api.createUser("a", emails("same@example.com"));
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "b", ...emails("SAME@example.com") });
  expect(res.status).toBe(409);
  expect(res.body.scimType).toBe("uniqueness");
  expect((await api.get("/Users?filter=userName%20eq%20%22b%22")).body.totalResults).toBe(0);
});

it("with unique-emails, PATCH and PUT to a taken email answer 409; distinct emails and a freed one are fine", async () => {
  const api = setup({ quirks: [uniqueEmails] });
  const a = await api.createUser("a", emails("a@example.com"));
  const b = await api.createUser("b", emails("b@example.com"));
  const patch = await api.patch(`/Users/${b}`, {
    schemas: [PATCH_URN],
    Operations: [{ op: "add", path: "emails", value: [{ value: "a@example.com", type: "home" }] }],
  });
  expect(patch.status).toBe(409);
  const put = await api.put(`/Users/${b}`, {
    schemas: [USER_URN],
    userName: "b",
    ...emails("a@example.com"),
  });
  expect(put.status).toBe(409);
  expect(
    (await api.put(`/Users/${b}`, { schemas: [USER_URN], userName: "b", ...emails("b2@example.com") }))
      .status,
  ).toBe(200);
  expect((await api.del(`/Users/${a}`)).status).toBe(204);
  await api.createUser("c", emails("a@example.com", "b@example.com"));
});

it("without the quirk two users may share an email", async () => {
  const api = setup();
  await api.createUser("a", emails("same@example.com"));
  await api.createUser("b", emails("same@example.com"));
});
