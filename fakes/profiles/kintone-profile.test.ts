import { expect, it } from "vitest";
import { GROUP_URN, USER_URN, setup } from "../test-support.ts";

it("serves Users only: /Groups is 404 (seed 004)", async () => {
  const api = setup({ profile: "kintone" });
  expect((await api.get("/Groups")).status).toBe(404);
  expect((await api.post("/Groups", { schemas: [GROUP_URN], displayName: "x" })).status).toBe(404);
});

it("requires userName (400 invalidValue naming it)", async () => {
  const api = setup({ profile: "kintone" });
  const res = await api.post("/Users", { schemas: [USER_URN], displayName: "No user name" });
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
  expect(res.body.detail).toContain("userName");
});

it("keeps active, displayName, emails, name and externalId, and drops other attributes", async () => {
  const api = setup({ profile: "kintone" });
  const res = await api.post("/Users", {
    schemas: [USER_URN],
    userName: "kenji",
    externalId: "aad-1",
    active: true,
    displayName: "Kenji",
    emails: [{ type: "work", value: "kenji@example.com" }],
    name: { givenName: "Kenji", familyName: "Sato", middleName: "M" },
    title: "Engineer",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "7" },
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    schemas: [USER_URN],
    userName: "kenji",
    externalId: "aad-1",
    active: true,
    displayName: "Kenji",
    emails: [{ type: "work", value: "kenji@example.com" }],
    name: { givenName: "Kenji", familyName: "Sato" },
  });
  expect(res.body).not.toHaveProperty("title");
  expect(res.body.name).not.toHaveProperty("middleName");
  expect(res.body).not.toHaveProperty("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
});
