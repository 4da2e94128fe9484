import { expect, it } from "vitest";
import { LIST_URN, USER_URN, setup } from "../test-support.ts";

it("with paging-strings, list paging values are strings; without it, integers", async () => {
  const clean = setup();
  await clean.createUser("alice");
  expect((await clean.get("/Users?startIndex=1&count=2")).body).toMatchObject({
    totalResults: 1,
    startIndex: 1,
  });
  const api = setup({ quirks: ["paging-strings"] });
  await api.createUser("alice");
  const res = await api.get("/Users?startIndex=1&count=2");
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ totalResults: "1", startIndex: "1", itemsPerPage: "1" });
  expect(res.body.Resources).toHaveLength(1);
});

it("with paging-restarts, the second unfiltered page repeats the first; filtered lists keep startIndex", async () => {
  const api = setup({ quirks: ["paging-restarts"] });
  for (const name of ["a", "b", "c"]) await api.createUser(name);
  const first = await api.get("/Users?startIndex=1&count=2");
  const second = await api.get("/Users?startIndex=3&count=2");
  const names = (r: typeof first) => (r.body.Resources as { userName: string }[]).map((u) => u.userName);
  expect(names(second)).toEqual(names(first));
  const filtered = await api.get(`/Users?filter=${encodeURIComponent('userName eq "c"')}&startIndex=2`);
  expect(filtered.body.Resources ?? []).toEqual([]);
  const clean = setup();
  for (const name of ["a", "b", "c"]) await clean.createUser(name);
  expect(names(await clean.get("/Users?startIndex=3&count=2"))).toEqual(["c"]);
});

it("with get-user-as-list, GET /Users/{id} is a ListResponse holding the user; lists are unchanged", async () => {
  const api = setup({ quirks: ["get-user-as-list"] });
  const id = await api.createUser("alice");
  const res = await api.get(`/Users/${id}`);
  expect(res.body).toMatchObject({
    schemas: [LIST_URN],
    totalResults: 1,
    Resources: [{ id, userName: "alice" }],
  });
  expect((await api.get("/Users")).body.Resources[0]).toMatchObject({ id });
});

it("with password-rejected, a create with a password is 400; without one it is created", async () => {
  const api = setup({ quirks: ["password-rejected"] });
  const refused = await api.post("/Users", { schemas: [USER_URN], userName: "alice", password: "x1" });
  expect(refused.status).toBe(400);
  expect(refused.body.detail).toMatch(/password/);
  const ok = await api.post("/Users", { schemas: [USER_URN], userName: "alice" });
  expect(ok.status).toBe(201);
  const clean = setup();
  expect((await clean.post("/Users", { schemas: [USER_URN], userName: "bob", password: "x1" })).status).toBe(
    201,
  );
});
