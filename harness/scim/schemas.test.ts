import { describe, expect, it } from "vitest";
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA,
  SCHEMA_BULK_REQUEST,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_GROUP,
  SCHEMA_LIST_RESPONSE,
  SCHEMA_PATCH_OP,
  SCHEMA_USER,
  USER_RESOURCE_TYPE,
  USER_SCHEMA,
  restrictSchema,
} from "./schemas.ts";
import { findAttributeDefinition, resolveAttribute } from "./schema-types.ts";
import type { AttributeDefinition, SchemaDefinition } from "./schema-types.ts";

const attr = (schema: SchemaDefinition, path: string): AttributeDefinition => {
  const [top = "", sub] = path.split(".");
  const a = findAttributeDefinition(schema.attributes, top);
  const s = sub === undefined ? a : findAttributeDefinition(a?.subAttributes ?? [], sub);
  if (s === undefined) throw new Error(`no ${path}`);
  return s;
};
const names = (defs: readonly AttributeDefinition[] | undefined) => (defs ?? []).map((d) => d.name);

describe("schema data (RFC 7643 §8.7.1)", () => {
  it("has the URNs of RFC 7643 §8.7.1 and RFC 7644 §3", () => {
    expect(SCHEMA_USER).toBe("urn:ietf:params:scim:schemas:core:2.0:User");
    expect(SCHEMA_GROUP).toBe("urn:ietf:params:scim:schemas:core:2.0:Group");
    expect(SCHEMA_ENTERPRISE_USER).toBe("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    expect(SCHEMA_LIST_RESPONSE).toBe("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    expect(SCHEMA_PATCH_OP).toBe("urn:ietf:params:scim:api:messages:2.0:PatchOp");
    expect(SCHEMA_BULK_REQUEST).toBe("urn:ietf:params:scim:api:messages:2.0:BulkRequest");
  });

  it("lists the User attributes in §8.7.1 order", () => {
    expect(USER_SCHEMA.name).toBe("User");
    expect(USER_SCHEMA.description).toBe("User Account");
    expect(names(USER_SCHEMA.attributes)).toEqual([
      "userName",
      "name",
      "displayName",
      "nickName",
      "profileUrl",
      "title",
      "userType",
      "preferredLanguage",
      "locale",
      "timezone",
      "active",
      "password",
      "emails",
      "phoneNumbers",
      "ims",
      "photos",
      "addresses",
      "groups",
      "entitlements",
      "roles",
      "x509Certificates",
    ]);
  });

  it("gives userName required, server-unique, case-insensitive, readWrite", () => {
    expect(attr(USER_SCHEMA, "userName")).toMatchObject({
      type: "string",
      multiValued: false,
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server",
    });
  });

  it("gives password writeOnly and returned never", () => {
    expect(attr(USER_SCHEMA, "password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
  });

  it("gives groups and all its sub-attributes readOnly", () => {
    expect(attr(USER_SCHEMA, "groups")).toMatchObject({ multiValued: true, mutability: "readOnly" });
    expect(names(attr(USER_SCHEMA, "groups").subAttributes)).toEqual(["value", "$ref", "display", "type"]);
    for (const sub of attr(USER_SCHEMA, "groups").subAttributes ?? [])
      expect(sub.mutability).toBe("readOnly");
    expect(attr(USER_SCHEMA, "groups.$ref").referenceTypes).toEqual(["User", "Group"]);
    expect(attr(USER_SCHEMA, "groups.type").canonicalValues).toEqual(["direct", "indirect"]);
  });

  it("has the six name sub-attributes", () => {
    expect(names(attr(USER_SCHEMA, "name").subAttributes)).toEqual([
      "formatted",
      "familyName",
      "givenName",
      "middleName",
      "honorificPrefix",
      "honorificSuffix",
    ]);
  });

  it("has the canonical type values of §8.7.1", () => {
    expect(attr(USER_SCHEMA, "emails.type").canonicalValues).toEqual(["work", "home", "other"]);
    expect(attr(USER_SCHEMA, "phoneNumbers.type").canonicalValues).toEqual([
      "work",
      "home",
      "mobile",
      "fax",
      "pager",
      "other",
    ]);
    expect(attr(USER_SCHEMA, "ims.type").canonicalValues).toEqual([
      "aim",
      "gtalk",
      "icq",
      "xmpp",
      "msn",
      "skype",
      "qq",
      "yahoo",
    ]);
    expect(attr(USER_SCHEMA, "photos.type").canonicalValues).toEqual(["photo", "thumbnail"]);
    expect(attr(USER_SCHEMA, "addresses.type").canonicalValues).toEqual(["work", "home", "other"]);
    expect(attr(USER_SCHEMA, "roles.type").canonicalValues).toEqual([]);
    expect(attr(USER_SCHEMA, "entitlements.type").canonicalValues).toBeUndefined();
  });

  it("types references and binaries as §8.7.1 does", () => {
    expect(attr(USER_SCHEMA, "profileUrl")).toMatchObject({
      type: "reference",
      referenceTypes: ["external"],
    });
    expect(attr(USER_SCHEMA, "photos.value")).toMatchObject({
      type: "reference",
      referenceTypes: ["external"],
    });
    expect(attr(USER_SCHEMA, "x509Certificates.value").type).toBe("binary");
    expect(attr(USER_SCHEMA, "active").type).toBe("boolean");
  });

  it("gives emails, phoneNumbers, ims, photos, entitlements, roles, x509Certificates value/display/type/primary", () => {
    for (const name of [
      "emails",
      "phoneNumbers",
      "ims",
      "photos",
      "entitlements",
      "roles",
      "x509Certificates",
    ]) {
      expect(names(attr(USER_SCHEMA, name).subAttributes)).toEqual(["value", "display", "type", "primary"]);
      expect(attr(USER_SCHEMA, `${name}.primary`).type).toBe("boolean");
      expect(attr(USER_SCHEMA, name).multiValued).toBe(true);
    }
  });

  it("adds addresses.primary (RFC 7643 §2.4, used by the §8.2 example)", () => {
    expect(names(attr(USER_SCHEMA, "addresses").subAttributes)).toEqual([
      "formatted",
      "streetAddress",
      "locality",
      "region",
      "postalCode",
      "country",
      "type",
      "primary",
    ]);
  });

  it("keeps Group displayName required false as §8.7.1 has it; members sub-attributes immutable", () => {
    expect(GROUP_SCHEMA.id).toBe(SCHEMA_GROUP);
    expect(attr(GROUP_SCHEMA, "displayName")).toMatchObject({ required: false, mutability: "readWrite" });
    expect(attr(GROUP_SCHEMA, "members")).toMatchObject({ multiValued: true, mutability: "readWrite" });
    expect(attr(GROUP_SCHEMA, "members.value").mutability).toBe("immutable");
    expect(attr(GROUP_SCHEMA, "members.$ref")).toMatchObject({
      mutability: "immutable",
      referenceTypes: ["User", "Group"],
    });
    expect(attr(GROUP_SCHEMA, "members.type")).toMatchObject({
      mutability: "immutable",
      canonicalValues: ["User", "Group"],
    });
    expect(attr(GROUP_SCHEMA, "members.display").mutability).toBe("immutable");
  });

  it("defines the enterprise extension of §4.3", () => {
    expect(ENTERPRISE_USER_SCHEMA.name).toBe("EnterpriseUser");
    expect(names(ENTERPRISE_USER_SCHEMA.attributes)).toEqual([
      "employeeNumber",
      "costCenter",
      "organization",
      "division",
      "department",
      "manager",
    ]);
    expect(names(attr(ENTERPRISE_USER_SCHEMA, "manager").subAttributes)).toEqual([
      "value",
      "$ref",
      "displayName",
    ]);
    expect(attr(ENTERPRISE_USER_SCHEMA, "manager.displayName").mutability).toBe("readOnly");
    expect(attr(ENTERPRISE_USER_SCHEMA, "manager.value")).toMatchObject({
      mutability: "readWrite",
      required: false,
    });
    expect(attr(ENTERPRISE_USER_SCHEMA, "manager.$ref").referenceTypes).toEqual(["User"]);
  });

  it("builds resource types usable by resolveAttribute", () => {
    expect(USER_RESOURCE_TYPE.endpoint).toBe("/Users");
    expect(USER_RESOURCE_TYPE.extensions).toEqual([{ schema: ENTERPRISE_USER_SCHEMA, required: false }]);
    expect(GROUP_RESOURCE_TYPE.extensions).toEqual([]);
    const resolved = resolveAttribute(USER_RESOURCE_TYPE, {
      uri: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      name: "Manager",
      subAttr: "DISPLAYNAME",
    });
    expect(resolved?.inExtension).toBe(true);
    expect(resolved?.subAttribute?.mutability).toBe("readOnly");
    expect(resolveAttribute(USER_RESOURCE_TYPE, { name: "employeeNumber" })?.schemaId).toBe(
      SCHEMA_ENTERPRISE_USER,
    );
  });

  it("is deeply frozen", () => {
    expect(Object.isFrozen(USER_SCHEMA.attributes)).toBe(true);
    expect(Object.isFrozen(attr(USER_SCHEMA, "emails.type").canonicalValues)).toBe(true);
    expect(() => {
      (attr(USER_SCHEMA, "userName") as { required: boolean }).required = false;
    }).toThrow(TypeError);
  });
});

describe("restrictSchema", () => {
  it("keeps only the named attributes, in schema order, and applies overrides", () => {
    const profile = restrictSchema(USER_SCHEMA, ["emails", "USERNAME"], { emails: { required: true } });
    expect(profile.id).toBe(SCHEMA_USER);
    expect(names(profile.attributes)).toEqual(["userName", "emails"]);
    expect(attr(profile, "emails").required).toBe(true);
    expect(names(attr(profile, "emails").subAttributes)).toEqual(["value", "display", "type", "primary"]);
    expect(attr(USER_SCHEMA, "emails").required).toBe(false);
  });

  it("keeps only named sub-attributes and overrides a sub-attribute", () => {
    const profile = restrictSchema(USER_SCHEMA, ["name.givenName", "name.familyName", "emails"], {
      "emails.value": { required: true },
      "name.givenName": { required: true },
    });
    expect(names(attr(profile, "name").subAttributes)).toEqual(["familyName", "givenName"]);
    expect(attr(profile, "emails.value").required).toBe(true);
    expect(attr(profile, "name.givenName").required).toBe(true);
    expect(attr(USER_SCHEMA, "emails.value").required).toBe(false);
  });

  it("rejects unknown names, overrides of dropped attributes, and renames", () => {
    expect(() => restrictSchema(USER_SCHEMA, ["nope"])).toThrow(TypeError);
    expect(() => restrictSchema(USER_SCHEMA, ["name.nope"])).toThrow(TypeError);
    expect(() => restrictSchema(USER_SCHEMA, ["userName"], { emails: { required: true } })).toThrow(
      TypeError,
    );
    expect(() => restrictSchema(USER_SCHEMA, ["userName"], { userName: { name: "login" } })).toThrow(
      TypeError,
    );
  });
});
