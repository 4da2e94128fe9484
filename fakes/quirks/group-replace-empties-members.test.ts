import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";
import type { TestApi } from "../test-support.ts";

const pathlessRename = patchBody({ op: "replace", value: { displayName: "Renamed" } });

async function groupOfTwo(api: TestApi): Promise<{ group: string; ids: string[] }> {
  const ids = [await api.createUser("a"), await api.createUser("b")];
  return { group: await api.createGroup("G", ids), ids };
}

it("without the quirk, a path-less rename keeps the members", async () => {
  const api = setup();
  const { group, ids } = await groupOfTwo(api);
  await api.patch(`/Groups/${group}`, pathlessRename);
  expect(await memberIdsOf(api, group)).toEqual([...ids].sort());
});

it("with group-replace-empties-members, a path-less rename renames and empties the group (B6)", async () => {
  const api = setup({ quirks: ["group-replace-empties-members"] });
  const { group } = await groupOfTwo(api);
  const res = await api.patch(`/Groups/${group}`, pathlessRename);
  expect(res.status).toBe(204);
  expect((await api.get(`/Groups/${group}`)).body.displayName).toBe("Renamed");
  expect(await memberIdsOf(api, group)).toEqual([]);
});

it("with group-replace-empties-members, replace displayName by path and user replaces are unchanged", async () => {
  const api = setup({ quirks: ["group-replace-empties-members"] });
  const { group, ids } = await groupOfTwo(api);
  await api.patch(`/Groups/${group}`, patchBody({ op: "Replace", path: "displayName", value: "R2" }));
  expect(await memberIdsOf(api, group)).toEqual([...ids].sort());
  const user = ids[0] ?? "";
  const res = await api.patch(`/Users/${user}`, patchBody({ op: "replace", value: { title: "T" } }));
  expect(res.body.title).toBe("T");
  expect(await memberIdsOf(api, group)).toEqual([...ids].sort());
});
