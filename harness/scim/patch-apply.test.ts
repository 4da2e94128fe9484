/** RFC 7644 §3.5.2 PATCH examples (expected resources written by hand) and request envelope checks. */
import { describe, expect, it } from "vitest";
import {
  BJENSEN_ID,
  JAMES_ID,
  MANDY_ID,
  RFC_FULL_USER,
  RFC_GROUP,
  deepFreeze,
  patchBody,
  patchErrorOf,
  patchGroup,
  patchUser,
} from "./rfc-fixtures.ts";
import { SCHEMA_GROUP, SCHEMA_USER } from "./schemas.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const body = patchBody;
const errorOf = patchErrorOf;

const BABS = {
  display: "Babs Jensen",
  $ref: `https://example.com/v2/Users/${BJENSEN_ID}`,
  value: BJENSEN_ID,
};
const JAMES = { display: "James Smith", $ref: `https://example.com/v2/Users/${JAMES_ID}`, value: JAMES_ID };
const MANDY = {
  value: MANDY_ID,
  $ref: `https://example.com/v2/Users/${MANDY_ID}`,
  display: "Mandy Pepperidge",
};
const GROUP_META = RFC_GROUP["meta"];
const groupWith = (...members: unknown[]) =>
  deepFreeze({
    schemas: [SCHEMA_GROUP],
    id: "acbf3ae7",
    displayName: "Tour Guides",
    members,
    meta: GROUP_META,
  });
const WORK_EMAIL = { value: "bjensen@example.com", type: "work", primary: true };
const HOME_EMAIL = { value: "babs@jensen.org", type: "home" };
const smallUser = deepFreeze({ schemas: [SCHEMA_USER], id: "u1", userName: "bjensen", emails: [WORK_EMAIL] });

describe("RFC 7644 §3.5.2.1 add", () => {
  it("adds a member to a group", () => {
    const result = patchGroup(groupWith(MANDY), { op: "add", path: "members", value: [BABS] });
    expect(result.resource).toEqual({ ...groupWith(), members: [MANDY, BABS] });
    expect(result.changed).toBe(true);
  });

  it("adding a member that is already there changes nothing", () => {
    const result = patchGroup(RFC_GROUP, { op: "add", path: "members", value: [BABS] });
    expect(result.resource).toEqual(RFC_GROUP);
    expect(result.changed).toBe(false);
  });

  it("adds multiple attributes with a path-less value (RFC key `nickname` is case-insensitive)", () => {
    const op = {
      op: "add",
      value: { emails: [{ value: "babs@jensen.org", type: "home" }], nickname: "Babs" },
    };
    const result = patchUser(smallUser, op);
    expect(result.resource).toEqual({
      schemas: [SCHEMA_USER],
      id: "u1",
      userName: "bjensen",
      emails: [WORK_EMAIL, HOME_EMAIL],
      nickName: "Babs",
    });
    // The §8.2 user already has both values: nothing is duplicated.
    expect(patchUser(RFC_FULL_USER, op)).toEqual({ resource: RFC_FULL_USER, changed: false, tolerated: [] });
  });
});

describe("RFC 7644 §3.5.2.2 remove", () => {
  it("removes a single member", () => {
    const result = patchGroup(RFC_GROUP, { op: "remove", path: `members[value eq "${BJENSEN_ID}"]` });
    expect(result.resource).toEqual({ ...RFC_GROUP, members: [MANDY] });
  });

  it("removes all members", () => {
    const { members: _members, ...withoutMembers } = RFC_GROUP;
    expect(patchGroup(RFC_GROUP, { op: "remove", path: "members" }).resource).toEqual(withoutMembers);
  });

  it("removes a value from a complex multi-valued attribute", () => {
    const op = { op: "remove", path: 'emails[type eq "work" and value ew "example.com"]' };
    expect(patchUser(RFC_FULL_USER, op).resource).toEqual({ ...RFC_FULL_USER, emails: [HOME_EMAIL] });
  });

  it("replaces all members by removing them and adding others", () => {
    const result = patchGroup(
      RFC_GROUP,
      { op: "remove", path: "members" },
      { op: "add", path: "members", value: [BABS, JAMES] },
    );
    expect(result.resource).toEqual({ ...RFC_GROUP, members: [BABS, JAMES] });
  });
});

describe("RFC 7644 §3.5.2.3 replace", () => {
  it("replaces all members", () => {
    const result = patchGroup(RFC_GROUP, { op: "replace", path: "members", value: [BABS, JAMES] });
    expect(result.resource).toEqual({ ...RFC_GROUP, members: [BABS, JAMES] });
  });

  it('replaces the work address (addresses[type eq "work"])', () => {
    const address = {
      type: "work",
      streetAddress: "911 Universal City Plaza",
      locality: "Hollywood",
      region: "CA",
      postalCode: "91608",
      country: "US",
      formatted: "911 Universal City Plaza\nHollywood, CA 91608 US",
      primary: true,
    };
    const result = patchUser(RFC_FULL_USER, {
      op: "replace",
      path: 'addresses[type eq "work"]',
      value: address,
    });
    const home = (RFC_FULL_USER["addresses"] as unknown[])[1];
    expect(result.resource).toEqual({ ...RFC_FULL_USER, addresses: [address, home] });
  });

  it('replaces one sub-attribute (addresses[type eq "work"].streetAddress)', () => {
    const op = { op: "replace", path: 'addresses[type eq "work"].streetAddress', value: "1010 Broadway Ave" };
    const [work, home] = RFC_FULL_USER["addresses"] as Record<string, unknown>[];
    expect(patchUser(RFC_FULL_USER, op).resource).toEqual({
      ...RFC_FULL_USER,
      addresses: [{ ...work, streetAddress: "1010 Broadway Ave" }, home],
    });
  });

  it("replaces attributes with a path-less value", () => {
    const value = { emails: [WORK_EMAIL, { value: "babs@jensen.org", type: "home" }], nickname: "Babs" };
    const user = deepFreeze({
      ...smallUser,
      emails: [{ value: "old@example.com", type: "work" }],
      nickName: "Barb",
    });
    expect(patchUser(user, { op: "replace", value }).resource).toEqual({
      ...smallUser,
      emails: [WORK_EMAIL, HOME_EMAIL],
      nickName: "Babs",
    });
    expect(patchUser(RFC_FULL_USER, { op: "replace", value }).changed).toBe(false);
  });

  it("replace on a complex attribute merges sub-attributes; replace with null unassigns", () => {
    const result = patchUser(
      RFC_FULL_USER,
      { op: "replace", path: "name", value: { givenName: "Babs", middleName: null } },
      { op: "replace", path: "nickName", value: null },
    );
    const { nickName: _n, ...rest } = RFC_FULL_USER;
    const { middleName: _m, ...name } = RFC_FULL_USER["name"] as Record<string, unknown>;
    expect(result.resource).toEqual({ ...rest, name: { ...name, givenName: "Babs" } });
  });
});

it("the request envelope is checked: schemas, non-empty Operations, known op (invalidSyntax)", () => {
  const op = { op: "replace", path: "nickName", value: "B" };
  expect(errorOf(smallUser, { Operations: [op] })).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, { schemas: ["urn:other"], Operations: [op] })).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, { schemas: [PATCH_OP], Operations: [] })).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, { schemas: [PATCH_OP] })).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, "not json")).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, body({ op: "delete", path: "nickName" }))).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, body({ path: "nickName", value: "x" }))).toBe("400 invalidSyntax");
  expect(errorOf(smallUser, body({ op: "add", path: "nickName" }))).toBe("400 invalidValue");
});

it("remove without path is noTarget (RFC 7644 §3.5.2.2)", () => {
  expect(errorOf(smallUser, body({ op: "remove" }))).toBe("400 noTarget");
  expect(errorOf(smallUser, body({ op: "remove", value: { nickName: "x" } }))).toBe("400 noTarget");
});
