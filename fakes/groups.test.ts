import { expect, it } from "vitest";
import { GROUP_URN, memberIdsOf, patchBody, setup } from "./test-support.ts";

it("POST /Groups stores members with type and $ref", async () => {
  const api = setup();
  const alice = await api.createUser("alice");
  const res = await api.post("/Groups", {
    schemas: [GROUP_URN],
    displayName: "Sales",
    members: [{ value: alice }],
  });
  expect(res.status).toBe(201);
  expect(res.body.members).toEqual([
    { value: alice, type: "User", $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${alice}$`)) },
  ]);
});

it("refuses a member that does not exist with 400 invalidValue", async () => {
  const api = setup();
  const res = await api.post("/Groups", {
    schemas: [GROUP_URN],
    displayName: "Ghosts",
    members: [{ value: "nope" }],
  });
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
  const group = await api.createGroup("Real");
  const patched = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "add", path: "members", value: [{ value: "nope" }] }),
  );
  expect(patched.status).toBe(400);
  expect(patched.body.scimType).toBe("invalidValue");
});

it("derives a user's readOnly groups from memberships (RFC 7643 §4.1.2)", async () => {
  const api = setup();
  const alice = await api.createUser("alice");
  const sales = await api.createGroup("Sales", [alice]);
  const res = await api.get(`/Users/${alice}`);
  expect(res.body.groups).toEqual([
    {
      value: sales,
      $ref: expect.stringMatching(new RegExp(`/scim/v2/Groups/${sales}$`)),
      display: "Sales",
      type: "direct",
    },
  ]);
  const ignored = await api.put(`/Users/${alice}`, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "alice",
    groups: [],
  });
  expect(ignored.body.groups).toHaveLength(1);
});

it("group PATCH answers 204 with an ETag; with attributes it answers 200 with the projection", async () => {
  const api = setup();
  const alice = await api.createUser("alice");
  const group = await api.createGroup("Sales");
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "add", path: "members", value: [{ value: alice }] }),
  );
  expect(res.status).toBe(204);
  expect(res.text).toBe("");
  expect(res.headers["etag"]).toBe('W/"2"');
  const projected = await api.patch(
    `/Groups/${group}?attributes=displayName`,
    patchBody({ op: "replace", path: "displayName", value: "Sales EMEA" }),
  );
  expect(projected.status).toBe(200);
  expect(projected.body).toEqual({ schemas: [GROUP_URN], id: group, displayName: "Sales EMEA" });
});

it("removes one member with a filtered path, and with Entra's value array (tolerant mode)", async () => {
  const api = setup();
  const [a, b, c] = [await api.createUser("a"), await api.createUser("b"), await api.createUser("c")];
  const group = await api.createGroup("G", [a, b, c]);
  await api.patch(`/Groups/${group}`, patchBody({ op: "remove", path: `members[value eq "${a}"]` }));
  expect(await memberIdsOf(api, group)).toEqual([b, c].sort());
  await api.patch(`/Groups/${group}`, patchBody({ op: "Remove", path: "members", value: [{ value: b }] }));
  expect(await memberIdsOf(api, group)).toEqual([c]);
});

it("strict mode applies RFC 7644 §3.5.2.2 literally: remove on members without a filter removes them all", async () => {
  const api = setup({ patchMode: "strict" });
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a, b]);
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "remove", path: "members", value: [{ value: a }] }),
  );
  expect(res.status).toBe(204);
  expect(await memberIdsOf(api, group)).toEqual([]);
});

it("excludedAttributes=members leaves members out of GET and list answers", async () => {
  const api = setup();
  const alice = await api.createUser("alice");
  const group = await api.createGroup("Sales", [alice]);
  const one = await api.get(`/Groups/${group}?excludedAttributes=members`);
  expect(one.body).not.toHaveProperty("members");
  expect(one.body.displayName).toBe("Sales");
  const list = await api.get(
    `/Groups?filter=${encodeURIComponent('displayName eq "sales"')}&excludedAttributes=members`,
  );
  expect(list.body.totalResults).toBe(1);
  expect(list.body.Resources[0]).not.toHaveProperty("members");
});

it("allows two groups with one displayName in the generic profile (RFC 7643 §4.2: uniqueness none)", async () => {
  const api = setup();
  await api.createGroup("Twins");
  const res = await api.post("/Groups", { schemas: [GROUP_URN], displayName: "twins" });
  expect(res.status).toBe(201);
  const list = await api.get(`/Groups?filter=${encodeURIComponent('displayName eq "TWINS"')}`);
  expect(list.body.totalResults).toBe(2);
});

it("deleting a user removes it from its groups; deleting a group removes the user's groups entry", async () => {
  const api = setup();
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a, b]);
  expect((await api.del(`/Users/${a}`)).status).toBe(204);
  expect(await memberIdsOf(api, group)).toEqual([b]);
  expect((await api.del(`/Groups/${group}`)).status).toBe(204);
  const user = await api.get(`/Users/${b}`);
  expect(user.body).not.toHaveProperty("groups");
  expect(user.body.active).toBeUndefined();
});

it("PUT on a group replaces its members", async () => {
  const api = setup();
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a]);
  const res = await api.put(`/Groups/${group}`, {
    schemas: [GROUP_URN],
    displayName: "G",
    members: [{ value: b }],
  });
  expect(res.status).toBe(200);
  expect(await memberIdsOf(api, group)).toEqual([b]);
});

it("nested groups are members of type Group", async () => {
  const api = setup();
  const inner = await api.createGroup("Inner");
  const outer = await api.post("/Groups", {
    schemas: [GROUP_URN],
    displayName: "Outer",
    members: [{ value: inner }],
  });
  expect(outer.body.members[0]).toMatchObject({ value: inner, type: "Group" });
  const self = await api.patch(
    `/Groups/${inner}`,
    patchBody({ op: "add", path: "members", value: [{ value: inner }] }),
  );
  expect(self.status).toBe(400);
});

it("filters users by their derived groups (groups.value eq …)", async () => {
  const api = setup();
  const [a] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a]);
  const res = await api.get(`/Users?filter=${encodeURIComponent(`groups.value eq "${group}"`)}`);
  expect(res.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(["a"]);
});

it('treats null as unassigned: a PUT with "emails": null clears emails (RFC 7643 §2.5)', async () => {
  const api = setup();
  const id = await api.createUser("a", { emails: [{ value: "a@example.com", type: "work" }] });
  const res = await api.put(`/Users/${id}`, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "a",
    emails: null,
  });
  expect(res.status).toBe(200);
  expect(res.body).not.toHaveProperty("emails");
});

it("accepts Entra's group create with the non-standard ADSCIM schema URI ([S1], idp-behaviour §1.6.1)", async () => {
  const api = setup();
  const res = await api.post("/Groups", {
    schemas: [GROUP_URN, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
    externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    displayName: "displayName",
    meta: { resourceType: "Group" },
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    schemas: [GROUP_URN],
    externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    displayName: "displayName",
  });
});
