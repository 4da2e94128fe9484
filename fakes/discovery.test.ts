import { expect, it } from "vitest";
import { ENTERPRISE_URN, GROUP_URN, LIST_URN, USER_URN, setup } from "./test-support.ts";

it("/ServiceProviderConfig: PATCH and ETags supported, bulk, sort and changePassword not", async () => {
  const api = setup();
  const res = await api.get("/ServiceProviderConfig");
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
  expect(res.body).toMatchObject({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    patch: { supported: true },
    bulk: { supported: false },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
  });
  expect(res.body.authenticationSchemes[0].type).toBe("oauthbearertoken");
  expect(res.body.meta.location).toMatch(/\/scim\/v2\/ServiceProviderConfig$/);
});

it("/Schemas lists User, EnterpriseUser and Group; /Schemas/{id} returns one", async () => {
  const api = setup();
  const list = await api.get("/Schemas");
  expect(list.body.schemas).toEqual([LIST_URN]);
  expect(list.body.Resources.map((s: { id: string }) => s.id).sort()).toEqual(
    [GROUP_URN, ENTERPRISE_URN, USER_URN].sort(),
  );
  const user = await api.get(`/Schemas/${USER_URN}`);
  expect(user.status).toBe(200);
  expect(user.body.id).toBe(USER_URN);
  expect(user.body.attributes.find((a: { name: string }) => a.name === "userName")).toMatchObject({
    required: true,
    uniqueness: "server",
  });
  expect((await api.get("/Schemas/urn:nope")).status).toBe(404);
});

it("/ResourceTypes lists User (with the enterprise extension) and Group; /ResourceTypes/{id} returns one", async () => {
  const api = setup();
  const list = await api.get("/ResourceTypes");
  expect(list.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
  const user = await api.get("/ResourceTypes/User");
  expect(user.body).toMatchObject({
    id: "User",
    endpoint: "/Users",
    schema: USER_URN,
    schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }],
  });
  expect((await api.get("/ResourceTypes/Widget")).status).toBe(404);
});

it("discovery endpoints need the bearer token and accept GET only", async () => {
  const api = setup();
  const { default: request } = await import("supertest");
  expect((await request(api.fake.app).get("/scim/v2/Schemas")).status).toBe(401);
  expect((await api.post("/ServiceProviderConfig", {})).status).toBe(405);
});

it("/ServiceProviderConfig is served without credentials (RFC 7643 §5); a bad token and the other endpoints still get 401", async () => {
  const api = setup();
  const { default: request } = await import("supertest");
  const anonymous = await request(api.fake.app).get("/scim/v2/ServiceProviderConfig");
  expect(anonymous.status).toBe(200);
  expect(anonymous.body.authenticationSchemes).toEqual([
    expect.objectContaining({ type: "oauthbearertoken" }),
  ]);
  const wrong = await request(api.fake.app)
    .get("/scim/v2/ServiceProviderConfig")
    .set("authorization", "Bearer not-a-token");
  expect(wrong.status).toBe(401);
  for (const path of ["/ResourceTypes", "/Users", "/Groups"])
    expect((await request(api.fake.app).get(`/scim/v2${path}`)).status).toBe(401);
});
