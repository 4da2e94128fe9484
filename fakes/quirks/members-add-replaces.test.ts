import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";

it("with members-add-replaces, adding a member wipes the existing ones (B7)", async () => {
  const api = setup({ quirks: ["members-add-replaces"] });
  const [a, b, c] = [await api.createUser("a"), await api.createUser("b"), await api.createUser("c")];
  const group = await api.createGroup("G", [a, b]);
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "Add", path: "members", value: [{ value: c }] }),
  );
  expect(res.status).toBe(204);
  expect(await memberIdsOf(api, group)).toEqual([c]);
});

it("with members-add-replaces, remove and adds to other attributes are unchanged", async () => {
  const api = setup({ quirks: ["members-add-replaces"] });
  const [a, b] = [
    await api.createUser("a", { emails: [{ value: "a@home", type: "home" }] }),
    await api.createUser("b"),
  ];
  const group = await api.createGroup("G", [a, b]);
  await api.patch(`/Groups/${group}`, patchBody({ op: "remove", path: `members[value eq "${a}"]` }));
  expect(await memberIdsOf(api, group)).toEqual([b]);
  const res = await api.patch(
    `/Users/${a}`,
    patchBody({ op: "add", path: "emails", value: [{ value: "a@work", type: "work" }] }),
  );
  expect(res.body.emails).toHaveLength(2);
});
