import { describe, expect, it } from "vitest";
import { sourceUser } from "../plan-driver.test-support.ts";
import { createUserBody, ENTRA_MAPPINGS } from "./entra-mapping.ts";
import {
  activeBody,
  addMembersBody,
  createGroupBody,
  groupFilterPath,
  managerPatchBody,
  removeMembersBody,
  renameGroupBody,
  userFilterPath,
  userPatchBody,
} from "./entra-requests.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("disable bodies, byte for byte (§1.5.6 CONFLICT)", () => {
  it("(a) without the flag [S2] [C10]", () => {
    expect(JSON.stringify(activeBody("a", false))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}',
    );
  });
  it("(b) with aadOptscim062020 [S2]", () => {
    expect(JSON.stringify(activeBody("b", false))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}',
    );
  });
  it("(c) tutorial form with Operations before schemas [S1]", () => {
    expect(JSON.stringify(activeBody("c", false))).toBe(
      '{"Operations":[{"op":"Replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}',
    );
  });
  it("(d) Add on active [C8]", () => {
    expect(JSON.stringify(activeBody("d", false))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"active","value":"False"}]}',
    );
  });
  it("re-enable mirrors the variant with True/true (inferred §1.5.7)", () => {
    expect(activeBody("a", true)).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "True" }],
    });
    expect(activeBody("b", true)).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
  });
});

describe("member bodies (§1.6.4, §1.6.5)", () => {
  it("add members with $ref null, compact form of [C4]", () => {
    expect(JSON.stringify(addMembersBody(["636823803314257913"], false))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"636823803314257913"}]}]}',
    );
  });
  it("remove without the flag: a value array [S2]", () => {
    expect(JSON.stringify(removeMembersBody(["u1091"], false))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"u1091"}]}]}',
    );
  });
  it("remove with the flag: members[value eq] [S2]", () => {
    expect(JSON.stringify(removeMembersBody(["7f4bc1a3-285e-48ae-8202-5accb43efb0e"], true))).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \\"7f4bc1a3-285e-48ae-8202-5accb43efb0e\\"]"}]}',
    );
  });
  it("remove of two members with the flag: one op each", () => {
    expect(removeMembersBody(["a", "b"], true).Operations).toEqual([
      { op: "remove", path: 'members[value eq "a"]' },
      { op: "remove", path: 'members[value eq "b"]' },
    ]);
  });
});

it("rename: Replace displayName with a path (§1.6.3 [S1])", () => {
  expect(
    JSON.stringify(renameGroupBody("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName", false)),
  ).toBe(
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]}',
  );
});

it("group create: ADSCIM schema, meta.resourceType, no members (§1.6.1 [S1])", () => {
  expect(createGroupBody("displayName", "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159")).toEqual({
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:Group",
      "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
    ],
    externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    displayName: "displayName",
    meta: { resourceType: "Group" },
  });
});

it("user create: the §1.5.1 body with the enterprise extension and roles: [] (Part 4 item 6)", () => {
  const user = sourceUser("t", {
    userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    email: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com",
    givenName: "givenName",
    familyName: "familyName",
    displayName: "givenName familyName",
    department: "Retail",
  });
  const body = createUserBody(user, ENTRA_MAPPINGS.default ?? []);
  expect(Object.keys(body).slice(0, 7)).toEqual([
    "schemas",
    "externalId",
    "userName",
    "active",
    "emails",
    "meta",
    "name",
  ]);
  expect(Object.keys(body).at(-1)).toBe("roles");
  expect(body).toEqual({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    active: true,
    emails: [
      { primary: true, type: "work", value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com" },
    ],
    meta: { resourceType: "User" },
    name: { familyName: "familyName", givenName: "givenName" },
    displayName: "givenName familyName",
    [ENTERPRISE]: { department: "Retail" },
    roles: [],
  });
});

it("user create with the Cinode mapping (seeds 000/001): no emails, displayName or department; phone, city, employee number", () => {
  const user = sourceUser("c", {
    title: "Dev",
    department: "R&D",
    employeeNumber: "42",
    phone: "55555555555",
    locality: "Oslo",
  });
  expect(createUserBody(user, ENTRA_MAPPINGS.cinode ?? [])).toEqual({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
    externalId: "c",
    userName: "c@contoso.com",
    active: true,
    meta: { resourceType: "User" },
    name: { givenName: "c-given", familyName: "c-family" },
    title: "Dev",
    [ENTERPRISE]: { employeeNumber: "42" },
    phoneNumbers: [{ type: "work", value: "55555555555" }],
    addresses: [{ type: "work", locality: "Oslo" }],
    roles: [],
  });
});

describe("filter encodings (§1.4)", () => {
  it("plus: space as +, quote as %22 [C1] [C3]", () => {
    expect(userFilterPath("externalId", "johnwong", "plus")).toBe(
      "/Users?filter=externalId+eq+%22johnwong%22",
    );
  });
  it("raw: the 2019 capture with raw quotes [C2]", () => {
    expect(userFilterPath("externalId", "9edf3db5-f590-4367-a7b6-d76747c0a509", "raw")).toBe(
      '/Users?filter=externalId+eq+"9edf3db5-f590-4367-a7b6-d76747c0a509"',
    );
  });
  it("doc: the unencoded doc form with %20 spaces [S1]", () => {
    expect(userFilterPath("userName", "a", "doc")).toBe('/Users?filter=userName%20eq%20"a"');
  });
  it("group lookup puts excludedAttributes before the filter [S1]", () => {
    expect(groupFilterPath("Eng", "plus")).toBe(
      "/Groups?excludedAttributes=members&filter=displayName+eq+%22Eng%22",
    );
  });
});

describe("multi-attribute update bodies, verbatim from [S2] (§1.7)", () => {
  it("without the flag: one Replace per attribute, each with a path", () => {
    const body = userPatchBody(
      [
        { op: "Replace", path: "displayName", value: "Pvlo" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "TestBcwqnm@test.microsoft.com" },
        { op: "Replace", path: "name.givenName", value: "Gtfd" },
        { op: "Replace", path: "name.familyName", value: "Pkqf" },
        { op: "Replace", path: "externalId", value: "Eqpj" },
        { op: "Replace", path: `${ENTERPRISE}:employeeNumber`, value: "Eqpj" },
      ],
      false,
    );
    expect(body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "displayName", value: "Pvlo" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "TestBcwqnm@test.microsoft.com" },
        { op: "Replace", path: "name.givenName", value: "Gtfd" },
        { op: "Replace", path: "name.familyName", value: "Pkqf" },
        { op: "Replace", path: "externalId", value: "Eqpj" },
        {
          op: "Replace",
          path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
          value: "Eqpj",
        },
      ],
    });
  });
  it("with the flag: the filtered path alone, then one path-less replace with dotted and URN keys", () => {
    const body = userPatchBody(
      [
        { op: "Replace", path: "displayName", value: "Bjfe" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
        { op: "Replace", path: "name.givenName", value: "Kkom" },
        { op: "Replace", path: "name.familyName", value: "Unua" },
        { op: "Replace", path: `${ENTERPRISE}:employeeNumber`, value: "Aklq" },
      ],
      true,
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
          {
            op: "replace",
            value: {
              displayName: "Bjfe",
              "name.givenName": "Kkom",
              "name.familyName": "Unua",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
            },
          },
        ],
      }),
    );
  });
  it("the mixed Add/Replace body of [C11] without the flag", () => {
    const body = userPatchBody(
      [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "AdeleV2@REDACTED.onmicrosoft.com" },
        { op: "Replace", path: 'addresses[type eq "work"].formatted', value: "18/2111" },
        { op: "Add", path: `${ENTERPRISE}:department`, value: "Retail" },
      ],
      false,
    );
    expect(JSON.stringify(body)).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"AdeleV2@REDACTED.onmicrosoft.com"},{"op":"Replace","path":"addresses[type eq \\"work\\"].formatted","value":"18/2111"},{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Retail"}]}',
    );
  });
  it("active goes out as the string False without the flag and keeps its path with the flag", () => {
    expect(userPatchBody([{ op: "Replace", path: "active", value: false }], false).Operations).toEqual([
      { op: "Replace", path: "active", value: "False" },
    ]);
    expect(userPatchBody([{ op: "Add", path: "nickName", value: "Babs" }], true).Operations).toEqual([
      { op: "add", path: "nickName", value: "Babs" },
    ]);
  });
});

describe("manager second pass (§1.5.5)", () => {
  it("flag on: the captured bare-string add [C7]", () => {
    expect(
      JSON.stringify(
        managerPatchBody(
          { op: "Add", managerId: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" },
          true,
          `${ENTERPRISE}:manager`,
        ),
      ),
    ).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"}]}',
    );
  });
  it("removal by a value filter on manager [C6]", () => {
    expect(
      managerPatchBody({ op: "Remove", oldManagerId: "manager-id" }, true, `${ENTERPRISE}:manager`)
        .Operations,
    ).toEqual([{ op: "remove", path: 'manager[value eq "manager-id"]' }]);
  });
});
