import request from "supertest";
import { expect, it } from "vitest";
import { createFakeClock } from "../clock.ts";
import { ENTERPRISE_URN, GROUP_URN, TOKEN, USER_URN, patchBody, setup } from "../test-support.ts";
import { CINODE_AUDIENCE, CINODE_USER_EXTENSION } from "./cinode-profile.ts";

const DAY = 24 * 60 * 60 * 1000;

it("serves the tenant base path /scim/tenants/{tenantId}/v2 (seed 002)", async () => {
  const api = setup({ profile: "cinode" });
  expect(api.fake.basePath).toBe("/scim/tenants/demo-tenant/v2");
  expect((await api.get("/Users")).status).toBe(200);
  const other = setup({ profile: "cinode", tenantId: "acme" });
  expect(other.fake.baseUrlFor("https://api.cinode.com")).toBe("https://api.cinode.com/scim/tenants/acme/v2");
  expect(
    (await request(other.fake.app).get("/scim/v2/Users").set("authorization", `Bearer ${TOKEN}`)).status,
  ).toBe(404);
});

it("the primary token carries the Cinode audience and expires a year ahead; then requests fail with 401 (seeds 000, 001)", async () => {
  const clock = createFakeClock("2026-05-01T00:00:00.000Z");
  const api = setup({ profile: "cinode", clock });
  const record = api.fake.tokens.get(TOKEN);
  expect(record?.audience).toBe(CINODE_AUDIENCE);
  expect(record?.expiresAt?.toISOString()).toBe("2027-05-01T00:00:00.000Z");
  clock.advance(364 * DAY);
  expect((await api.get("/Users")).status).toBe(200);
  clock.advance(DAY);
  const expired = await api.get("/Users");
  expect(expired.status).toBe(401);
  expect(expired.headers["www-authenticate"]).toContain('error="invalid_token"');
});

it("refuses tokens issued for another audience or for none", async () => {
  const api = setup({ profile: "cinode" });
  const path = `${api.fake.basePath}/Users`;
  const wrong = api.fake.tokens.issue({ audience: "https://example.com/scim" });
  const none = api.fake.tokens.issue({ audience: null });
  const defaulted = api.fake.tokens.issue();
  expect((await request(api.fake.app).get(path).set("authorization", `Bearer ${wrong}`)).status).toBe(401);
  expect((await request(api.fake.app).get(path).set("authorization", `Bearer ${none}`)).status).toBe(401);
  expect((await request(api.fake.app).get(path).set("authorization", `Bearer ${defaulted}`)).status).toBe(
    200,
  );
});

it("keeps the user attributes of seeds 000/001 and drops others", async () => {
  const api = setup({ profile: "cinode" });
  const res = await api.post("/Users", {
    schemas: [USER_URN, ENTERPRISE_URN, CINODE_USER_EXTENSION],
    userName: "ada@example.com",
    externalId: "aad-object-id",
    active: true,
    name: { givenName: "Ada", familyName: "Lovelace" },
    title: "Consultant",
    addresses: [{ type: "work", locality: "Stockholm" }],
    phoneNumbers: [{ type: "work", value: "+46 8 123 456" }],
    emails: [{ type: "work", value: "ada@example.com" }],
    [ENTERPRISE_URN]: { employeeNumber: "1001", department: "R&D" },
    [CINODE_USER_EXTENSION]: { employmentStartDate: "2024-01-15" },
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    userName: "ada@example.com",
    externalId: "aad-object-id",
    name: { givenName: "Ada", familyName: "Lovelace" },
    title: "Consultant",
    addresses: [{ type: "work", locality: "Stockholm" }],
    phoneNumbers: [{ type: "work", value: "+46 8 123 456" }],
    [ENTERPRISE_URN]: { employeeNumber: "1001" },
    [CINODE_USER_EXTENSION]: { employmentStartDate: "2024-01-15" },
  });
  expect(res.body).not.toHaveProperty("emails");
  expect(res.body[ENTERPRISE_URN]).not.toHaveProperty("department");
});

it("groups are teams: displayName required and unique", async () => {
  const api = setup({ profile: "cinode" });
  const type = await api.get("/ResourceTypes/Group");
  expect(type.body.description).toBe("Cinode team");
  expect((await api.post("/Groups", { schemas: [GROUP_URN], members: [] })).status).toBe(400);
  await api.createGroup("Developers");
  const dup = await api.post("/Groups", { schemas: [GROUP_URN], displayName: "developers" });
  expect(dup.status).toBe(409);
  expect(dup.body.scimType).toBe("uniqueness");
});

it("deleting a team deactivates its members unless they are in another team (seed 002)", async () => {
  const api = setup({ profile: "cinode" });
  const [only, both] = [
    await api.createUser("only", { active: true }),
    await api.createUser("both", { active: true }),
  ];
  const team = await api.createGroup("Team A", [only, both]);
  await api.createGroup("Team B", [both]);
  expect((await api.del(`/Groups/${team}`)).status).toBe(204);
  expect((await api.get(`/Users/${only}`)).body.active).toBe(false);
  expect((await api.get(`/Users/${both}`)).body.active).toBe(true);
});

it("removing members from a team deactivates those left in no team (seed 002 disassociation)", async () => {
  const api = setup({ profile: "cinode" });
  const [a, b] = [await api.createUser("a", { active: true }), await api.createUser("b", { active: true })];
  const team = await api.createGroup("Team", [a, b]);
  const res = await api.patch(
    `/Groups/${team}`,
    patchBody({ op: "remove", path: `members[value eq "${a}"]` }),
  );
  expect(res.status).toBe(204);
  expect((await api.get(`/Users/${a}`)).body.active).toBe(false);
  expect((await api.get(`/Users/${b}`)).body.active).toBe(true);
});

it("the generic profile does not deactivate members of a deleted group", async () => {
  const api = setup();
  const a = await api.createUser("a", { active: true });
  const group = await api.createGroup("G", [a]);
  await api.del(`/Groups/${group}`);
  expect((await api.get(`/Users/${a}`)).body.active).toBe(true);
});

it("shows a member's teams in the user's readOnly groups", async () => {
  const api = setup({ profile: "cinode" });
  const a = await api.createUser("a", { active: true });
  const team = await api.createGroup("Team", [a]);
  const res = await api.get(`/Users/${a}`);
  expect(res.body.groups).toEqual([
    expect.objectContaining({ value: team, display: "Team", type: "direct" }),
  ]);
});
