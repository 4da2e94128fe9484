import { expect, it } from "vitest";
import { ERROR_URN, LIST_URN, setup } from "../test-support.ts";

const miss = `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`;

it("without the quirk a filter miss is 200 with an empty ListResponse", async () => {
  const api = setup();
  const res = await api.get(miss);
  expect(res.status).toBe(200);
  expect(res.body.totalResults).toBe(0);
});

it("with filter-miss-404 a filtered GET or .search with no match answers 404 (B9)", async () => {
  const api = setup({ quirks: ["filter-miss-404"] });
  const res = await api.get(miss);
  expect(res.status).toBe(404);
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: "404" });
  const search = await api.post("/Users/.search", { filter: 'userName eq "nobody"' });
  expect(search.status).toBe(404);
});

it("with filter-miss-404, hits, unfiltered empty lists and GET by id are unchanged", async () => {
  const api = setup({ quirks: ["filter-miss-404"] });
  const empty = await api.get("/Users");
  expect(empty.status).toBe(200);
  expect(empty.body).toEqual({
    schemas: [LIST_URN],
    totalResults: 0,
    startIndex: 1,
    itemsPerPage: 0,
    Resources: [],
  });
  await api.createUser("alice");
  const hit = await api.get(`/Users?filter=${encodeURIComponent('userName eq "alice"')}`);
  expect(hit.status).toBe(200);
  expect(hit.body.totalResults).toBe(1);
  expect((await api.get("/Groups")).status).toBe(200);
  expect((await api.get("/Users/unknown-id")).status).toBe(404);
});
