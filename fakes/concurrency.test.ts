import { afterEach, expect, it } from "vitest";
import { createFakeServiceProvider } from "./create-fake-service-provider.ts";
import type { FakeServiceProviderOptions, ListeningFake } from "./create-fake-service-provider.ts";
import { defineQuirk } from "./quirks/quirk.ts";
import { GROUP_URN, PATCH_URN, TOKEN, USER_URN } from "./test-support.ts";

const open: ListeningFake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };

/** Starts a real server, creates 50 users and an empty group, then sends 50 add-member PATCHes at once. */
async function fiftyConcurrentAdds(options: FakeServiceProviderOptions): Promise<number> {
  const fake = createFakeServiceProvider({ tokens: { value: TOKEN }, ...options });
  const listening = await fake.listen();
  open.push(listening);
  const post = async (path: string, body: unknown): Promise<string> => {
    const res = await fetch(`${listening.baseUrl}${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    return ((await res.json()) as { id: string }).id;
  };
  const userIds: string[] = [];
  for (let i = 0; i < 50; i++)
    userIds.push(await post("/Users", { schemas: [USER_URN], userName: `user${i}` }));
  const groupId = await post("/Groups", { schemas: [GROUP_URN], displayName: "Everyone" });
  const statuses = await Promise.all(
    userIds.map(async (value) => {
      const res = await fetch(`${listening.baseUrl}/Groups/${groupId}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({
          schemas: [PATCH_URN],
          Operations: [{ op: "add", path: "members", value: [{ value }] }],
        }),
      });
      return res.status;
    }),
  );
  expect(statuses.every((s) => s === 204)).toBe(true);
  const group = await fetch(`${listening.baseUrl}/Groups/${groupId}`, { headers });
  return (((await group.json()) as { members?: unknown[] }).members ?? []).length;
}

/** Makes every write wait a little between reading the resource and storing it. */
const slowCommit = (serialiseMutations: boolean) =>
  defineQuirk({
    id: serialiseMutations ? "slow-commit" : "slow-commit-unlocked",
    title: "Slow read-modify-write",
    bugIds: serialiseMutations ? [] : ["B8"],
    sources: ["https://github.com/fleetdm/fleet/issues/50724"],
    description: "Waits 5 ms before each store write.",
    serialiseMutations,
    hooks: {
      async beforeCommit(ctx, change) {
        await ctx.sleep(5);
        return change.after;
      },
    },
  });

it("50 concurrent membership PATCHes on one group lose no member", async () => {
  expect(await fiftyConcurrentAdds({})).toBe(50);
});

it("the per-resource lock holds even when every write yields between read and write", async () => {
  expect(await fiftyConcurrentAdds({ quirks: [slowCommit(true)] })).toBe(50);
});

it("without the lock, the same yielding writes lose members (the test above can fail)", async () => {
  expect(await fiftyConcurrentAdds({ quirks: [slowCommit(false)] })).toBeLessThan(50);
});
