import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";

it('with members-filter-unparsed, remove members[value eq "id"] answers 400 invalidPath (B25)', async () => {
  const api = setup({ quirks: ["members-filter-unparsed"] });
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a, b]);
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "remove", path: `members[value eq "${a}"]` }),
  );
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidPath");
  expect(await memberIdsOf(api, group)).toEqual([a, b].sort());
});

it("with members-filter-unparsed, value-array add and remove still work", async () => {
  const api = setup({ quirks: ["members-filter-unparsed"] });
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a]);
  await api.patch(`/Groups/${group}`, patchBody({ op: "add", path: "members", value: [{ value: b }] }));
  await api.patch(`/Groups/${group}`, patchBody({ op: "remove", path: "members", value: [{ value: a }] }));
  expect(await memberIdsOf(api, group)).toEqual([b]);
});
