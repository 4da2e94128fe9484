/**
 * `allowedMatches`: every answer RFC 7644 §3.4.2.2 allows, on the RFC 7643 §8.3 user. Where the RFC
 * fixes the answer the set has one member (the RFC 7644 §3.4.2.2 examples, as `evaluateFilter` gives
 * them); where it is open (the fold of a caseExact=false string, the alphabet of "lexicographically",
 * `ne` on an attribute without a value) it has both.
 */
import { describe, expect, it } from "vitest";
import { allowedMatches, evaluateFilter } from "./filter-evaluate.ts";
import { parseFilter } from "./filter-parser.ts";
import { RFC_ENTERPRISE_USER } from "./rfc-fixtures.ts";
import { isScimError } from "./scim-error.ts";
import { USER_RESOURCE_TYPE } from "./schemas.ts";

const allowed = (filter: string, resource: Readonly<Record<string, unknown>> = RFC_ENTERPRISE_USER) =>
  [...allowedMatches(parseFilter(filter), resource, USER_RESOURCE_TYPE)].sort();

describe("filters whose answer RFC 7644 §3.4.2.2 fixes have exactly one allowed answer", () => {
  it.each([
    'userName eq "bjensen@example.com"',
    'userName eq "BJENSEN@EXAMPLE.COM"', // caseExact false, ASCII: every fold agrees (RFC 7643 §2.2)
    'name.familyName co "O\'Malley"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    'title pr and userType eq "Employee"',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    'meta.lastModified gt "2011-05-13T04:42:34Z"', // the same instant: not after it
    'meta.lastModified ge "2011-05-13T06:42:34+02:00"', // the same instant in another offset: ordered chronologically
    'meta.lastModified eq "2011-05-13T04:42:34Z"', // the same text
    'externalId eq "701984"',
    'externalId eq "701984 "',
    'userName gt "bjensen@example.com"', // equal strings are equal in every alphabet
    'userName ge "BJENSEN@example.com"',
    'not (emails.type eq "work")',
    'emails.type ne "work"', // a home email differs from "work": any value matches (RFC 7644 §3.4.2.2)
  ])("%s", (filter) => {
    const answers = allowed(filter);
    expect(answers).toEqual([evaluateFilter(parseFilter(filter), RFC_ENTERPRISE_USER, USER_RESOURCE_TYPE)]);
  });
});

describe("where the RFC is open, both answers are allowed", () => {
  it("ne on an attribute without a value (RFC 7644 §3.4.2.2 says nothing of absent attributes)", () => {
    expect(allowed('nickName ne "x"', { ...RFC_ENTERPRISE_USER, nickName: undefined })).toEqual([
      false,
      true,
    ]);
    expect(allowed('undeclaredThing ne "x"')).toEqual([false, true]);
    expect(allowed('undeclaredThing eq "x"')).toEqual([false]);
  });

  it("the fold of a caseExact=false string beyond ASCII (RFC 7643 §2.2 says only 'case-insensitive')", () => {
    const zoe = { ...RFC_ENTERPRISE_USER, title: "ZOË" };
    expect(allowed('title eq "zoë"', zoe)).toEqual([false, true]);
    expect(allowed('title eq "ZOË"', zoe)).toEqual([true]);
    expect(allowed('title eq "zoe"', zoe)).toEqual([false]);
  });

  it("eq on a dateTime written in another offset ('identical', RFC 7644 §3.4.2.2: the instant or the text)", () => {
    expect(allowed('meta.lastModified eq "2011-05-13T06:42:34+02:00"')).toEqual([false, true]);
    expect(allowed('meta.lastModified eq "2011-05-13T06:42:35+02:00"')).toEqual([false]);
  });

  it("the alphabet of gt on strings ('lexicographically', RFC 7644 §3.4.2.2)", () => {
    // "_" sorts after "b" by code unit, before it in the root collation.
    expect(allowed('title gt "b"', { ...RFC_ENTERPRISE_USER, title: "_x" })).toEqual([false, true]);
    // An astral character (U+1F600) against U+FFFD: code units and code points disagree.
    expect(allowed('title gt "\uFFFD"', { ...RFC_ENTERPRISE_USER, title: "\u{1F600}" })).toEqual([
      false,
      true,
    ]);
  });
});

it("a comparison RFC 7644 §3.4.2.2 refuses stays an invalidFilter 400", () => {
  let error: unknown;
  try {
    allowed("active gt true");
  } catch (e) {
    error = e;
  }
  expect(isScimError(error) && `${error.status} ${error.scimType}`).toBe("400 invalidFilter");
});
