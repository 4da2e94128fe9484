import { expect, it } from "vitest";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import { createFakeClock } from "../clock.ts";
import { createMemoryStore } from "./memory-store.ts";
import type { MemoryStore } from "./memory-store.ts";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const newStore = (options: { groupDisplayNameUnique?: boolean } = {}): MemoryStore => {
  let n = 0;
  return createMemoryStore({
    clock: createFakeClock("2026-01-01T00:00:00Z"),
    idGenerator: () => `id${++n}`,
    ...options,
  });
};
const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  ...extra,
});
const find = (store: MemoryStore, filter: string) =>
  store.find("User", parseFilter(filter), USER_RESOURCE_TYPE).map((u) => u["userName"]);

it("assigns ids and meta; replace keeps created and bumps version", () => {
  const store = newStore();
  const created = store.create("User", user("a"));
  expect(created).toMatchObject({
    id: "id1",
    meta: { resourceType: "User", version: 'W/"1"', created: "2026-01-01T00:00:00.000Z" },
  });
  const replaced = store.replace("User", "id1", { ...user("a2"), id: "ignored" });
  expect(replaced).toMatchObject({
    id: "id1",
    userName: "a2",
    meta: { version: 'W/"2"', created: "2026-01-01T00:00:00.000Z" },
  });
});

it("keeps userName unique case-insensitively, also on replace", () => {
  const store = newStore();
  store.create("User", user("Alice"));
  const bob = store.create("User", user("bob"));
  expect(() => store.create("User", user("ALICE"))).toThrow(
    expect.objectContaining({ status: 409, scimType: "uniqueness" }),
  );
  expect(() => store.replace("User", String(bob["id"]), user("alice"))).toThrow(
    expect.objectContaining({ status: 409 }),
  );
  expect(store.replace("User", String(bob["id"]), user("Bob")).userName).toBe("Bob");
});

it("answers indexed lookups consistently with the evaluator (and/or, URN-qualified, after renames)", () => {
  const store = newStore();
  store.create("User", user("Alice", { externalId: "E1", title: "x" }));
  store.create("User", user("bob", { externalId: "e1" }));
  expect(find(store, 'userName eq "ALICE"')).toEqual(["Alice"]);
  expect(find(store, `${USER}:userName eq "bob"`)).toEqual(["bob"]);
  expect(find(store, 'externalId eq "e1"')).toEqual(["bob"]);
  expect(find(store, 'userName eq "alice" and title eq "x"')).toEqual(["Alice"]);
  expect(find(store, 'userName eq "alice" and title eq "y"')).toEqual([]);
  expect(find(store, 'userName eq "bob" or externalId eq "E1"')).toEqual(["Alice", "bob"]);
  expect(find(store, 'id eq "id2"')).toEqual(["bob"]);
  store.replace("User", "id1", user("Carol"));
  expect(find(store, 'userName eq "alice"')).toEqual([]);
  expect(find(store, 'userName eq "carol"')).toEqual(["Carol"]);
});

it("tracks memberships for groupsOf and cleans them up on delete", () => {
  const store = newStore();
  const a = String(store.create("User", user("a"))["id"]);
  const g = String(store.create("Group", { displayName: "G", members: [{ value: a }, { value: a }] })["id"]);
  expect(store.get("Group", g)?.["members"]).toEqual([{ value: a, type: "User" }]);
  expect(store.groupsOf(a)).toEqual([g]);
  expect(store.delete("User", a)).toEqual({ removedFrom: [g], formerMembers: [] });
  expect(store.get("Group", g)?.["members"]).toEqual([]);
  expect(store.get("Group", g)?.["meta"]).toMatchObject({ version: 'W/"2"' });
  expect(store.delete("User", a)).toBeUndefined();
});

it("enforces group displayName uniqueness only when asked", () => {
  const unique = newStore({ groupDisplayNameUnique: true });
  unique.create("Group", { displayName: "Team" });
  expect(() => unique.create("Group", { displayName: "team" })).toThrow(
    expect.objectContaining({ status: 409 }),
  );
  const free = newStore();
  free.create("Group", { displayName: "Team" });
  free.create("Group", { displayName: "team" });
  expect(free.find("Group", parseFilter('displayName eq "TEAM"'), GROUP_RESOURCE_TYPE)).toHaveLength(2);
});

it("answers an indexed userName lookup at 100k users much faster than a scan", () => {
  const store = newStore();
  for (let i = 0; i < 100_000; i++) store.create("User", user(`user${i}@example.com`, { title: `t${i}` }));
  const time = (filter: string, runs: number): number => {
    const node = parseFilter(filter);
    const start = performance.now();
    for (let i = 0; i < runs; i++) store.find("User", node, USER_RESOURCE_TYPE);
    return (performance.now() - start) / runs;
  };
  const indexed = time('userName eq "USER99999@example.com"', 200);
  const scanned = time('title eq "t99999"', 3);
  expect(
    store.find("User", parseFilter('userName eq "user99999@example.com"'), USER_RESOURCE_TYPE),
  ).toHaveLength(1);
  expect(indexed).toBeLessThan(1);
  expect(scanned / indexed).toBeGreaterThan(100);
}, 60_000);
