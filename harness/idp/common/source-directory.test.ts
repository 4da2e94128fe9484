import { expect, it } from "vitest";
import { entraModel } from "../entra/entra-model.ts";
import { testState } from "../plan-driver.test-support.ts";
import { applySourceChange } from "./source-directory.ts";

const fresh = () =>
  testState(
    entraModel,
    {},
    { users: { ann: {}, ben: { assigned: true } }, groups: { eng: { members: ["ann"] } } },
  );

it("applySourceChange: assignment, attributes, enablement and membership change in the source only", () => {
  const state = fresh();
  expect(applySourceChange(state, { do: "assignUser", user: "ann" })).toBe(true);
  expect(applySourceChange(state, { do: "updateUser", user: "ann", set: { title: "Lead" } })).toBe(true);
  expect(applySourceChange(state, { do: "disableUser", user: "ben" })).toBe(true);
  expect(applySourceChange(state, { do: "unassignUser", user: "ben" })).toBe(true);
  expect(applySourceChange(state, { do: "addMembers", group: "eng", users: ["ben"] })).toBe(true);
  expect(applySourceChange(state, { do: "removeMembers", group: "eng", users: ["ann"] })).toBe(true);
  expect(applySourceChange(state, { do: "renameGroup", group: "eng", to: "platform" })).toBe(true);
  expect(state.users.get("ann")).toMatchObject({ assigned: true, source: { title: "Lead" } });
  expect(state.users.get("ben")).toMatchObject({ assigned: false, source: { active: false } });
  expect([...state.groups.get("eng")!.members]).toEqual(["ben"]);
  expect(state.groups.get("eng")!.displayName).toBe("scimh-test-platform");
  expect(state.users.get("ann")?.targetId).toBeUndefined();
});

it("applySourceChange: deletions and a group's unassignment are not replayed by a later cycle", () => {
  const state = fresh();
  expect(applySourceChange(state, { do: "deleteUser", user: "ann" })).toBe(false);
  expect(applySourceChange(state, { do: "deleteGroup", group: "eng" })).toBe(false);
  expect(applySourceChange(state, { do: "disassociateGroup", group: "eng" })).toBe(false);
  expect(() => applySourceChange(state, { do: "assignUser", user: "nobody" })).toThrow(
    /unknown user fixture/,
  );
});
