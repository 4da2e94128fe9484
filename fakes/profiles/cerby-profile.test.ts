import request from "supertest";
import { expect, it } from "vitest";
import { TOKEN, USER_URN, patchBody, setup } from "../test-support.ts";

const valid = {
  schemas: [USER_URN],
  userName: "ada@example.com",
  active: true,
  emails: [{ type: "work", value: "ada@example.com", primary: true }],
  name: { givenName: "Ada", familyName: "Lovelace" },
};

it("serves Users only under /v1/scim/v2: /Groups is 404 (seed 003)", async () => {
  const api = setup({ profile: "cerby" });
  expect(api.fake.basePath).toBe("/v1/scim/v2");
  expect((await api.get("/Users")).status).toBe(200);
  const groups = await api.get("/Groups");
  expect(groups.status).toBe(404);
  expect(groups.body.status).toBe("404");
  const types = await api.get("/ResourceTypes");
  expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User"]);
});

it("creates a user that has every attribute Cerby requires", async () => {
  const api = setup({ profile: "cerby" });
  const res = await api.post("/Users", { ...valid, phoneNumbers: [{ value: "1" }] });
  expect(res.status).toBe(201);
  expect(res.body.emails).toEqual([{ type: "work", value: "ada@example.com", primary: true }]);
  expect(res.body).not.toHaveProperty("phoneNumbers");
});

it("answers 400 invalidValue naming the missing attribute", async () => {
  const api = setup({ profile: "cerby" });
  const cases: [Record<string, unknown>, string][] = [
    [{ ...valid, emails: undefined }, 'emails[type eq "work"].value'],
    [{ ...valid, emails: [{ type: "home", value: "ada@home.example" }] }, 'emails[type eq "work"].value'],
    [{ ...valid, name: { familyName: "Lovelace" } }, "name.givenName"],
    [{ ...valid, name: { givenName: "Ada" } }, "name.familyName"],
    [{ ...valid, active: undefined }, "active"],
  ];
  for (const [body, attribute] of cases) {
    const res = await api.post("/Users", body);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidValue");
    expect(res.body.detail).toContain(`"${attribute}"`);
  }
});

it("applies the same rules to PATCH results", async () => {
  const api = setup({ profile: "cerby" });
  const id = (await api.post("/Users", valid)).body.id as string;
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "remove", path: "name.givenName" }));
  expect(res.status).toBe(400);
  expect(res.body.detail).toContain('"name.givenName"');
  const ok = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", path: "name.givenName", value: "Augusta" }),
  );
  expect(ok.status).toBe(200);
  expect(ok.body.name.givenName).toBe("Augusta");
});

it("publishes the required attributes in /Schemas", async () => {
  const api = setup({ profile: "cerby" });
  const schema = await api.get(`/Schemas/${USER_URN}`);
  const byName = new Map(schema.body.attributes.map((a: { name: string }) => [a.name, a]));
  expect(byName.get("emails")).toMatchObject({ required: true });
  expect(byName.get("name")).toMatchObject({
    required: true,
    subAttributes: [
      expect.objectContaining({ name: "familyName", required: true }),
      expect.objectContaining({ name: "givenName", required: true }),
    ],
  });
  expect([...byName.keys()].sort()).toEqual(["active", "emails", "name", "userName"]);
  expect(
    (await request(api.fake.app).get("/scim/v2/Users").set("authorization", `Bearer ${TOKEN}`)).status,
  ).toBe(404);
});

it("answers 400, not 500, for an email whose type is not a string (fuzz regression)", async () => {
  const api = setup({ profile: "cerby" });
  const res = await api.post("/Users", {
    ...valid,
    emails: [{ type: { toString: 0 }, value: "ada@example.com" }],
  });
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
});
