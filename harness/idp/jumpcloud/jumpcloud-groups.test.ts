import { expect, it } from "vitest";
import { drivePlan, listResponse, reply, testState } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { jumpCloudModel } from "./jumpcloud-model.ts";
import { api, GROUP, line, PATCH_OP, state } from "./jumpcloud.fixtures.ts";

it("no empty groups: binding a group without members sends nothing and says so [J4]", () => {
  const run = drivePlan(jumpCloudModel, { do: "assignGroup", group: "ops" }, state(), api);
  expect(run.requests).toEqual([]);
  expect(run.notes.join(" ")).toMatch(/empty groups are not created \[J4\]/);
});

it("JC5: the first member pushes the group: lookup by name (inferred), POST /Groups, add by value array [J7]", () => {
  const s = state();
  drivePlan(jumpCloudModel, { do: "assignGroup", group: "ops" }, s, api);
  const run = drivePlan(jumpCloudModel, { do: "addMembers", group: "ops", users: ["bob"] }, s, api);
  expect(run.requests.map(line)).toEqual([
    "GET /Users?filter=userName%20eq%20%22bob%40contoso.com%22",
    "POST /Users",
    "GET /Groups?filter=displayName%20eq%20%22Ops%22",
    "POST /Groups",
    "PATCH /Groups/g-1",
  ]);
  expect(run.requests[3]?.body).toEqual({ displayName: "Ops", schemas: [GROUP] });
  expect(run.requests[4]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "add", path: "members", value: [{ value: "u-bob" }] }],
  });
});

it("JC5 takeover: an existing group of the same name is adopted, not created [J4]", () => {
  const s = state();
  s.linkUser("alice", "u-alice");
  const existing = routes(
    ["GET", /^\/Groups\?/, reply(200, listResponse([{ id: "g-old", displayName: "Eng" }]))],
    ["PATCH", "/Groups/g-old", reply(204)],
  );
  const run = drivePlan(jumpCloudModel, { do: "assignGroup", group: "eng" }, s, existing);
  expect(run.requests.map(line)).toEqual([
    "GET /Groups?filter=displayName%20eq%20%22Eng%22",
    "PATCH /Groups/g-old",
  ]);
  expect(s.groups.get("eng")?.targetId).toBe("g-old");
});

it("JC6: removal by value array [J7] [J8]; the member without another managed group is deactivated (inferred)", () => {
  const s = state();
  drivePlan(jumpCloudModel, { do: "assignGroup", group: "eng" }, s, api);
  const run = drivePlan(jumpCloudModel, { do: "removeMembers", group: "eng", users: ["alice"] }, s, api);
  expect(run.requests.map(line)).toEqual(["PATCH /Groups/g-1", "PUT /Users/u-alice"]);
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "remove", path: "members", value: [{ value: "u-alice" }] }],
  });
  expect(run.requests[1]?.body).toMatchObject({ active: false });
});

it("JC7: rename by PATCH (default) or by PUT of the whole group with its members", () => {
  for (const [method, expected] of [
    [
      "patch",
      {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "displayName", value: "scimh-test-Platform" }],
      },
    ],
    [
      "put",
      { displayName: "scimh-test-Platform", id: "g-1", members: [{ value: "u-alice" }], schemas: [GROUP] },
    ],
  ] as const) {
    const s = state({ renameMethod: method });
    drivePlan(jumpCloudModel, { do: "assignGroup", group: "eng" }, s, api);
    const run = drivePlan(jumpCloudModel, { do: "renameGroup", group: "eng", to: "Platform" }, s, api);
    expect(run.requests.map((r) => r.method)).toEqual([method.toUpperCase()]);
    expect(run.requests[0]?.body).toEqual(expected);
    expect(run.requests[0]?.inferred).toBe(true);
  }
});

it("JC8: delete the group, then deactivate members not covered by another managed group (seed 002)", () => {
  const s = testState(
    jumpCloudModel,
    {},
    {
      users: { alice: {}, bob: {} },
      groups: {
        eng: { displayName: "Eng", members: ["alice", "bob"] },
        ops: { displayName: "Ops", members: ["bob"] },
      },
    },
  );
  drivePlan(jumpCloudModel, { do: "assignGroup", group: "eng" }, s, api);
  drivePlan(
    jumpCloudModel,
    { do: "assignGroup", group: "ops" },
    s,
    routes(
      ["GET", /^\/Groups\?/, reply(200, listResponse([]))],
      ["POST", "/Groups", reply(201, { id: "g-2" })],
      ["PATCH", /./, reply(204)],
    ),
  );
  const run = drivePlan(jumpCloudModel, { do: "deleteGroup", group: "eng" }, s, api);
  expect(run.requests.map(line)).toEqual(["DELETE /Groups/g-1", "PUT /Users/u-alice"]);
  expect(run.requests[1]?.body).toMatchObject({ active: false });
});

it("JC9: disassociate sends no group request; uncovered members are deactivated (seed 002)", () => {
  const s = state({ deactivateMethod: "patch" });
  drivePlan(jumpCloudModel, { do: "assignGroup", group: "eng" }, s, api);
  const run = drivePlan(jumpCloudModel, { do: "disassociateGroup", group: "eng" }, s, api);
  expect(run.requests.map(line)).toEqual(["PATCH /Users/u-alice"]);
  expect(run.requests.some((r) => r.path.startsWith("/Groups"))).toBe(false);
});

it("a directly bound user stays active when its group is disassociated", () => {
  const s = state();
  drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, s, api);
  drivePlan(jumpCloudModel, { do: "assignGroup", group: "eng" }, s, api);
  const run = drivePlan(jumpCloudModel, { do: "disassociateGroup", group: "eng" }, s, api);
  expect(run.requests).toEqual([]);
});

it("B25 memberRemoval filter: one remove per member on members[value eq], inferred from [J9]", () => {
  const s = state({ memberRemoval: "filter" });
  s.linkUser("alice", "u-alice");
  s.linkUser("bob", "u-bob");
  s.setGroupAssigned("eng", true);
  s.linkGroup("eng", "g-1", false);
  s.addMembers("eng", ["bob"]);
  s.recordMembersExported("eng", ["alice", "bob"]);
  const run = drivePlan(jumpCloudModel, { do: "removeMembers", group: "eng", users: ["bob"] }, s, api);
  const patch = run.requests.find((r) => r.method === "PATCH");
  expect(patch?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "remove", path: 'members[value eq "u-bob"]' }],
  });
  expect(patch?.inferred).toBe(true);
  expect(patch?.evidence).toEqual(["[J9]", "B25"]);
  expect(
    jumpCloudModel.provenance(
      { do: "removeMembers", group: "eng", users: ["bob"] },
      { memberRemoval: "filter" },
    ).inferred,
  ).toBe(true);
});

it("JumpCloud writes whole users: its attributes are not strict, and the minimal PUT never provides emails", () => {
  const minimal = jumpCloudModel.userAttributes?.({ putBody: "minimal" });
  expect(minimal).toEqual({
    sent: ["userName", "name.givenName", "name.familyName", "active"],
    strict: false,
    label: "JumpCloud's minimal PUT body",
    omittable: [],
    omissionInferred: true,
  });
  expect(jumpCloudModel.userAttributes?.({})?.sent).toContain("emails");
});
