/** PATCH rules beyond the RFC examples: errors, mutability, primary, extensions, atomicity, B18. */
import { expect, it } from "vitest";
import { applyPatch } from "./patch-apply.ts";
import {
  RFC_FULL_USER,
  RFC_GROUP,
  deepFreeze,
  patchBody,
  patchErrorOf,
  patchGroup,
  patchUser,
} from "./rfc-fixtures.ts";
import {
  GROUP_RESOURCE_TYPE,
  SCHEMA_ENTERPRISE_USER,
  SCHEMA_GROUP,
  SCHEMA_USER,
  USER_RESOURCE_TYPE,
} from "./schemas.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const body = patchBody;
const errorOf = patchErrorOf;

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

it("malformed paths and unknown attributes are invalidPath", () => {
  expect(errorOf(smallUser, body({ op: "replace", path: "emails[type eq]", value: "x" }))).toBe(
    "400 invalidPath",
  );
  expect(errorOf(smallUser, body({ op: "replace", path: "nosuch", value: "x" }))).toBe("400 invalidPath");
  expect(errorOf(smallUser, body({ op: "replace", path: "name.nosuch", value: "x" }))).toBe(
    "400 invalidPath",
  );
  expect(errorOf(smallUser, body({ op: "replace", path: 'emails[type eq "work"].nosuch', value: "x" }))).toBe(
    "400 invalidPath",
  );
  expect(errorOf(smallUser, body({ op: "replace", path: "", value: "x" }))).toBe("400 invalidPath");
  expect(errorOf(smallUser, body({ op: "replace", path: 'userName[value eq "x"]', value: "x" }))).toBe(
    "400 invalidPath",
  );
});

it("values of the wrong type are invalidValue", () => {
  const bad = (path: string, value: unknown) => errorOf(smallUser, body({ op: "replace", path, value }));
  expect(bad("active", 1)).toBe("400 invalidValue");
  expect(bad("userName", 5)).toBe("400 invalidValue");
  expect(bad("name", "Barbara")).toBe("400 invalidValue");
  expect(bad("emails", [{ value: "a@b", color: "red" }])).toBe("400 invalidValue");
  expect(bad("nickName", ["a"])).toBe("400 invalidValue");
  expect(
    bad("emails", [
      { value: "a@b", primary: true },
      { value: "c@d", primary: true },
    ]),
  ).toBe("400 invalidValue");
  expect(errorOf(smallUser, body({ op: "add", value: { nosuch: 1 } }))).toBe("400 invalidValue");
  expect(errorOf(smallUser, body({ op: "add", value: "x" }))).toBe("400 invalidValue");
});

it("readOnly attributes: an explicit path is mutability, path-less keys are ignored (RFC 7643 §2.2)", () => {
  expect(errorOf(RFC_FULL_USER, body({ op: "replace", path: "id", value: "x" }))).toBe("400 mutability");
  expect(
    errorOf(RFC_FULL_USER, body({ op: "replace", path: "meta.lastModified", value: "2020-01-01T00:00:00Z" })),
  ).toBe("400 mutability");
  expect(errorOf(RFC_FULL_USER, body({ op: "add", path: "groups", value: [{ value: "g" }] }))).toBe(
    "400 mutability",
  );
  expect(errorOf(RFC_FULL_USER, body({ op: "remove", path: "meta" }))).toBe("400 mutability");
  const ignored = patchUser(RFC_FULL_USER, {
    op: "replace",
    value: { id: "new", meta: { resourceType: "Group" }, groups: [], title: "Guide" },
  });
  expect(ignored.resource).toEqual({ ...RFC_FULL_USER, title: "Guide" });
});

it("immutable member sub-attributes: set when absent, never changed (RFC 7644 §3.5.2)", () => {
  const bare = groupWith({ value: "x1" });
  const named = patchGroup(bare, { op: "add", path: 'members[value eq "x1"].display', value: "Xavier" });
  expect(named.resource).toEqual(groupWith({ value: "x1", display: "Xavier" }));
  expect(
    errorOf(
      named.resource,
      body({ op: "replace", path: 'members[value eq "x1"].display', value: "X" }),
      GROUP_RESOURCE_TYPE,
    ),
  ).toBe("400 mutability");
  expect(
    errorOf(
      bare,
      body({ op: "replace", path: 'members[value eq "x1"].value', value: "x2" }),
      GROUP_RESOURCE_TYPE,
    ),
  ).toBe("400 mutability");
  expect(
    errorOf(
      bare,
      body({ op: "replace", path: 'members[value eq "x1"]', value: { value: "x2" } }),
      GROUP_RESOURCE_TYPE,
    ),
  ).toBe("400 mutability");
});

it('"primary": true on a written value clears the other primaries', () => {
  const added = patchUser(RFC_FULL_USER, {
    op: "add",
    path: "emails",
    value: { value: "b@x.org", primary: true },
  });
  expect(added.resource["emails"]).toEqual([
    { value: "bjensen@example.com", type: "work", primary: false },
    HOME_EMAIL,
    { value: "b@x.org", primary: true },
  ]);
  const moved = patchUser(RFC_FULL_USER, {
    op: "replace",
    path: 'emails[type eq "home"].primary',
    value: true,
  });
  expect(moved.resource["emails"]).toEqual([
    { value: "bjensen@example.com", type: "work", primary: false },
    { value: "babs@jensen.org", type: "home", primary: true },
  ]);
  expect(errorOf(RFC_FULL_USER, body({ op: "replace", path: "emails.primary", value: true }))).toBe(
    "400 invalidValue",
  );
});

it("a filter that matches nothing is noTarget in strict mode (replace, add and remove)", () => {
  expect(
    errorOf(RFC_FULL_USER, body({ op: "replace", path: 'emails[type eq "other"].value', value: "o@x" })),
  ).toBe("400 noTarget");
  expect(
    errorOf(RFC_FULL_USER, body({ op: "add", path: 'emails[type eq "other"].value', value: "o@x" })),
  ).toBe("400 noTarget");
  expect(
    errorOf(RFC_GROUP, body({ op: "remove", path: 'members[value eq "nobody"]' }), GROUP_RESOURCE_TYPE),
  ).toBe("400 noTarget");
});

it("removes single-valued, sub- and multi-valued attributes; emptied complex values disappear", () => {
  const { emails: _e, ...noEmails } = RFC_FULL_USER;
  expect(patchUser(RFC_FULL_USER, { op: "remove", path: "emails" }).resource).toEqual(noEmails);
  const { title: _t, ...noTitle } = RFC_FULL_USER;
  expect(patchUser(RFC_FULL_USER, { op: "remove", path: "title" }).resource).toEqual(noTitle);
  const nameless = deepFreeze({ userName: "u", name: { familyName: "J" } });
  expect(patchUser(nameless, { op: "remove", path: "name.familyName" }).resource).toEqual({ userName: "u" });
  expect(patchUser(smallUser, { op: "remove", path: "title" })).toEqual({
    resource: smallUser,
    changed: false,
    tolerated: [],
  });
});

it("extension attributes live under the URN key, which schemas lists while it is non-empty", () => {
  const added = patchUser(smallUser, { op: "add", path: `${ENTERPRISE}:employeeNumber`, value: "701984" });
  expect(added.resource).toEqual({
    ...smallUser,
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER],
    [ENTERPRISE]: { employeeNumber: "701984" },
  });
  const removed = patchUser(added.resource, { op: "remove", path: `${ENTERPRISE}:employeeNumber` });
  expect(removed.resource).toEqual(smallUser);
  const whole = patchUser(smallUser, {
    op: "add",
    path: ENTERPRISE,
    value: { department: "Tour Operations" },
  });
  expect(whole.resource[ENTERPRISE]).toEqual({ department: "Tour Operations" });
  expect(patchUser(whole.resource, { op: "remove", path: ENTERPRISE }).resource).toEqual(smallUser);
});

it("removing a required attribute is invalidValue", () => {
  expect(errorOf(smallUser, body({ op: "remove", path: "userName" }))).toBe("400 invalidValue");
  expect(errorOf(smallUser, body({ op: "replace", path: "userName", value: null }))).toBe("400 invalidValue");
});

it("is atomic: a failing later operation leaves nothing applied, and meta is never touched", () => {
  const before = structuredClone(RFC_FULL_USER);
  const request = body(
    { op: "replace", path: "displayName", value: "Changed" },
    { op: "replace", path: "id", value: "x" },
  );
  expect(errorOf(RFC_FULL_USER, request)).toBe("400 mutability");
  expect(RFC_FULL_USER).toEqual(before);
  const result = patchUser(RFC_FULL_USER, { op: "replace", path: "displayName", value: "Changed" });
  expect(result.resource["meta"]).toEqual(RFC_FULL_USER["meta"]);
  expect(result.resource).not.toBe(RFC_FULL_USER);
});

it("rejects __proto__, constructor and prototype in paths and keys; Object.prototype stays clean", () => {
  const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown;
  expect(errorOf(smallUser, body({ op: "add", path: "constructor", value: "x" }))).toBe("400 invalidPath");
  expect(errorOf(smallUser, body({ op: "add", path: "name.prototype", value: "x" }))).toBe("400 invalidPath");
  expect(errorOf(smallUser, body({ op: "add", path: "__proto__.polluted", value: "x" }))).toBe(
    "400 invalidPath",
  );
  expect(errorOf(smallUser, body({ op: "add", path: 'emails[constructor eq "x"].value', value: "x" }))).toBe(
    "400 invalidPath",
  );
  expect(errorOf(smallUser, body({ op: "add", value: hostile }))).toBe("400 invalidValue");
  expect(errorOf(smallUser, body({ op: "add", path: "name", value: hostile }))).toBe("400 invalidValue");
  expect(
    errorOf(
      smallUser,
      body({ op: "add", value: { "name.constructor": { prototype: { x: 1 } } } }),
      USER_RESOURCE_TYPE,
      "tolerant",
    ),
  ).toBe("400 invalidValue");
  expect(
    errorOf(
      smallUser,
      JSON.parse(
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","path":"title","value":"x","__proto__":{}}]}`,
      ),
    ),
  ).toBe("400 invalidSyntax");
  // B18: the Infisical case, a dotted key that would walk into the prototype.
  expect(
    errorOf(
      smallUser,
      body({ op: "replace", value: { "__proto__.polluted": "x" } }),
      USER_RESOURCE_TYPE,
      "tolerant",
    ),
  ).toBe("400 invalidValue");
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
});

it("member names of the request are case-insensitive (RFC 7643 §2.1), in strict mode too", () => {
  const lower = { SCHEMAS: [PATCH_OP], operations: [{ OP: "add", Path: "nickName", VALUE: "Babs" }] };
  expect(applyPatch(smallUser, deepFreeze(lower), USER_RESOURCE_TYPE).resource).toEqual({
    ...smallUser,
    nickName: "Babs",
  });
});
