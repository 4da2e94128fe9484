import { expect, it } from "vitest";
import { createFakeServiceProvider } from "./create-fake-service-provider.ts";
import { USER_URN, setup } from "./test-support.ts";

/** Written out by hand, not taken from the code under test. */
const TYPED_URN = "urn:ietf:params:scim:schemas:extension:scimharness-typed:2.0:User";

it("typedExtension: /Schemas declares an integer, a decimal, a caseExact string and a dateTime", async () => {
  const api = setup({ typedExtension: true });
  const schema = await api.get(`/Schemas/${TYPED_URN}`);
  expect(schema.status).toBe(200);
  expect(
    schema.body.attributes.map((a: { name: string; type: string; caseExact: boolean }) => [
      a.name,
      a.type,
      a.caseExact,
    ]),
  ).toEqual([
    ["level", "integer", false],
    ["score", "decimal", false],
    ["code", "string", true],
    ["validFrom", "dateTime", false],
  ]);
  const type = await api.get("/ResourceTypes/User");
  expect(type.body.schemaExtensions).toContainEqual({ schema: TYPED_URN, required: false });
});

it("typedExtension: stores and returns the values, exponent forms and negatives included; rejects a fraction in the integer", async () => {
  const api = setup({ typedExtension: true });
  const values = { level: -10, score: 2.5e21, code: "Ab-1", validFrom: "2020-01-01T05:30:00+05:30" };
  const created = await api.post("/Users", {
    schemas: [USER_URN, TYPED_URN],
    userName: "typed",
    [TYPED_URN]: values,
  });
  expect(created.status).toBe(201);
  expect((await api.get(`/Users/${created.body.id}`)).body[TYPED_URN]).toEqual(values);
  const fraction = await api.post("/Users", {
    schemas: [USER_URN, TYPED_URN],
    userName: "typed2",
    [TYPED_URN]: { level: 1.5 },
  });
  expect([fraction.status, fraction.body.scimType]).toEqual([400, "invalidValue"]);
});

it("the default fake does not declare the typed extension; other profiles refuse the option", async () => {
  expect((await setup().get(`/Schemas/${TYPED_URN}`)).status).toBe(404);
  expect(() => createFakeServiceProvider({ profile: "cinode", typedExtension: true })).toThrow(/generic/);
});
