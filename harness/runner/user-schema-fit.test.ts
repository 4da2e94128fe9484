import { expect, it } from "vitest";
import { entraModel } from "../idp/entra/entra-model.ts";
import type { UserAttributeNeeds } from "../idp/idp-model.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import {
  describeGap,
  normaliseAttributePath,
  userSchemaGap,
  userSchemaInfo,
  variantMisfit,
} from "./user-schema-fit.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const list = (resources: unknown[]) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: resources.length,
  Resources: resources,
});
const attr = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "string",
  required: false,
  mutability: "readWrite",
  ...extra,
});

/** A Cerby-like User (seed 003): userName, emails, active, name required; one optional extension. */
const resourceTypes = list([
  {
    name: "User",
    schema: "urn:ietf:params:scim:schemas:core:2.0:User",
    schemaExtensions: [{ schema: ENTERPRISE, required: false }],
  },
]);
const schemas = list([
  {
    id: "urn:ietf:params:scim:schemas:core:2.0:User",
    attributes: [
      attr("userName", { required: true }),
      attr("name", {
        type: "complex",
        required: true,
        subAttributes: [attr("givenName", { required: true }), attr("familyName", { required: true })],
      }),
      attr("emails", { type: "complex", required: true, subAttributes: [attr("value"), attr("type")] }),
      attr("active", { type: "boolean", required: true }),
      attr("groups", { type: "complex", required: true, mutability: "readOnly" }),
      attr("phoneNumbers", { type: "complex", subAttributes: [attr("value", { required: true })] }),
    ],
  },
  { id: ENTERPRISE, attributes: [attr("employeeNumber", { required: true })] },
]);

it("normalises SCIM paths: filters dropped, core URN dropped, extension URN kept, lower case", () => {
  expect(normaliseAttributePath('emails[type eq "work"].value')).toBe("emails.value");
  expect(normaliseAttributePath("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName")).toBe(
    "name.givenname",
  );
  expect(normaliseAttributePath(`${ENTERPRISE}:employeeNumber`)).toBe(
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber",
  );
});

it("reads the User attributes and the required ones from /ResourceTypes and /Schemas (RFC 7643 §6, §7)", () => {
  const info = userSchemaInfo(resourceTypes, schemas)!;
  expect([...info.attributes]).toEqual(
    expect.arrayContaining(["username", "name.givenname", "emails.value", "externalid", "id"]),
  );
  expect(info.attributes.has(`${ENTERPRISE.toLowerCase()}:employeenumber`)).toBe(true);
  // readOnly groups, a required sub-attribute of an optional attribute, and an optional extension's
  // required attribute do not count.
  expect([...info.required].sort()).toEqual(
    ["active", "emails", "name", "name.familyname", "name.givenname", "username"].sort(),
  );
  expect(userSchemaInfo(list([]), schemas)).toBeUndefined();
  expect(userSchemaInfo(resourceTypes, list([]))).toBeUndefined();
});

it("a strict writer misfits on attributes the schema lacks; any writer on required ones it never sends", () => {
  const info = userSchemaInfo(resourceTypes, schemas)!;
  const entra: UserAttributeNeeds = {
    sent: ["userName", "active", 'emails[type eq "work"].value', "name.givenName", "title"],
    strict: true,
    label: 'mapping "x"',
  };
  expect(userSchemaGap(entra, info)).toEqual({
    unsupported: ["title"],
    missingRequired: ["name.familyname"],
  });
  expect(describeGap(entra, userSchemaGap(entra, info))).toMatch(
    /has no title \(sent by mapping "x"\); the target requires name\.familyname, which mapping "x" does not send/,
  );
  const wholeResource: UserAttributeNeeds = {
    sent: ["userName", "active", "title"],
    strict: false,
    label: "PUT",
  };
  // A missing required complex attribute is named once, not with each of its sub-attributes.
  expect(userSchemaGap(wholeResource, info)).toEqual({
    unsupported: [],
    missingRequired: ["name", "emails"],
  });
  const fits: UserAttributeNeeds = {
    sent: [
      "userName",
      "active",
      "emails",
      "name.givenName",
      "name.familyName",
      `${ENTERPRISE}:employeeNumber`,
    ],
    strict: true,
    label: "ok",
  };
  expect(describeGap(fits, userSchemaGap(fits, info))).toBeUndefined();
});

it("a variant of steps that write no user (Test Connection, raw requests, tokens) fits any schema", () => {
  const info = userSchemaInfo(resourceTypes, schemas)!;
  const variant = (steps: string) =>
    expandVariants(
      parseScenario(`id: t/v\ntitle: t\nidp: entra\ngiven: { users: { a: {} } }\nsteps:\n${steps}`, "t.yaml"),
    )[0]!;
  const probeOnly = variant("  - do: testConnection\n  - do: rotateToken\n");
  const creates = variant("  - do: assignUser\n    user: a\n");
  const options = entraModel.resolveOptions({});
  expect(variantMisfit(probeOnly, entraModel, options, info)).toBeUndefined();
  expect(variantMisfit(creates, entraModel, options, info)).toMatch(/has no displayName, /);
});
