import { describe, expect, it } from "vitest";
import { assertValidResource, coerceBooleans, stripReadOnly, validateResource } from "./validate-resource.ts";
import type { ValidationIssue, ValidateResourceOptions } from "./validate-resource.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE, USER_SCHEMA, restrictSchema } from "./schemas.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { isScimError } from "./scim-error.ts";
import {
  entraCreateUser,
  entraStringBooleanUser,
  jumpCloudMinimalPut,
  rfcEnterpriseUser,
  rfcFullUser,
  rfcGroup,
  rfcMinimalUser,
} from "./rfc7643-examples.fixtures.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CREATE: ValidateResourceOptions = { mode: "create" };
const TOLERANT: ValidateResourceOptions = { mode: "create", tolerant: true };

const bySeverity = (issues: ValidationIssue[], severity: ValidationIssue["severity"]) =>
  issues.filter((i) => i.severity === severity).map((i) => i.path);
const errorsOf = (resource: unknown, rt: ResourceTypeSchemas = USER_RESOURCE_TYPE, options = CREATE) =>
  bySeverity(validateResource(resource, rt, options), "error");
const user = (extra: Record<string, unknown>) => ({ ...rfcMinimalUser(), ...extra });

/** Catches the ScimError thrown by assertValidResource. */
const thrown = (resource: unknown, rt = USER_RESOURCE_TYPE, options = CREATE) => {
  try {
    assertValidResource(resource, rt, options);
  } catch (e) {
    if (isScimError(e)) return e;
    throw e;
  }
  throw new Error("did not throw");
};

describe("validateResource", () => {
  it("accepts the RFC 7643 §8.1–§8.4 examples", () => {
    expect(errorsOf(rfcMinimalUser())).toEqual([]);
    expect(errorsOf(rfcFullUser())).toEqual([]);
    expect(errorsOf(rfcEnterpriseUser())).toEqual([]);
    expect(errorsOf(rfcGroup(), GROUP_RESOURCE_TYPE)).toEqual([]);
    expect(errorsOf(rfcFullUser(), USER_RESOURCE_TYPE, { mode: "replace" })).toEqual([]);
  });

  it("reports readOnly attributes of a request body as ignored (RFC 7643 §2.2)", () => {
    const issues = validateResource(rfcEnterpriseUser(), USER_RESOURCE_TYPE, CREATE);
    expect(bySeverity(issues, "ignored")).toEqual([
      `${ENTERPRISE}:manager.displayName`,
      "id",
      "groups",
      "meta",
    ]);
  });

  it("accepts the Entra create body and the JumpCloud minimal PUT with emails null", () => {
    expect(errorsOf(entraCreateUser())).toEqual([]);
    expect(errorsOf(jumpCloudMinimalPut(), USER_RESOURCE_TYPE, { mode: "replace" })).toEqual([]);
  });

  it("rejects a non-object with the whole-resource path", () => {
    expect(errorsOf([rfcMinimalUser()])).toEqual([""]);
    expect(errorsOf("user")).toEqual([""]);
    expect(thrown(null).scimType).toBe("invalidSyntax");
  });

  it("reports a missing or empty userName and throws invalidValue naming it", () => {
    const { userName: _, ...noUserName } = rfcMinimalUser();
    expect(errorsOf(noUserName)).toEqual(["userName"]);
    expect(errorsOf(user({ userName: "" }))).toEqual(["userName"]);
    expect(errorsOf(user({ userName: null }))).toEqual(["userName"]);
    const error = thrown(noUserName);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidValue");
    expect(error.detail).toBe('Attribute "userName": required attribute is missing');
  });

  it("checks each type: string, boolean, dateTime, binary, complex", () => {
    expect(errorsOf(user({ displayName: 42 }))).toEqual(["displayName"]);
    expect(errorsOf(user({ active: "yes" }))).toEqual(["active"]);
    expect(errorsOf(user({ active: 1 }))).toEqual(["active"]);
    expect(errorsOf(user({ name: "Babs" }))).toEqual(["name"]);
    expect(errorsOf(user({ name: { givenName: true } }))).toEqual(["name.givenName"]);
    expect(errorsOf(user({ x509Certificates: [{ value: 7 }] }))).toEqual(["x509Certificates[0].value"]);
    expect(errorsOf(user({ profileUrl: { href: "x" } }))).toEqual(["profileUrl"]);
    const meta = { resourceType: "User", created: "2010-01-23 04:56:22" };
    expect(errorsOf(user({ meta }), USER_RESOURCE_TYPE, { mode: "response" })).toEqual(["meta.created"]);
  });

  it("requires arrays for multi-valued and forbids them for single-valued attributes", () => {
    expect(errorsOf(user({ emails: { value: "a@b.c" } }))).toEqual(["emails"]);
    expect(errorsOf(user({ emails: ["a@b.c"] }))).toEqual(["emails[0]"]);
    expect(errorsOf(user({ emails: [null] }))).toEqual(["emails[0]"]);
    expect(errorsOf(user({ title: ["Tour Guide"] }))).toEqual(["title"]);
    expect(thrown(user({ emails: { value: "a@b.c" } })).detail).toBe(
      'Attribute "emails": multi-valued attribute must be a JSON array',
    );
  });

  it("checks extension attributes under the URN key and names them URN-qualified", () => {
    const resource = { ...rfcEnterpriseUser(), [ENTERPRISE]: { employeeNumber: 701984, manager: "m-1" } };
    expect(errorsOf(resource)).toEqual([`${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:manager`]);
    expect(errorsOf({ ...rfcEnterpriseUser(), [ENTERPRISE]: "x" })).toEqual([ENTERPRISE]);
  });

  it("rejects two primary values in one multi-valued attribute (RFC 7643 §2.4)", () => {
    const emails = [
      { value: "a@example.com", primary: true },
      { value: "b@example.com", primary: true },
    ];
    expect(errorsOf(user({ emails }))).toEqual(["emails"]);
    expect(thrown(user({ emails })).detail).toContain('"emails"');
    const mixed = [
      { value: "a@example.com", primary: true },
      { value: "b@example.com", primary: "True" },
    ];
    expect(errorsOf(user({ emails: mixed }), USER_RESOURCE_TYPE, TOLERANT)).toEqual(["emails"]);
  });

  it("does not enforce canonical values (RFC 7643 §2.3.1: SHOULD)", () => {
    expect(errorsOf(user({ emails: [{ value: "a@example.com", type: "holiday" }] }))).toEqual([]);
  });

  it("checks the schemas attribute", () => {
    const { schemas: _, ...noSchemas } = rfcMinimalUser();
    expect(errorsOf(noSchemas)).toEqual(["schemas"]);
    expect(errorsOf(user({ schemas: "urn:ietf:params:scim:schemas:core:2.0:User" }))).toEqual(["schemas"]);
    expect(errorsOf(user({ schemas: [ENTERPRISE] }))).toEqual(["schemas"]);
    expect(errorsOf(rfcGroup(), USER_RESOURCE_TYPE)).toEqual(["schemas", "schemas", "userName"]);
    const dup = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:user"];
    expect(errorsOf(user({ schemas: dup }))).toEqual(["schemas"]);
  });

  it("rejects unknown schema URIs strictly and tolerates them in tolerant mode (Entra's 2.0User typo)", () => {
    const schemas = [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0User",
    ];
    expect(errorsOf(user({ schemas }))).toEqual(["schemas"]);
    const tolerant = validateResource(user({ schemas }), USER_RESOURCE_TYPE, TOLERANT);
    expect(bySeverity(tolerant, "error")).toEqual([]);
    expect(bySeverity(tolerant, "tolerated")).toEqual(["schemas"]);
  });

  it("requires an extension present in the body to be listed in schemas, unless tolerant", () => {
    const resource = user({ [ENTERPRISE]: { department: "Retail" } });
    expect(errorsOf(resource)).toEqual([ENTERPRISE]);
    expect(bySeverity(validateResource(resource, USER_RESOURCE_TYPE, TOLERANT), "tolerated")).toEqual([
      ENTERPRISE,
    ]);
    expect(errorsOf(user({ [ENTERPRISE]: null }))).toEqual([]);
  });

  it("requires a required extension", () => {
    const rt: ResourceTypeSchemas = {
      ...USER_RESOURCE_TYPE,
      extensions: USER_RESOURCE_TYPE.extensions.map((e) => ({ ...e, required: true })),
    };
    expect(errorsOf(rfcMinimalUser(), rt)).toEqual([ENTERPRISE]);
    expect(errorsOf(rfcEnterpriseUser(), rt)).toEqual([]);
  });

  it("reports unknown attributes and sub-attributes as ignored, not errors (RFC 7644 §3.3)", () => {
    const issues = validateResource(
      user({ favouriteColour: "blue", name: { nick: "B" } }),
      USER_RESOURCE_TYPE,
      CREATE,
    );
    expect(bySeverity(issues, "error")).toEqual([]);
    expect(bySeverity(issues, "ignored")).toEqual(["id", "meta", "favouriteColour", "name.nick"]);
  });

  it("matches attribute names case-insensitively and rejects a name given twice", () => {
    const { userName: _, ...rest } = rfcMinimalUser();
    expect(errorsOf({ ...rest, USERNAME: "bjensen" })).toEqual([]);
    expect(errorsOf({ ...rest, USERNAME: "bjensen", userName: "other" })).toEqual(["userName"]);
  });

  it("rejects string booleans strictly and tolerates them in tolerant mode ([C8] [C15])", () => {
    expect(errorsOf(entraStringBooleanUser())).toEqual(["active", "emails[0].primary", "roles[0].primary"]);
    const tolerant = validateResource(entraStringBooleanUser(), USER_RESOURCE_TYPE, TOLERANT);
    expect(bySeverity(tolerant, "error")).toEqual([]);
    expect(bySeverity(tolerant, "tolerated")).toEqual(["active", "emails[0].primary", "roles[0].primary"]);
    expect(errorsOf(user({ active: "yes" }), USER_RESOURCE_TYPE, TOLERANT)).toEqual(["active"]);
  });

  it("rejects __proto__, constructor and prototype keys anywhere", () => {
    const body: unknown = JSON.parse(
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x","__proto__":{"admin":true},' +
        '"name":{"constructor":{"prototype":{}}},"emails":[{"value":"a@b.c","prototype":1}]}',
    );
    const issues = validateResource(body, USER_RESOURCE_TYPE, CREATE);
    expect(issues.filter((i) => i.severity === "error").map((i) => [i.path, i.scimType])).toEqual([
      ["__proto__", "invalidSyntax"],
      ["name.constructor", "invalidValue"],
      ["emails[0].prototype", "invalidValue"],
    ]);
    expect(thrown(body).detail).toContain('Attribute "__proto__"');
    expect(({} as Record<string, unknown>)["admin"]).toBeUndefined();
  });

  it("in response mode requires id and rejects a returned password", () => {
    expect(errorsOf(rfcMinimalUser(), USER_RESOURCE_TYPE, { mode: "response" })).toEqual([]);
    expect(errorsOf(rfcFullUser(), USER_RESOURCE_TYPE, { mode: "response" })).toEqual(["password"]);
    const { id: _, ...noId } = rfcMinimalUser();
    expect(errorsOf(noId, USER_RESOURCE_TYPE, { mode: "response" })).toEqual(["id"]);
    expect(errorsOf(noId)).toEqual([]);
    expect(errorsOf(user({ groups: "x" }), USER_RESOURCE_TYPE, { mode: "response" })).toEqual(["groups"]);
  });

  it("checks a group's members", () => {
    const group = { ...rfcGroup(), members: [{ value: 12 }] };
    expect(errorsOf(group, GROUP_RESOURCE_TYPE)).toEqual(["members[0].value"]);
    expect(errorsOf({ ...rfcGroup(), displayName: undefined }, GROUP_RESOURCE_TYPE)).toEqual([]);
  });

  it("applies the requirements of a restricted app profile", () => {
    const profile: ResourceTypeSchemas = {
      ...USER_RESOURCE_TYPE,
      core: restrictSchema(USER_SCHEMA, ["userName", "emails"], {
        emails: { required: true },
        "emails.value": { required: true },
      }),
    };
    expect(errorsOf(rfcMinimalUser(), profile)).toEqual(["emails"]);
    expect(errorsOf(user({ emails: [] }), profile)).toEqual(["emails"]);
    expect(errorsOf(user({ emails: [{ type: "work" }] }), profile)).toEqual(["emails[0].value"]);
    expect(errorsOf(user({ emails: [{ value: "a@b.c" }] }), profile)).toEqual([]);
  });

  it("gives every issue a message naming the path and an RFC reference", () => {
    const issues = validateResource(entraStringBooleanUser(), USER_RESOURCE_TYPE, CREATE);
    expect(issues.find((i) => i.path === "roles[0].primary")).toEqual({
      path: "roles[0].primary",
      severity: "error",
      scimType: "invalidValue",
      message: 'Attribute "roles[0].primary": expected a boolean, got string "True"',
      rfc: "RFC 7643 §2.3.2",
    });
  });
});

describe("coerceBooleans", () => {
  it("turns Entra's string booleans into booleans where the schema says boolean", () => {
    const input = entraStringBooleanUser();
    const out = coerceBooleans(input, USER_RESOURCE_TYPE);
    expect(out["active"]).toBe(false);
    expect(out["emails"]).toEqual([{ primary: true, type: "work", value: "validator@testuser.com" }]);
    expect(out["roles"]).toEqual([
      { primary: true, type: "WindowsAzureActiveDirectoryRole", value: "Admin" },
    ]);
    expect(errorsOf(out)).toEqual([]);
  });

  it("returns a new object and leaves the input alone", () => {
    const input = entraStringBooleanUser();
    const out = coerceBooleans(input, USER_RESOURCE_TYPE);
    expect(out).not.toBe(input);
    expect(input["active"]).toBe("False");
    expect(input["roles"]).toEqual([
      { primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" },
    ]);
  });

  it("leaves strings of string attributes and non-boolean strings alone", () => {
    const out = coerceBooleans(user({ title: "True", active: "yes", nickName: "false" }), USER_RESOURCE_TYPE);
    expect([out["title"], out["active"], out["nickName"]]).toEqual(["True", "yes", "false"]);
  });

  it("coerces extension attributes and multi-valued booleans", () => {
    const ext = "urn:example:params:scim:schemas:extension:flags:2.0:User";
    const rt: ResourceTypeSchemas = {
      ...USER_RESOURCE_TYPE,
      extensions: [
        {
          required: false,
          schema: {
            id: ext,
            name: "Flags",
            description: "test",
            attributes: [
              {
                name: "contractor",
                type: "boolean",
                multiValued: false,
                description: "",
                required: false,
                caseExact: false,
                mutability: "readWrite",
                returned: "default",
                uniqueness: "none",
              },
              {
                name: "optIns",
                type: "boolean",
                multiValued: true,
                description: "",
                required: false,
                caseExact: false,
                mutability: "readWrite",
                returned: "default",
                uniqueness: "none",
              },
            ],
          },
        },
      ],
    };
    const out = coerceBooleans(user({ [ext]: { contractor: "TRUE", optIns: ["true", "False", "x"] } }), rt);
    expect(out[ext]).toEqual({ contractor: true, optIns: [true, false, "x"] });
  });

  it("copies __proto__ keys as own data without touching prototypes", () => {
    const body = JSON.parse('{"userName":"x","__proto__":{"active":"True"}}') as Record<string, unknown>;
    const out = coerceBooleans(body, USER_RESOURCE_TYPE);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["userName", "__proto__"]);
    expect(out["active"]).toBeUndefined();
  });
});

describe("stripReadOnly", () => {
  it("drops id, meta, groups and manager.displayName and keeps the rest", () => {
    const out = stripReadOnly(rfcEnterpriseUser(), USER_RESOURCE_TYPE);
    expect(Object.keys(out)).not.toContain("id");
    expect(Object.keys(out)).not.toContain("meta");
    expect(Object.keys(out)).not.toContain("groups");
    expect(out["userName"]).toBe("bjensen@example.com");
    expect(out["password"]).toBe("t1meMa$heen");
    expect(out[ENTERPRISE]).toEqual({
      employeeNumber: "701984",
      costCenter: "4130",
      organization: "Universal Studios",
      division: "Theme Park",
      department: "Tour Operations",
      manager: {
        value: "26118915-6090-4610-87e4-49d8ca9f808d",
        $ref: "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
      },
    });
  });

  it("keeps immutable members sub-attributes and unknown attributes; leaves the input alone", () => {
    const input: Record<string, unknown> = { ...rfcGroup(), custom: 1 };
    const out = stripReadOnly(input, GROUP_RESOURCE_TYPE);
    expect(Object.keys(out)).toEqual(["schemas", "displayName", "members", "custom"]);
    expect(out["members"]).toEqual(rfcGroup()["members"]);
    expect(input["id"]).toBe("e9e30dba-f08f-4109-8486-d5c6a331660a");
  });
});
