import { expect, it } from "vitest";
import { sourceUser } from "../plan-driver.test-support.ts";
import { parseJumpCloudOptions } from "./jumpcloud-options.ts";
import {
  activePatchBody,
  addMembersBody,
  createUserBody,
  groupLookupPath,
  jumpCloudExternalId,
  objectId,
  putUserBody,
  removeMembersBody,
  userLookupPath,
} from "./jumpcloud-requests.ts";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const defaults = parseJumpCloudOptions({});

const jcTestUser = sourceUser("t", {
  userName: "testuser@example.io",
  email: "testuser@example.io",
  displayName: "displayname",
  givenName: "firstname",
  familyName: "lastname",
  externalId: "66e2d689590450d073d2df3b",
  phone: "+1-555-555-5555",
  locality: "locality",
});

it("create body: the [J6] jumpcloud_create_user.json shape (the source has no street, region, postal code or country)", () => {
  const body = createUserBody(jcTestUser, defaults);
  expect(body).toEqual({
    active: true,
    addresses: [{ locality: "locality", primary: true, type: "work" }],
    displayName: "displayname",
    emails: [{ primary: true, type: "work", value: "testuser@example.io" }],
    externalId: "66e2d689590450d073d2df3b",
    locale: "en-US",
    name: { familyName: "lastname", givenName: "firstname" },
    phoneNumbers: [{ primary: true, type: "work", value: "tel:+1-555-555-5555" }],
    preferredLanguage: "en-US",
    schemas: [CORE, ENTERPRISE],
    userName: "testuser@example.io",
  });
  expect(Object.keys(body)).toEqual([...Object.keys(body)].sort());
  expect(body).not.toHaveProperty("meta");
});

it("full PUT: the [J6] jumpcloud_put_user_full.json shape: id, empty arrays, reversed schemas, extension under its URN", () => {
  const john = sourceUser("j", {
    userName: "john.doe@example.com",
    email: "john.doe@example.io",
    displayName: "John Doe",
    givenName: "John",
    familyName: "Doe",
    externalId: "664447f5c0c418f2d05e5318",
    title: "Captain",
    department: "C-Suite",
  });
  const body = putUserBody(john, "d500eedc-4dbc-494e-978a-56da891f179a", defaults, true);
  expect(body).toEqual({
    active: true,
    addresses: [],
    displayName: "John Doe",
    emails: [{ primary: true, type: "work", value: "john.doe@example.io" }],
    externalId: "664447f5c0c418f2d05e5318",
    id: "d500eedc-4dbc-494e-978a-56da891f179a",
    locale: "en-US",
    name: { familyName: "Doe", givenName: "John" },
    phoneNumbers: [],
    preferredLanguage: "en-US",
    schemas: [ENTERPRISE, CORE],
    title: "Captain",
    [ENTERPRISE]: { department: "C-Suite" },
    userName: "john.doe@example.com",
  });
});

it('minimal PUT: byte for byte the [J6] jumpcloud_put_user_minimal.json, with "emails": null', () => {
  const body = putUserBody(
    jcTestUser,
    "5107a4e4-0b11-4e77-8dcf-c8c6978d40ac",
    parseJumpCloudOptions({ putBody: "minimal" }),
    true,
  );
  expect(JSON.stringify(body)).toBe(
    '{"active":true,"emails":null,"id":"5107a4e4-0b11-4e77-8dcf-c8c6978d40ac","name":{"familyName":"lastname","givenName":"firstname"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"testuser@example.io"}',
  );
});

it("member bodies: bare {value} objects, remove with a value array and no filter [J7] [J8]", () => {
  expect(JSON.stringify(addMembersBody(["jc-user-uuid-001"]))).toBe(
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"jc-user-uuid-001"}]}]}',
  );
  expect(JSON.stringify(removeMembersBody(["jc-user-uuid-001"]))).toBe(
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members","value":[{"value":"jc-user-uuid-001"}]}]}',
  );
});

it("deactivate by PATCH: replace active false, the [J7] form", () => {
  expect(activePatchBody(false)).toEqual({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
});

it("externalId: a 24-hex object id, or the Employee ID with externalId=employeeId (§2.5 CONFLICT)", () => {
  expect(objectId("66e2d689590450d073d2df3b")).toBe("66e2d689590450d073d2df3b");
  expect(objectId("not-hex")).toMatch(/^[0-9a-f]{24}$/);
  expect(objectId("not-hex")).toBe(objectId("not-hex"));
  const user = sourceUser("e", { employeeNumber: "E-42" });
  expect(jumpCloudExternalId(user, parseJumpCloudOptions({ externalId: "employeeId" }))).toBe("E-42");
});

it("lookups use plain percent-encoding (inferred)", () => {
  expect(userLookupPath("a@b.c")).toBe("/Users?filter=userName%20eq%20%22a%40b.c%22");
  expect(groupLookupPath("Eng")).toBe("/Groups?filter=displayName%20eq%20%22Eng%22");
});
