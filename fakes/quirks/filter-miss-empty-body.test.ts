import { expect, it } from "vitest";
import { setup } from "../test-support.ts";

const filtered = (userName: string): string =>
  `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

it("with filter-miss-empty-body, a filter miss answers 200 with an empty body (B9)", async () => {
  const api = setup({ quirks: ["filter-miss-empty-body"] });
  const res = await api.get(filtered("nobody"));
  expect(res.status).toBe(200);
  expect(res.text).toBe("");
  const search = await api.post("/Users/.search", { filter: 'userName eq "nobody"' });
  expect(search.status).toBe(200);
  expect(search.text).toBe("");
});

it("with filter-miss-empty-body, hits and unfiltered empty lists still have a ListResponse", async () => {
  const api = setup({ quirks: ["filter-miss-empty-body"] });
  expect((await api.get("/Groups")).body.totalResults).toBe(0);
  await api.createUser("alice");
  const hit = await api.get(filtered("alice"));
  expect(hit.body.totalResults).toBe(1);
  expect(hit.body.Resources[0].userName).toBe("alice");
});
