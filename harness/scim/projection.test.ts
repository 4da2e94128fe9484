import { describe, expect, it } from "vitest";
import { parseAttributeList, projectResource } from "./projection.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE, restrictSchema } from "./schemas.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { isScimError } from "./scim-error.ts";
import { rfcEnterpriseUser, rfcFullUser, rfcGroup } from "./rfc7643-examples.fixtures.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const BABS_ID = "2819c223-7f76-453a-919d-413861904646";
const project = (attributes?: string[], excludedAttributes?: string[], resource = rfcEnterpriseUser()) =>
  projectResource(resource, USER_RESOURCE_TYPE, { attributes, excludedAttributes });

describe("projectResource", () => {
  it("returns everything but password by default", () => {
    const out = projectResource(rfcFullUser(), USER_RESOURCE_TYPE);
    const { password: _, ...expected } = rfcFullUser();
    expect(out).toEqual(expected);
  });

  it("never returns password, even when requested", () => {
    expect(project(["password"])).toEqual({ schemas: [CORE, ENTERPRISE], id: BABS_ID });
    expect(project(["userName", "PASSWORD"])).toEqual({
      schemas: [CORE, ENTERPRISE],
      id: BABS_ID,
      userName: "bjensen@example.com",
    });
  });

  it("attributes=userName returns schemas, id and userName only (meta is default, not always)", () => {
    expect(Object.keys(project(["userName"]))).toEqual(["schemas", "id", "userName"]);
  });

  it("returns id and schemas even when excluded", () => {
    const out = project(undefined, ["id", "schemas", "userName"]);
    expect(out["id"]).toBe(BABS_ID);
    expect(out["schemas"]).toEqual([CORE, ENTERPRISE]);
    expect("userName" in out).toBe(false);
    expect(out["displayName"]).toBe("Babs Jensen");
  });

  it("excludedAttributes=members drops a group's members and keeps the rest", () => {
    const out = projectResource(rfcGroup(), GROUP_RESOURCE_TYPE, { excludedAttributes: ["members"] });
    const { members: _, ...expected } = rfcGroup();
    expect(out).toEqual(expected);
  });

  it("selects a sub-attribute of a complex attribute", () => {
    expect(project(["name.familyName"])).toEqual({
      schemas: [CORE, ENTERPRISE],
      id: BABS_ID,
      name: { familyName: "Jensen" },
    });
  });

  it("selects a sub-attribute in every value of a multi-valued attribute", () => {
    expect(project(["emails.value"])["emails"]).toEqual([
      { value: "bjensen@example.com" },
      { value: "babs@jensen.org" },
    ]);
  });

  it("matches names case-insensitively", () => {
    expect(Object.keys(project(["USERNAME", "Name.FamilyName"]))).toEqual([
      "schemas",
      "id",
      "userName",
      "name",
    ]);
  });

  it("selects URN-qualified core and extension attributes", () => {
    expect(project([`${CORE}:userName`, `${ENTERPRISE}:employeeNumber`])).toEqual({
      schemas: [CORE, ENTERPRISE],
      id: BABS_ID,
      userName: "bjensen@example.com",
      [ENTERPRISE]: { employeeNumber: "701984" },
    });
    expect(project([`${ENTERPRISE}:manager.value`])[ENTERPRISE]).toEqual({
      manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d" },
    });
  });

  it("resolves an unqualified extension attribute name to the extension", () => {
    expect(project(["department"])[ENTERPRISE]).toEqual({ department: "Tour Operations" });
  });

  it("selects a whole extension by its URN", () => {
    expect(project([ENTERPRISE])).toEqual({
      schemas: [CORE, ENTERPRISE],
      id: BABS_ID,
      [ENTERPRISE]: rfcEnterpriseUser()[ENTERPRISE],
    });
    expect(project([ENTERPRISE, `${ENTERPRISE}:manager.value`])[ENTERPRISE]).toEqual(
      rfcEnterpriseUser()[ENTERPRISE],
    );
  });

  it("excludes a whole extension, an extension attribute, or a sub-attribute", () => {
    expect(ENTERPRISE in project(undefined, [ENTERPRISE])).toBe(false);
    const noManager = project(undefined, [`${ENTERPRISE}:manager`])[ENTERPRISE];
    expect(noManager).toEqual({
      employeeNumber: "701984",
      costCenter: "4130",
      organization: "Universal Studios",
      division: "Theme Park",
      department: "Tour Operations",
    });
    expect(project(undefined, ["emails.type", "emails.primary"])["emails"]).toEqual([
      { value: "bjensen@example.com" },
      { value: "babs@jensen.org" },
    ]);
  });

  it("omits an extension object left empty by exclusion", () => {
    const resource = { ...rfcEnterpriseUser(), [ENTERPRISE]: { department: "Retail" } };
    expect(ENTERPRISE in project(undefined, ["department"], resource)).toBe(false);
  });

  it("returns meta or a meta sub-attribute only when named, once attributes is given", () => {
    expect(project(["meta.created"])["meta"]).toEqual({ created: "2010-01-23T04:56:22Z" });
    expect("meta" in project(["displayName"])).toBe(false);
  });

  it("applies excludedAttributes after attributes", () => {
    expect(project(["name"], ["name.formatted", "name.middleName"])["name"]).toEqual({
      familyName: "Jensen",
      givenName: "Barbara",
      honorificPrefix: "Ms.",
      honorificSuffix: "III",
    });
  });

  it("returns 'request' attributes only when named", () => {
    const rt: ResourceTypeSchemas = {
      ...GROUP_RESOURCE_TYPE,
      core: restrictSchema(GROUP_RESOURCE_TYPE.core, ["displayName", "members"], {
        members: { returned: "request" },
      }),
    };
    expect("members" in projectResource(rfcGroup(), rt)).toBe(false);
    expect("members" in projectResource(rfcGroup(), rt, { attributes: ["displayName"] })).toBe(false);
    expect(projectResource(rfcGroup(), rt, { attributes: ["members"] })["members"]).toEqual(
      rfcGroup()["members"],
    );
  });

  it("keeps unknown attributes by default and only when named otherwise", () => {
    const resource = { ...rfcFullUser(), favouriteColour: "blue" };
    expect(projectResource(resource, USER_RESOURCE_TYPE)["favouriteColour"]).toBe("blue");
    expect(
      "favouriteColour" in projectResource(resource, USER_RESOURCE_TYPE, { attributes: ["userName"] }),
    ).toBe(false);
    expect(
      projectResource(resource, USER_RESOURCE_TYPE, { attributes: ["favouriteColour"] })["favouriteColour"],
    ).toBe("blue");
  });

  it("selects an undeclared extension (Entra custom extension [S6]) by its URN", () => {
    const custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
    const resource = { ...rfcFullUser(), [custom]: { CustomAttribute: "x", Other: "y" } };
    expect(projectResource(resource, USER_RESOURCE_TYPE, { attributes: [custom] })[custom]).toEqual({
      CustomAttribute: "x",
      Other: "y",
    });
    expect(
      projectResource(resource, USER_RESOURCE_TYPE, { attributes: [`${custom}:CustomAttribute`] })[custom],
    ).toEqual({ CustomAttribute: "x" });
  });

  it("does not mutate its input and returns fresh objects", () => {
    const input = rfcEnterpriseUser();
    const out = projectResource(input, USER_RESOURCE_TYPE, { attributes: ["emails", ENTERPRISE] });
    expect(input).toEqual(rfcEnterpriseUser());
    expect(out["emails"]).not.toBe(input["emails"]);
    expect(out[ENTERPRISE]).not.toBe(input[ENTERPRISE]);
  });
});

describe("parseAttributeList", () => {
  it("returns undefined for an absent or empty parameter", () => {
    expect(parseAttributeList(undefined)).toBeUndefined();
    expect(parseAttributeList("")).toBeUndefined();
    expect(parseAttributeList(" , ")).toBeUndefined();
  });

  it("splits and trims names, including URN-qualified ones and $ref", () => {
    expect(parseAttributeList(`userName, emails.value,${ENTERPRISE}:manager.value,members.$ref`)).toEqual([
      "userName",
      "emails.value",
      `${ENTERPRISE}:manager.value`,
      "members.$ref",
    ]);
    expect(parseAttributeList(ENTERPRISE)).toEqual([ENTERPRISE]);
  });

  it("rejects a name that is not an attribute path with invalidValue", () => {
    for (const bad of [
      'emails[type eq "work"]',
      "name.givenName.x",
      "1abc",
      "user name",
      "emails.",
      "$ref",
    ]) {
      let error: unknown;
      try {
        parseAttributeList(`userName,${bad}`, "excludedAttributes");
      } catch (e) {
        error = e;
      }
      expect(isScimError(error), bad).toBe(true);
      if (isScimError(error)) {
        expect(error.status).toBe(400);
        expect(error.scimType).toBe("invalidValue");
        expect(error.detail).toBe(`excludedAttributes: ${JSON.stringify(bad)} is not an attribute name`);
      }
    }
  });
});
