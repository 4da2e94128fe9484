import { expect, it } from "vitest";
import { setup } from "../test-support.ts";
import { filterEqOnly } from "./filter-eq-only.ts";

const list = (api: ReturnType<typeof setup>, filter: string) =>
  api.get(`/Users?filter=${encodeURIComponent(filter)}`);

it("with filter-eq-only, eq joined with and / or answers 200 with the matches", async () => {
  const api = setup({ quirks: [filterEqOnly] });
  const a = await api.createUser("a@example.com", { externalId: "x" });
  await api.createUser("b@example.com");
  const one = await list(api, 'userName eq "a@example.com"');
  expect(one.status).toBe(200);
  expect(one.body.Resources.map((r: { id: string }) => r.id)).toEqual([a]);
  const both = await list(api, 'userName eq "a@example.com" or userName eq "b@example.com"');
  expect(both.body.totalResults).toBe(2);
  expect((await list(api, 'userName eq "a@example.com" and externalId eq "x"')).body.totalResults).toBe(1);
});

it.each([
  'userName sw "a"',
  'userName ne "a"',
  "title pr",
  'not (userName eq "a")',
  'emails[type eq "work"]',
])("with filter-eq-only, %s answers 400 invalidFilter (GET and POST .search)", async (filter) => {
  const api = setup({ quirks: [filterEqOnly] });
  const res = await list(api, filter);
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidFilter");
  const search = await api.post("/Users/.search", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    filter,
  });
  expect(search.status).toBe(400);
  expect(search.body.scimType).toBe("invalidFilter");
});

it("without the quirk sw answers 200; with it an unauthenticated filtered list is still 401", async () => {
  const clean = setup();
  expect((await list(clean, 'userName sw "a"')).status).toBe(200);
  const api = setup({ quirks: [filterEqOnly] });
  const wrong = await api.get(`/Users?filter=${encodeURIComponent('userName sw "a"')}`, {
    authorization: "Bearer wrong",
  });
  expect(wrong.status).toBe(401);
});
