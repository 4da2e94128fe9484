/**
 * The quirks of the whole gate (issue 15) that change list answers and error statuses: each changes exactly
 * what its row says, and the fake without it answers as RFC 7644 says.
 */
import { expect, it } from "vitest";
import { getQuirk } from "./catalogue.ts";
import { PATCH_URN, USER_URN, setup } from "../test-support.ts";

const q = (filter: string) => encodeURIComponent(filter);

async function threeUsers(api: ReturnType<typeof setup>) {
  for (const name of ["ga", "gb", "gc"]) await api.createUser(name);
}

it("items-per-page-count: itemsPerPage echoes count on a short page; without count, or without the quirk, it is the page size", async () => {
  for (const [quirks, expected] of [
    [["items-per-page-count"], 10],
    [[], 3],
  ] as const) {
    const api = setup({ quirks: [...quirks] });
    await threeUsers(api);
    const res = await api.get(`/Users?filter=${q('userName sw "g"')}&count=10`);
    expect([res.body.Resources.length, res.body.itemsPerPage]).toEqual([3, expected]);
    expect((await api.get(`/Users?filter=${q('userName sw "g"')}`)).body.itemsPerPage).toBe(3);
  }
});

it("projection-drops-schemas: resources projected with attributes= have no schemas; unprojected ones keep them", async () => {
  const api = setup({ quirks: ["projection-drops-schemas"] });
  const id = await api.createUser("pa");
  expect((await api.get(`/Users/${id}?attributes=userName`)).body.schemas).toBeUndefined();
  const list = await api.get(`/Users?filter=${q('userName eq "pa"')}&attributes=userName`);
  expect(list.body.schemas).toBeDefined();
  expect(list.body.Resources[0].schemas).toBeUndefined();
  expect((await api.get(`/Users/${id}`)).body.schemas).toBeDefined();
  expect((await setup().get(`/Users?attributes=userName`)).body.schemas).toBeDefined();
});

it("count-zero-ignored: count=0 returns every match; other counts are honoured", async () => {
  for (const [quirks, expected] of [
    [["count-zero-ignored"], 3],
    [[], 0],
  ] as const) {
    const api = setup({ quirks: [...quirks] });
    await threeUsers(api);
    const zero = await api.get(`/Users?filter=${q('userName sw "g"')}&count=0`);
    expect([zero.body.totalResults, zero.body.Resources?.length ?? 0]).toEqual([3, expected]);
    expect((await api.get(`/Users?filter=${q('userName sw "g"')}&count=1`)).body.Resources).toHaveLength(1);
  }
});

it("bad-input-500: a 400, 409, 415 or an unknown endpoint's 404 becomes a SCIM 500; with scimTypes or statuses, only those; other answers are unchanged", async () => {
  const api = setup({ quirks: ["bad-input-500"] });
  const id = await api.createUser("ba");
  const badFilter = await api.get(`/Users?filter=${q("userName eq")}`);
  expect([badFilter.status, badFilter.body.status]).toEqual([500, "500"]);
  expect((await api.get(`/Users/${id}`)).status).toBe(200);
  expect((await api.get(`/Users/no-such-id`)).status).toBe(404);
  expect((await api.get("/NoSuchEndpoint")).status).toBe(500);
  expect((await api.post("/Users", { schemas: [USER_URN], userName: "ba" })).status).toBe(500);
  const notFound = setup({ quirks: ["bad-input-500=404"] });
  expect((await notFound.get("/NoSuchEndpoint")).status).toBe(500);
  expect((await notFound.get("/Users/no-such-id")).status).toBe(500);
  expect((await notFound.get(`/Users?filter=${q("userName eq")}`)).status).toBe(400);
  const only = setup({ quirks: ["bad-input-500=invalidPath"] });
  const user = await only.createUser("bb");
  expect((await only.get(`/Users?filter=${q("userName eq")}`)).status).toBe(400);
  const path = await only.patch(`/Users/${user}`, {
    schemas: [PATCH_URN],
    Operations: [{ op: "replace", path: "1 not-a-path", value: "x" }],
  });
  expect(path.status).toBe(500);
  expect(() => getQuirk("bad-input-500=notAType")).toThrow(TypeError);
});

it("too-many-500: a filter whose matches do not fit on the page answers 500; with count, or fitting, it pages", async () => {
  const api = setup({ quirks: ["too-many-500"], maxResults: 2 });
  await threeUsers(api);
  expect((await api.get(`/Users?filter=${q('userName sw "g"')}`)).status).toBe(500);
  expect((await api.get(`/Users?filter=${q('userName eq "ga"')}`)).status).toBe(200);
  expect((await api.get(`/Users?filter=${q('userName sw "g"')}&count=2`)).status).toBe(200);
  const clean = setup({ maxResults: 2 });
  await threeUsers(clean);
  const page = await clean.get(`/Users?filter=${q('userName sw "g"')}`);
  expect([page.status, page.body.totalResults, page.body.Resources.length]).toEqual([200, 3, 2]);
  expect((await clean.get("/ServiceProviderConfig")).body.filter).toEqual({ supported: true, maxResults: 2 });
  expect(() => setup({ maxResults: 0 })).toThrow(TypeError);
});
