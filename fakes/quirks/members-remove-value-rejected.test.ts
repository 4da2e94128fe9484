import { expect, it } from "vitest";
import { memberIdsOf, patchBody, setup } from "../test-support.ts";

it("with members-remove-value-rejected, a value-array remove answers 400 and keeps every member (B4)", async () => {
  const api = setup({ quirks: ["members-remove-value-rejected"] });
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a, b]);
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "Remove", path: "members", value: [{ value: a }] }),
  );
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
  expect(res.body.detail).toContain("values must not be set for remove operation");
  expect(await memberIdsOf(api, group)).toEqual([a, b].sort());
});

it("with members-remove-value-rejected, filtered removal still removes the one member", async () => {
  const api = setup({ quirks: ["members-remove-value-rejected"] });
  const [a, b] = [await api.createUser("a"), await api.createUser("b")];
  const group = await api.createGroup("G", [a, b]);
  const res = await api.patch(
    `/Groups/${group}`,
    patchBody({ op: "remove", path: `members[value eq "${a}"]` }),
  );
  expect(res.status).toBe(204);
  expect(await memberIdsOf(api, group)).toEqual([b]);
});
