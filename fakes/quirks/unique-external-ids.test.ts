import { expect, it } from "vitest";
import { PATCH_URN, USER_URN, setup } from "../test-support.ts";
import { uniqueEmails } from "./unique-emails.ts";
import { uniqueExternalIds } from "./unique-external-ids.ts";

const GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

it("with unique-external-ids, an externalId another resource of the type holds answers 409 uniqueness", async () => {
  const api = setup({ quirks: [uniqueExternalIds] });
  const a = await api.createUser("a", { externalId: "x1" });
  const clash = await api.post("/Users", { schemas: [USER_URN], userName: "c", externalId: "x1" });
  expect(clash.status).toBe(409);
  expect(clash.body.scimType).toBe("uniqueness");
  expect((await api.get("/Users?filter=userName%20eq%20%22c%22")).body.totalResults).toBe(0);
  // caseExact (RFC 7643 §3.1): X1 is another value; a Group keeps its own externalIds.
  await api.createUser("d", { externalId: "X1" });
  expect(
    (await api.post("/Groups", { schemas: [GROUP_URN], displayName: "G", externalId: "x1" })).status,
  ).toBe(201);
  const group = await api.post("/Groups", { schemas: [GROUP_URN], displayName: "H", externalId: "x1" });
  expect([group.status, group.body.scimType]).toEqual([409, "uniqueness"]);
  // PATCH to a taken value is refused; the owner may write its own value again; a delete frees it.
  const b = await api.createUser("b", { externalId: "x2" });
  const patch = await api.patch(`/Users/${b}`, {
    schemas: [PATCH_URN],
    Operations: [{ op: "replace", path: "externalId", value: "x1" }],
  });
  expect(patch.status).toBe(409);
  expect(
    (await api.put(`/Users/${a}`, { schemas: [USER_URN], userName: "a", externalId: "x1" })).status,
  ).toBe(200);
  expect((await api.del(`/Users/${a}`)).status).toBe(204);
  await api.createUser("e", { externalId: "x1" });
});

it("unique-external-ids and unique-emails together: each keeps its own values, and only those", async () => {
  const api = setup({ quirks: [uniqueEmails, uniqueExternalIds] });
  await api.createUser("a", { externalId: "x1", emails: [{ value: "A@example.com" }] });
  const email = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "b",
    emails: [{ value: "a@EXAMPLE.com" }],
  });
  expect(email.status).toBe(409);
  expect((await api.post("/Users", { schemas: [USER_URN], userName: "c", externalId: "x1" })).status).toBe(
    409,
  );
  await api.createUser("d", { externalId: "x2", emails: [{ value: "d@example.com" }] });
});

it("without the quirk two users may share an externalId", async () => {
  const api = setup();
  await api.createUser("a", { externalId: "x1" });
  await api.createUser("b", { externalId: "x1" });
});
