import { expect, it } from "vitest";
import { asBoolean, parseListResponse, readPath, sameValue } from "./scim-read.ts";

const user = {
  userName: "a",
  Name: { givenName: "Ann" },
  emails: [
    { type: "home", value: "home@x" },
    { type: "Work", value: "work@x" },
  ],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    department: "R&D",
    manager: { value: "m-1" },
  },
};

it("readPath: dotted, case-insensitive names (RFC 7643 §2.1), filtered multi-valued and URN paths", () => {
  expect(readPath(user, "name.givenName")).toBe("Ann");
  expect(readPath(user, 'emails[type eq "work"].value')).toBe("work@x");
  expect(readPath(user, 'emails[type eq "other"].value')).toBeUndefined();
  expect(readPath(user, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")).toBe("R&D");
  expect(readPath(user, "title")).toBeUndefined();
});

it("sameValue: string booleans equal booleans, complex values compare by value, strings exactly", () => {
  expect(sameValue("False", false)).toBe(true);
  expect(sameValue(true, "True")).toBe(true);
  expect(sameValue(true, false)).toBe(false);
  expect(sameValue("m-1", { value: "m-1" })).toBe(true);
  expect(sameValue("55555555555", "+5 (555) 555-5555")).toBe(false);
  expect(sameValue("a", undefined)).toBe(false);
  expect(asBoolean("TRUE")).toBe(true);
  expect(asBoolean("yes")).toBeUndefined();
});

it("parseListResponse: schemas and totalResults required; Resources may be omitted only when empty (RFC 7644 §3.4.2)", () => {
  const schemas = ["urn:ietf:params:scim:api:messages:2.0:ListResponse"];
  expect(parseListResponse({ schemas, totalResults: 0 })).toEqual({
    ok: true,
    totalResults: 0,
    resources: [],
  });
  expect(parseListResponse({ schemas, totalResults: 1, Resources: [{ id: "1" }] })).toEqual({
    ok: true,
    totalResults: 1,
    resources: [{ id: "1" }],
  });
  expect(parseListResponse({ schemas, totalResults: 1 }).ok).toBe(false);
  expect(parseListResponse({ totalResults: 0, Resources: [] }).ok).toBe(false);
  expect(parseListResponse([]).ok).toBe(false);
});
