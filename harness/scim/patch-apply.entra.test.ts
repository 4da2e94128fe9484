/**
 * Entra ID's real user PATCH bodies (dossier ../shared/docs/idp-behaviour.md §1.5, §1.7; tags as cited there):
 * in tolerant mode each gives the same resource as the RFC form of the same change, and names the rule it
 * needed; in strict mode each non-RFC form is rejected with the scimType `ToleratedForm` documents.
 */
import { expect, it } from "vitest";
import { applyPatch } from "./patch-apply.ts";
import type { PatchMode } from "./patch-apply.ts";
import { deepFreeze, patchBody, scimErrorOf } from "./rfc-fixtures.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER, USER_RESOURCE_TYPE } from "./schemas.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
type Resource = Readonly<Record<string, unknown>>;

const body = patchBody;
const run = (resource: Resource, request: unknown, mode: PatchMode) =>
  applyPatch(resource, request, USER_RESOURCE_TYPE, { mode });
const strictError = (resource: Resource, request: unknown): string =>
  scimErrorOf(() => applyPatch(resource, request, USER_RESOURCE_TYPE, { mode: "strict" }));

// The user of dossier §1.5.1 as the SP stored it.
const USER = deepFreeze({
  schemas: [SCHEMA_USER],
  id: "5171a35d82074e068ce2",
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
  active: true,
  emails: [
    { primary: true, type: "work", value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com" },
  ],
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  meta: {
    resourceType: "User",
    created: "2018-03-27T19:59:26.000Z",
    lastModified: "2018-03-27T19:59:26.000Z",
  },
});
const INACTIVE = deepFreeze({ ...USER, active: false });

it("disable with 'Replace' and the string \"False\" [S2] [C10] (B1, B2)", () => {
  const entra = body({ op: "Replace", path: "active", value: "False" });
  const rfc = body({ op: "replace", path: "active", value: false });
  expect(run(USER, entra, "tolerant")).toEqual({
    resource: INACTIVE,
    changed: true,
    tolerated: ["capitalised-op", "string-boolean"],
  });
  expect(run(USER, rfc, "tolerant")).toEqual({ resource: INACTIVE, changed: true, tolerated: [] });
  expect(strictError(USER, entra)).toBe("400 invalidSyntax");
  expect(strictError(USER, body({ op: "replace", path: "active", value: "False" }))).toBe("400 invalidValue");
});

it("disable, tutorial variant: Operations before schemas, 'Replace', boolean [S1]", () => {
  const entra = deepFreeze({
    Operations: [{ op: "Replace", path: "active", value: false }],
    schemas: [PATCH_OP],
  });
  expect(run(USER, entra, "tolerant")).toEqual({
    resource: INACTIVE,
    changed: true,
    tolerated: ["capitalised-op"],
  });
  expect(run(USER, body({ op: "replace", path: "active", value: false }), "strict").resource).toEqual(
    INACTIVE,
  );
});

it('\'Add\' on active with "False" [C8] (B3) is a replace of a single value; re-enable with "True"', () => {
  const entra = body({ op: "Add", path: "active", value: "False" });
  expect(run(USER, entra, "tolerant").resource).toEqual(INACTIVE);
  expect(run(USER, body({ op: "add", path: "active", value: false }), "strict").resource).toEqual(INACTIVE);
  const enable = run(INACTIVE, body({ op: "Replace", path: "active", value: "True" }), "tolerant");
  expect(enable.resource).toEqual(USER);
});

it("single-valued and filtered multi-valued replace, §1.5.3 and §1.5.4 [S1]", () => {
  const entra = body(
    { op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" },
    { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
    { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
  );
  const expected = {
    ...USER,
    userName: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com",
    emails: [{ primary: true, type: "work", value: "updatedEmail@microsoft.com" }],
    name: { formatted: "givenName familyName", familyName: "updatedFamilyName", givenName: "givenName" },
  };
  expect(run(USER, entra, "tolerant")).toEqual({
    resource: expected,
    changed: true,
    tolerated: ["capitalised-op"],
  });
  const rfc = body(
    { op: "replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" },
    { op: "replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
    { op: "replace", path: "name.familyName", value: "updatedFamilyName" },
  );
  expect(run(USER, rfc, "strict").resource).toEqual(expected);
});

it("captured mixed body [C11]: the no-match address replace becomes an add [C14] (B10)", () => {
  const entra = body(
    { op: "Replace", path: 'emails[type eq "work"].value', value: "AdeleV2@REDACTED.onmicrosoft.com" },
    { op: "Replace", path: 'addresses[type eq "work"].formatted', value: "18/2111" },
    { op: "Add", path: `${ENTERPRISE}:department`, value: "Retail" },
  );
  const expected = {
    ...USER,
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
    emails: [{ primary: true, type: "work", value: "AdeleV2@REDACTED.onmicrosoft.com" }],
    addresses: [{ type: "work", formatted: "18/2111" }],
    [ENTERPRISE]: { department: "Retail" },
  };
  const result = run(USER, entra, "tolerant");
  expect(result.resource).toEqual(expected);
  expect(result.tolerated).toEqual(["capitalised-op", "replace-filter-no-match-adds"]);
  const rfc = body(
    { op: "replace", path: 'emails[type eq "work"].value', value: "AdeleV2@REDACTED.onmicrosoft.com" },
    { op: "add", path: "addresses", value: [{ type: "work", formatted: "18/2111" }] },
    { op: "add", path: `${ENTERPRISE}:department`, value: "Retail" },
  );
  expect(run(USER, rfc, "strict").resource).toEqual(expected);
  expect(strictError(USER, entra)).toBe("400 invalidSyntax");
  expect(
    strictError(USER, body({ op: "replace", path: 'addresses[type eq "work"].formatted', value: "18/2111" })),
  ).toBe("400 noTarget");
});

it("SCIM Validator add on a missing typed email [C14] is an upsert in tolerant mode", () => {
  const entra = body({ op: "add", path: 'emails[type eq "home"].value', value: "home@example.com" });
  const result = run(USER, entra, "tolerant");
  expect(result.resource["emails"]).toEqual([
    ...(USER.emails as unknown[]),
    { type: "home", value: "home@example.com" },
  ]);
  expect(result.tolerated).toEqual(["add-filter-no-match-adds"]);
  expect(strictError(USER, entra)).toBe("400 noTarget");
});

it("aadOptscim062020 path-less replace with dotted and URN keys [S2] [C13] (B5)", () => {
  const entra = body(
    { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
    {
      op: "replace",
      value: {
        displayName: "Bjfe",
        "name.givenName": "Kkom",
        "name.familyName": "Unua",
        [`${ENTERPRISE}:employeeNumber`]: "Aklq",
      },
    },
  );
  const expected = {
    ...USER,
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
    displayName: "Bjfe",
    emails: [{ primary: true, type: "work", value: "TestMhvaes@test.microsoft.com" }],
    name: { formatted: "givenName familyName", familyName: "Unua", givenName: "Kkom" },
    [ENTERPRISE]: { employeeNumber: "Aklq" },
  };
  const result = run(USER, entra, "tolerant");
  expect(result).toEqual({
    resource: expected,
    changed: true,
    tolerated: ["dotted-key", "extension-urn-key"],
  });
  const rfc = body(
    { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
    {
      op: "replace",
      value: {
        displayName: "Bjfe",
        name: { givenName: "Kkom", familyName: "Unua" },
        [ENTERPRISE]: { employeeNumber: "Aklq" },
      },
    },
  );
  expect(run(USER, rfc, "strict").resource).toEqual(expected);
  expect(strictError(USER, entra)).toBe("400 invalidValue");
  expect(
    strictError(USER, body({ op: "replace", value: { [`${ENTERPRISE}:employeeNumber`]: "Aklq" } })),
  ).toBe("400 invalidValue");
});

it("no-flag multi-attribute body, verbatim from [S2]", () => {
  const entra = body(
    { op: "Replace", path: "displayName", value: "Pvlo" },
    { op: "Replace", path: 'emails[type eq "work"].value', value: "TestBcwqnm@test.microsoft.com" },
    { op: "Replace", path: "name.givenName", value: "Gtfd" },
    { op: "Replace", path: "name.familyName", value: "Pkqf" },
    { op: "Replace", path: "externalId", value: "Eqpj" },
    { op: "Replace", path: `${ENTERPRISE}:employeeNumber`, value: "Eqpj" },
  );
  expect(run(USER, entra, "tolerant")).toEqual({
    resource: {
      ...USER,
      schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
      displayName: "Pvlo",
      externalId: "Eqpj",
      emails: [{ primary: true, type: "work", value: "TestBcwqnm@test.microsoft.com" }],
      name: { formatted: "givenName familyName", familyName: "Pkqf", givenName: "Gtfd" },
      [ENTERPRISE]: { employeeNumber: "Eqpj" },
    },
    changed: true,
    tolerated: ["capitalised-op"],
  });
});

it("manager as a bare string [C7] (B11) equals the complex form", () => {
  const id = "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2";
  const entra = body({ op: "add", path: `${ENTERPRISE}:manager`, value: id });
  const expected = {
    ...USER,
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
    [ENTERPRISE]: { manager: { value: id } },
  };
  expect(run(USER, entra, "tolerant")).toEqual({
    resource: expected,
    changed: true,
    tolerated: ["manager-plain-string"],
  });
  expect(
    run(USER, body({ op: "add", path: `${ENTERPRISE}:manager`, value: { value: id } }), "strict").resource,
  ).toEqual(expected);
  expect(strictError(USER, entra)).toBe("400 invalidValue");
  const pathless = body({ op: "replace", value: { [`${ENTERPRISE}:manager`]: id } });
  expect(run(USER, pathless, "tolerant")).toEqual({
    resource: expected,
    changed: true,
    tolerated: ["extension-urn-key", "manager-plain-string"],
  });
});

it("manager in the old SDK form: 'Add', path `manager`, one-element array [S1] §1.5.5", () => {
  const ref = "http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee";
  const entra = body({
    op: "Add",
    path: "manager",
    value: [{ $ref: ref, value: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee" }],
  });
  const manager = { $ref: ref, value: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee" };
  const result = run(USER, entra, "tolerant");
  expect(result.resource[ENTERPRISE]).toEqual({ manager });
  expect(result.tolerated).toEqual(["capitalised-op", "single-valued-array"]);
  expect(strictError(USER, body({ op: "add", path: "manager", value: [manager] }))).toBe("400 invalidValue");
});

it("manager removal by value filter [C6] (B11) equals removing the attribute", () => {
  const managed = deepFreeze({
    ...USER,
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
    [ENTERPRISE]: { manager: { value: "manager-id" } },
  });
  const entra = body({ op: "remove", path: 'manager[value eq "manager-id"]' });
  expect(run(managed, entra, "tolerant")).toEqual({
    resource: USER,
    changed: true,
    tolerated: ["filter-on-single-valued"],
  });
  expect(run(managed, body({ op: "remove", path: `${ENTERPRISE}:manager` }), "strict").resource).toEqual(
    USER,
  );
  expect(strictError(managed, entra)).toBe("400 invalidPath");
});

it('roles with the string boolean primary "True" [C15] (B17)', () => {
  const role = { primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" };
  const result = run(USER, body({ op: "add", path: "roles", value: [role] }), "tolerant");
  expect(result.resource["roles"]).toEqual([
    { primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" },
  ]);
  expect(result.tolerated).toEqual(["string-boolean"]);
  expect(strictError(USER, body({ op: "add", path: "roles", value: [role] }))).toBe("400 invalidValue");
});

it("'Add' of a single-valued string attribute without the flag §1.7", () => {
  const result = run(USER, body({ op: "Add", path: "nickName", value: "Babs" }), "tolerant");
  expect(result).toEqual({
    resource: { ...USER, nickName: "Babs" },
    changed: true,
    tolerated: ["capitalised-op"],
  });
  expect(run(USER, body({ op: "add", path: "nickName", value: "Babs" }), "strict").resource).toEqual({
    ...USER,
    nickName: "Babs",
  });
});
