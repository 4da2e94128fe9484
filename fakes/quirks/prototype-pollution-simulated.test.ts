import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();

it("without the quirk, a __proto__ dotted key answers 400", async () => {
  const api = setup();
  const id = await api.createUser("alice");
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", value: { "__proto__.isAdmin": true } }),
  );
  expect(res.status).toBe(400);
});

it("with prototype-pollution-simulated, every resource then shows the polluted key; our prototype is untouched (B18)", async () => {
  const api = setup({ quirks: ["prototype-pollution-simulated"] });
  const [alice, bob] = [await api.createUser("alice"), await api.createUser("bob")];
  const group = await api.createGroup("G");
  const res = await api.patch(
    `/Users/${alice}`,
    patchBody({ op: "replace", value: { "__proto__.isAdmin": true, title: "T" } }),
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ title: "T", isAdmin: true });
  expect((await api.get(`/Users/${bob}`)).body.isAdmin).toBe(true);
  expect((await api.get(`/Groups/${group}?excludedAttributes=members`)).body.isAdmin).toBe(true);
  expect((await api.get("/Users")).body.Resources.map((u: { isAdmin?: boolean }) => u.isAdmin)).toEqual([
    true,
    true,
  ]);
  expect(({} as Record<string, unknown>)["isAdmin"]).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
});

it("with prototype-pollution-simulated, ordinary dotted keys apply and nothing is polluted", async () => {
  const api = setup({ quirks: ["prototype-pollution-simulated"] });
  const id = await api.createUser("alice");
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", value: { "name.givenName": "Al" } }),
  );
  expect(res.body.name).toEqual({ givenName: "Al" });
  expect(res.body).not.toHaveProperty("isAdmin");
});
