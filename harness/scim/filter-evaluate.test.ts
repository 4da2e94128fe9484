import { describe, expect, it } from "vitest";
import { compileFilter, evaluateFilter, assertFilterValid, matchesValueFilter } from "./filter-evaluate.ts";
import { parseFilter } from "./filter-parser.ts";
import { RFC_ENTERPRISE_USER, RFC_FULL_USER, deepFreeze } from "./rfc-fixtures.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { isScimError } from "./scim-error.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas.ts";

const matches = (
  filter: string,
  resource: Readonly<Record<string, unknown>> = RFC_ENTERPRISE_USER,
): boolean => evaluateFilter(parseFilter(filter), resource, USER_RESOURCE_TYPE);

function scimTypeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isScimError(error)) return `${error.status} ${error.scimType}`;
    return `not a ScimError: ${String(error)}`;
  }
  return "no error";
}

// RFC 7644 §3.4.2.2, every example filter, against the RFC 7643 §8.3 enterprise user (expected by hand).
describe("RFC 7644 §3.4.2.2 examples on the RFC 7643 §8.3 user", () => {
  it.each([
    ['userName eq "bjensen"', false], // userName is "bjensen@example.com"
    ['name.familyName co "O\'Malley"', false], // familyName is "Jensen"
    ['userName sw "J"', false],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', false],
    ["title pr", true], // "Tour Guide"
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false], // equal instant
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', true],
    ['title pr and userType eq "Employee"', true],
    ['title pr or userType eq "Intern"', true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', true],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['userType eq "Employee" and (emails.type eq "work")', true],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      true,
    ],
  ])("%s → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

it("the same examples flip when the data is made to match", () => {
  expect(matches('userName eq "bjensen@example.com"')).toBe(true);
  expect(matches('name.familyName co "ens"')).toBe(true);
  expect(matches('userName sw "bj"')).toBe(true);
  expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "BJ"')).toBe(true);
  expect(matches('meta.lastModified gt "2011-05-13T04:42:33Z"')).toBe(true);
  expect(matches('meta.lastModified lt "2011-05-13T04:42:35Z"')).toBe(true);
  expect(matches('title pr and userType eq "Intern"')).toBe(false);
  expect(matches('ims[type eq "aim" and value co "handle"]')).toBe(true);
});

it("schemas eq is false for the §8.2 user, which lists only the core schema", () => {
  expect(
    matches('schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', RFC_FULL_USER),
  ).toBe(false);
  expect(matches('schemas eq "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"', RFC_FULL_USER)).toBe(true);
});

it("caseExact false compares case-insensitively, caseExact true exactly", () => {
  expect(matches('userName eq "BJensen@Example.COM"')).toBe(true);
  expect(matches('emails.value eq "BABS@JENSEN.ORG"')).toBe(true);
  expect(matches('id eq "2819c223-7f76-453a-919d-413861904646"')).toBe(true);
  expect(matches('id eq "2819C223-7F76-453A-919D-413861904646"')).toBe(false);
  expect(matches('externalId eq "701984"')).toBe(true);
  expect(matches('meta.version eq "w/\\"a330bc54f0671c9\\""')).toBe(false);
});

it("attribute names are case-insensitive in the filter and on resource keys", () => {
  expect(matches('USERNAME eq "bjensen@example.com"')).toBe(true);
  expect(matches('Name.FamilyName eq "jensen"')).toBe(true);
  const shouty = deepFreeze({
    USERNAME: "alice",
    "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": { EmployeeNumber: "42" },
  });
  expect(matches('userName eq "alice"', shouty)).toBe(true);
  expect(matches('employeeNumber eq "42"', shouty)).toBe(true);
});

it("extension attributes are read under the schema URN key, with or without the URN in the path", () => {
  expect(
    matches('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"'),
  ).toBe(true);
  expect(matches('employeeNumber eq "701984"')).toBe(true);
  expect(matches('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department sw "tour"')).toBe(
    true,
  );
  expect(
    matches(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    ),
  ).toBe(true);
  expect(matches('manager eq "26118915-6090-4610-87e4-49d8ca9f808d"')).toBe(true); // complex → its value
  expect(matches('employeeNumber eq "701984"', RFC_FULL_USER)).toBe(false); // §8.2 has no extension
  // An extension attribute written at the top level is not where RFC 7643 §3.3 puts it.
  expect(matches('employeeNumber eq "1"', deepFreeze({ employeeNumber: "1" }))).toBe(false);
});

it("multi-valued attributes match when any value does; a value path needs one element to match it all", () => {
  expect(matches('emails.value eq "babs@jensen.org"')).toBe(true);
  expect(matches('emails co "jensen.org"')).toBe(true);
  expect(matches('emails.type eq "home" and emails.value co "@example.com"')).toBe(true); // two elements
  expect(matches('emails[type eq "home" and value co "@example.com"]')).toBe(false); // no single element
  expect(matches('emails[type eq "home" and value co "@jensen.org"]')).toBe(true);
  expect(matches("emails[primary eq true]")).toBe(true);
  expect(matches('phoneNumbers[type eq "fax"]')).toBe(false);
  expect(matches('addresses[type eq "work" and streetAddress sw "100"]')).toBe(true);
  expect(matches('addresses[type eq "home" and streetAddress sw "100"]')).toBe(false);
});

it("dateTime compares as instants, not as strings", () => {
  expect(matches('meta.lastModified eq "2011-05-13T04:42:34.000+00:00"')).toBe(true);
  expect(matches('meta.lastModified eq "2011-05-13T06:42:34+02:00"')).toBe(true);
  expect(matches('meta.lastModified eq "2011-05-13T04:42:34"')).toBe(true); // no zone: read as UTC
  expect(matches('meta.lastModified gt "2011-05-13T04:42:33.999Z"')).toBe(true);
  expect(matches('meta.lastModified lt "2011-05-13T04:42:34.0001Z"')).toBe(true);
  expect(matches('meta.lastModified gt "2011-05-13T05:42:34+02:00"')).toBe(true); // 03:42:34Z
  expect(matches('meta.created lt "2010-01-23T04:56:22.000000001Z"')).toBe(true);
});

it("an unparseable dateTime literal is invalidFilter", () => {
  expect(scimTypeOf(() => matches('meta.lastModified gt "yesterday"'))).toBe("400 invalidFilter");
  expect(scimTypeOf(() => matches('meta.lastModified eq "2011-02-30T00:00:00Z"'))).toBe("400 invalidFilter");
});

it("pr is false for null, empty string, empty array and empty object", () => {
  const sparse = deepFreeze({ userName: "u", title: "", nickName: null, emails: [], name: {}, ims: [{}] });
  expect(matches("title pr", sparse)).toBe(false);
  expect(matches("nickName pr", sparse)).toBe(false);
  expect(matches("emails pr", sparse)).toBe(false);
  expect(matches("name pr", sparse)).toBe(false);
  expect(matches("ims pr", sparse)).toBe(false);
  expect(matches("displayName pr", sparse)).toBe(false);
  expect(matches("userName pr", sparse)).toBe(true);
  expect(matches("emails pr")).toBe(true);
  expect(matches("name pr")).toBe(true);
});

it("eq null matches exactly the absent attributes, ne null exactly the present ones", () => {
  const sparse = deepFreeze({ userName: "u", title: "" });
  expect(matches("title eq null", sparse)).toBe(true);
  expect(matches("title ne null", sparse)).toBe(false);
  expect(matches("title eq null")).toBe(false);
  expect(matches("title ne null")).toBe(true);
  expect(matches("displayName eq null", sparse)).toBe(true);
});

it("booleans compare only with boolean literals; ordering on booleans is invalidFilter", () => {
  expect(matches("active eq true")).toBe(true);
  expect(matches("active eq false")).toBe(false);
  expect(matches('active eq "true"')).toBe(false);
  expect(matches('active ne "true"')).toBe(true);
  expect(scimTypeOf(() => matches("active gt true"))).toBe("400 invalidFilter");
  expect(scimTypeOf(() => matches("emails.primary le false"))).toBe("400 invalidFilter");
});

it("comparisons the schema forbids are invalidFilter whatever the data", () => {
  expect(scimTypeOf(() => matches('name gt "a"'))).toBe("400 invalidFilter"); // complex without value
  expect(scimTypeOf(() => matches('x509Certificates.value gt "a"'))).toBe("400 invalidFilter"); // binary
  expect(scimTypeOf(() => matches("active co true"))).toBe("400 invalidFilter");
  expect(scimTypeOf(() => matches("meta.created sw 2011"))).toBe("400 invalidFilter");
  expect(scimTypeOf(() => matches("userName gt 5"))).toBe("400 invalidFilter");
  expect(scimTypeOf(() => matches("title gt null"))).toBe("400 invalidFilter");
  // The left side matches, yet the right side's error still surfaces (no short-circuit hiding it).
  expect(scimTypeOf(() => matches("title pr or active gt true"))).toBe("400 invalidFilter");
  expect(scimTypeOf(() => assertFilterValid(parseFilter("active lt false"), USER_RESOURCE_TYPE))).toBe(
    "400 invalidFilter",
  );
});

it("strings order lexicographically, case-folded unless caseExact", () => {
  expect(matches('userName gt "A"')).toBe(true); // "bjensen…" > "a"
  expect(matches('displayName gt "babs"')).toBe(true); // "babs jensen" > "babs"
  expect(matches('displayName lt "BABS K"')).toBe(true);
  expect(matches('id lt "3"')).toBe(true);
  expect(matches('id gt "2819C"')).toBe(true); // caseExact: "2819c" > "2819C"
});

it("unknown attributes have no value: no comparison matches, not(...) does", () => {
  expect(matches('nosuch eq "x"')).toBe(false);
  expect(matches("nosuch pr")).toBe(false);
  expect(matches('not (nosuch eq "x")')).toBe(true);
  expect(matches('nosuch ne "x"')).toBe(true);
  expect(matches('urn:example:custom:1.0:Ext:badge eq "x"')).toBe(false);
});

it("numbers compare numerically on integer and decimal attributes", () => {
  const counted: ResourceTypeSchemas = {
    ...GROUP_RESOURCE_TYPE,
    core: {
      ...GROUP_RESOURCE_TYPE.core,
      attributes: [
        ...GROUP_RESOURCE_TYPE.core.attributes,
        { ...GROUP_RESOURCE_TYPE.core.attributes[0]!, name: "size", type: "integer" },
        { ...GROUP_RESOURCE_TYPE.core.attributes[0]!, name: "score", type: "decimal" },
      ],
    },
  };
  const group = deepFreeze({ displayName: "g", size: 10, score: 2.5 });
  const run = (f: string) => evaluateFilter(parseFilter(f), group, counted);
  expect(run("size gt 9")).toBe(true);
  expect(run("size gt 10")).toBe(false);
  expect(run("size eq 10.0")).toBe(true);
  expect(run('size eq "10"')).toBe(false);
  expect(run("score le 2.5")).toBe(true);
  expect(run("score lt 2.4")).toBe(false);
  expect(scimTypeOf(() => run('size gt "9"'))).toBe("400 invalidFilter");
});

it("value filters on one element (PATCH paths) treat sub-attributes as relative", () => {
  const emails = USER_RESOURCE_TYPE.core.attributes.find((a) => a.name === "emails")!;
  const work = { value: "bjensen@example.com", type: "work", primary: true };
  expect(matchesValueFilter(parseFilter('type eq "work"'), work, emails)).toBe(true);
  expect(matchesValueFilter(parseFilter('type eq "home" or primary eq true'), work, emails)).toBe(true);
  expect(
    matchesValueFilter(parseFilter('value ew "EXAMPLE.COM" and not (type eq "home")'), work, emails),
  ).toBe(true);
  expect(matchesValueFilter(parseFilter('display eq "x"'), work, emails)).toBe(false);
});

it("never mutates the resource (deep-frozen fixtures would throw on write)", () => {
  expect(Object.isFrozen(RFC_ENTERPRISE_USER)).toBe(true);
  expect(
    matches('emails[type eq "work"] and name.givenName sw "b" and meta.created lt "2020-01-01T00:00:00Z"'),
  ).toBe(true);
});

it("compileFilter validates once and then agrees with evaluateFilter", () => {
  const alice = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "Alice", active: true };
  const bob = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bob", active: false };
  const matches = compileFilter(parseFilter('userName eq "ALICE" or active eq false'), USER_RESOURCE_TYPE);
  expect([alice, bob].map(matches)).toEqual([true, true]);
  expect(matches({ userName: "carol", active: true })).toBe(false);
  expect(() => compileFilter(parseFilter("active gt true"), USER_RESOURCE_TYPE)).toThrow(
    expect.objectContaining({ status: 400, scimType: "invalidFilter" }),
  );
});
