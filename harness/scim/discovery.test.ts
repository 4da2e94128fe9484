import { describe, expect, it } from "vitest";
import {
  discoveryDocuments,
  listResponse,
  resourceTypeResource,
  schemaResource,
  schemaResources,
  serviceProviderConfig,
} from "./discovery.ts";
import type { AttributeRepresentation } from "./discovery.ts";
import { ENTERPRISE_USER_SCHEMA, GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE, USER_SCHEMA } from "./schemas.ts";

const BASE = "https://example.com/v2/";
const find = (attrs: AttributeRepresentation[] | undefined, name: string) =>
  attrs?.find((a) => a.name === name);

describe("discovery documents", () => {
  it("/Schemas User carries userName as RFC 7643 §8.7.1 has it, with Schema meta", () => {
    const doc = schemaResource(USER_SCHEMA, BASE);
    expect(doc.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:Schema"]);
    expect(doc.id).toBe("urn:ietf:params:scim:schemas:core:2.0:User");
    expect(doc.name).toBe("User");
    expect(doc.meta).toEqual({
      resourceType: "Schema",
      location: "https://example.com/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
    });
    const userName = find(doc.attributes, "userName");
    expect(userName).toEqual({
      name: "userName",
      type: "string",
      multiValued: false,
      description: expect.stringContaining("Each User MUST include a non-empty userName value.") as unknown,
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server",
    });
  });

  it("/Schemas User lists every attribute and sub-attribute of the data", () => {
    const attrs = schemaResource(USER_SCHEMA, BASE).attributes;
    expect(attrs.map((a) => a.name)).toEqual([
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
    expect(find(attrs, "password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
    const emails = find(attrs, "emails");
    expect(emails?.subAttributes?.map((s) => s.name)).toEqual(["value", "display", "type", "primary"]);
    expect(find(emails?.subAttributes, "type")?.canonicalValues).toEqual(["work", "home", "other"]);
    expect(find(find(attrs, "groups")?.subAttributes, "$ref")?.referenceTypes).toEqual(["User", "Group"]);
    expect(find(find(attrs, "roles")?.subAttributes, "type")?.canonicalValues).toEqual([]);
    expect(Object.keys(find(attrs, "userName") ?? {})).not.toContain("canonicalValues");
  });

  it("/Schemas output is a copy, not the frozen data", () => {
    const doc = schemaResource(USER_SCHEMA, BASE);
    expect(Object.isFrozen(doc.attributes[0])).toBe(false);
    expect(doc.attributes[0]).not.toBe(USER_SCHEMA.attributes[0]);
  });

  it("/Schemas for User and Group resource types lists each schema once", () => {
    const docs = schemaResources(
      [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE],
      "http://h/scim",
    );
    expect(docs.map((d) => d.id)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "urn:ietf:params:scim:schemas:core:2.0:Group",
    ]);
    const enterprise = docs[1];
    expect(enterprise?.name).toBe("EnterpriseUser");
    expect(find(find(enterprise?.attributes, "manager")?.subAttributes, "displayName")?.mutability).toBe(
      "readOnly",
    );
    expect(docs[2]?.meta.location).toBe("http://h/scim/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group");
  });

  it("/ResourceTypes/User matches RFC 7643 §8.6 (with the extension optional)", () => {
    expect(resourceTypeResource(USER_RESOURCE_TYPE, "https://example.com/v2")).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: "urn:ietf:params:scim:schemas:core:2.0:User",
      schemaExtensions: [
        { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false },
      ],
      meta: { location: "https://example.com/v2/ResourceTypes/User", resourceType: "ResourceType" },
    });
  });

  it("/ResourceTypes/Group has no schemaExtensions, as in RFC 7643 §8.6", () => {
    expect(resourceTypeResource(GROUP_RESOURCE_TYPE, "https://example.com/v2")).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: "urn:ietf:params:scim:schemas:core:2.0:Group",
      meta: { location: "https://example.com/v2/ResourceTypes/Group", resourceType: "ResourceType" },
    });
  });

  it("/ServiceProviderConfig reproduces the RFC 7643 §8.5 example from options", () => {
    const doc = serviceProviderConfig({
      baseUrl: "https://example.com/v2",
      documentationUri: "http://example.com/help/scim.html",
      patch: true,
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: true,
      sort: true,
      etag: true,
      authenticationSchemes: [
        {
          name: "OAuth Bearer Token",
          description: "Authentication scheme using the OAuth Bearer Token Standard",
          specUri: "http://www.rfc-editor.org/info/rfc6750",
          documentationUri: "http://example.com/help/oauth.html",
          type: "oauthbearertoken",
          primary: true,
        },
        {
          name: "HTTP Basic",
          description: "Authentication scheme using the HTTP Basic Standard",
          specUri: "http://www.rfc-editor.org/info/rfc2617",
          documentationUri: "http://example.com/help/httpBasic.html",
          type: "httpbasic",
        },
      ],
    });
    expect(doc).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      documentationUri: "http://example.com/help/scim.html",
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          name: "OAuth Bearer Token",
          description: "Authentication scheme using the OAuth Bearer Token Standard",
          specUri: "http://www.rfc-editor.org/info/rfc6750",
          documentationUri: "http://example.com/help/oauth.html",
          type: "oauthbearertoken",
          primary: true,
        },
        {
          name: "HTTP Basic",
          description: "Authentication scheme using the HTTP Basic Standard",
          specUri: "http://www.rfc-editor.org/info/rfc2617",
          documentationUri: "http://example.com/help/httpBasic.html",
          type: "httpbasic",
        },
      ],
      meta: {
        location: "https://example.com/v2/ServiceProviderConfig",
        resourceType: "ServiceProviderConfig",
      },
    });
  });

  it("/ServiceProviderConfig has every §5 field with the documented defaults", () => {
    const doc = serviceProviderConfig({ baseUrl: "http://localhost:3000/scim/v2" });
    expect(doc.patch).toEqual({ supported: true });
    expect(doc.bulk).toEqual({ supported: false, maxOperations: 0, maxPayloadSize: 0 });
    expect(doc.filter).toEqual({ supported: true, maxResults: 200 });
    expect(doc.changePassword).toEqual({ supported: false });
    expect(doc.sort).toEqual({ supported: false });
    expect(doc.etag).toEqual({ supported: false });
    expect(doc.authenticationSchemes).toHaveLength(1);
    expect(doc.authenticationSchemes[0]).toMatchObject({ type: "oauthbearertoken", primary: true });
    expect("documentationUri" in doc).toBe(false);
  });

  it("listResponse builds the RFC 7644 §3.4.2 envelope, with an empty Resources array on a miss", () => {
    expect(listResponse([])).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    expect(listResponse([{ id: "a" }, { id: "b" }], { totalResults: 10, startIndex: 3 })).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 10,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: "a" }, { id: "b" }],
    });
  });

  it("discoveryDocuments wraps /Schemas and /ResourceTypes in ListResponses", () => {
    const docs = discoveryDocuments([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE], { baseUrl: BASE });
    expect(docs.schemas.totalResults).toBe(3);
    expect(docs.schemas.Resources[1]?.id).toBe(ENTERPRISE_USER_SCHEMA.id);
    expect(docs.resourceTypes.Resources.map((r) => r.endpoint)).toEqual(["/Users", "/Groups"]);
    expect(docs.serviceProviderConfig.meta.location).toBe("https://example.com/v2/ServiceProviderConfig");
  });
});
