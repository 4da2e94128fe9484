import { expect, it } from "vitest";
import { PATCH_URN, TOKEN, memberIdsOf, patchBody, setup } from "../test-support.ts";
import type { TestApi } from "../test-support.ts";

async function twentyUsersAndAGroup(api: TestApi): Promise<{ users: string[]; group: string }> {
  const users: string[] = [];
  for (let i = 0; i < 20; i++) users.push(await api.createUser(`u${i}`));
  return { users, group: await api.createGroup("G") };
}

/** Sends one add-member PATCH per user, all at once, through the transport-neutral pipeline. */
async function addAllAtOnce(api: TestApi, group: string, users: string[]): Promise<number[]> {
  const url = new URL(`http://127.0.0.1${api.fake.basePath}/Groups/${group}`);
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };
  const responses = await Promise.all(
    users.map((value) =>
      api.fake.handle({
        method: "PATCH",
        url,
        headers,
        body: new TextEncoder().encode(
          JSON.stringify({
            schemas: [PATCH_URN],
            Operations: [{ op: "add", path: "members", value: [{ value }] }],
          }),
        ),
      }),
    ),
  );
  return responses.map((r) => r.status);
}

it("without the quirk, 20 concurrent add-member PATCHes keep all 20 members", async () => {
  const api = setup();
  const { users, group } = await twentyUsersAndAGroup(api);
  await addAllAtOnce(api, group, users);
  expect(await memberIdsOf(api, group)).toHaveLength(20);
});

it("with concurrent-patch-loses-members, every PATCH succeeds but members are lost (B8)", async () => {
  const api = setup({ quirks: ["concurrent-patch-loses-members"] });
  const { users, group } = await twentyUsersAndAGroup(api);
  const statuses = await addAllAtOnce(api, group, users);
  expect(statuses.every((s) => s === 204)).toBe(true);
  expect((await memberIdsOf(api, group)).length).toBeLessThan(20);
});

it("with concurrent-patch-loses-members=1, sequential PATCHes lose nothing", async () => {
  const api = setup({ quirks: ["concurrent-patch-loses-members=1"] });
  const { users, group } = await twentyUsersAndAGroup(api);
  for (const value of users.slice(0, 5)) {
    await api.patch(`/Groups/${group}`, patchBody({ op: "add", path: "members", value: [{ value }] }));
  }
  expect(await memberIdsOf(api, group)).toEqual(users.slice(0, 5).sort());
});
