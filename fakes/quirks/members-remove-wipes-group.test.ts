import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";
import type { TestApi } from "../test-support.ts";

async function groupOfThree(api: TestApi): Promise<{ group: string; ids: string[] }> {
  const ids = [await api.createUser("a"), await api.createUser("b"), await api.createUser("c")];
  return { group: await api.createGroup("G", ids), ids };
}

it("without the quirk, a value-array remove takes out only the listed member", async () => {
  const api = setup();
  const { group, ids } = await groupOfThree(api);
  await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "Remove", path: "members", value: [{ value: ids[0] }] }),
  );
  expect(await memberIdsOf(api, group)).toEqual([ids[1], ids[2]].sort());
});

it("with members-remove-wipes-group, a value-array remove empties the group (B4)", async () => {
  const api = setup({ quirks: ["members-remove-wipes-group"] });
  const { group, ids } = await groupOfThree(api);
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "Remove", path: "members", value: [{ value: ids[0] }] }),
  );
  expect(res.status).toBe(204);
  expect(await memberIdsOf(api, group)).toEqual([]);
});

it("with members-remove-wipes-group, filtered removal and add are unchanged", async () => {
  const api = setup({ quirks: ["members-remove-wipes-group"] });
  const { group, ids } = await groupOfThree(api);
  await api.patch(`/Groups/${group}`, patchBody({ op: "remove", path: `members[value eq "${ids[0]}"]` }));
  expect(await memberIdsOf(api, group)).toEqual([ids[1], ids[2]].sort());
  const d = await api.createUser("d");
  await api.patch(`/Groups/${group}`, patchBody({ op: "add", path: "members", value: [{ value: d }] }));
  expect(await memberIdsOf(api, group)).toEqual([ids[1], ids[2], d].sort());
});
