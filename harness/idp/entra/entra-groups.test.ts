import { expect, it } from "vitest";
import type { DirectoryState } from "../directory-state.ts";
import { drivePlan, listResponse, reply, testState } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { entraModel } from "./entra-model.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const NO_PROBE = { probeBeforeActivity: false };

/** Two linked users in group `eng` (not yet assigned). */
function withGroup(options: Record<string, string | boolean>): DirectoryState {
  return testState(
    entraModel,
    { ...NO_PROBE, ...options },
    {
      users: { alice: { targetId: "u-1", assigned: true }, bob: { targetId: "u-2", assigned: true } },
      groups: { eng: { displayName: "Eng", externalId: "8aa1a0c0", members: ["alice", "bob"] } },
    },
  );
}

const groupApi = routes(
  ["GET", /^\/Groups\?/, reply(200, listResponse([]))],
  ["POST", "/Groups", reply(201, { id: "g-1", displayName: "Eng", members: [] })],
  ["PATCH", "/Groups/g-1", reply(204)],
  ["DELETE", "/Groups/g-1", reply(204)],
  ["PATCH", /^\/Users\//, reply(204)],
);

it("E8: lookup with excludedAttributes=members, create without members, then one Add PATCH with $ref null", () => {
  const state = withGroup({});
  const run = drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /Groups?excludedAttributes=members&filter=displayName+eq+%22Eng%22",
    "POST /Groups",
    "PATCH /Groups/g-1",
  ]);
  expect(run.requests[1]?.body).toEqual({
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:Group",
      "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
    ],
    externalId: "8aa1a0c0",
    displayName: "Eng",
    meta: { resourceType: "Group" },
  });
  expect(run.requests[2]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [
      {
        op: "Add",
        path: "members",
        value: [
          { $ref: null, value: "u-1" },
          { $ref: null, value: "u-2" },
        ],
      },
    ],
  });
  expect(run.requests.filter((r) => r.main === true).map((r) => r.method)).toEqual(["POST"]);
  expect(state.groups.get("eng")?.targetId).toBe("g-1");
  expect([...(state.groups.get("eng")?.exportedMembers ?? [])]).toEqual(["alice", "bob"]);
  expect(run.findings).toEqual([]);
});

it("assignGroup provisions members that are not linked yet before the group (users before groups [S3])", () => {
  const state = testState(entraModel, NO_PROBE, {
    users: { carol: {} },
    groups: { eng: { displayName: "Eng", members: ["carol"] } },
  });
  const run = drivePlan(
    entraModel,
    { do: "assignGroup", group: "eng" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, listResponse([]))],
      ["POST", "/Users", reply(201, { id: "u-3" })],
      ["GET", /^\/Groups\?/, reply(200, listResponse([]))],
      ["POST", "/Groups", reply(201, { id: "g-1" })],
      ["PATCH", "/Groups/g-1", reply(204)],
    ),
  );
  expect(run.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
    "GET /Users",
    "POST /Users",
    "GET /Groups",
    "POST /Groups",
    "PATCH /Groups/g-1",
  ]);
  expect(run.requests[4]?.body).toMatchObject({ Operations: [{ value: [{ $ref: null, value: "u-3" }] }] });
});

it("a group lookup hit is taken over; a hit that carries members breaks excludedAttributes=members [S8]", () => {
  const state = withGroup({});
  const hit = listResponse([{ id: "g-7", displayName: "Eng", members: [{ value: "x" }] }]);
  const run = drivePlan(
    entraModel,
    { do: "assignGroup", group: "eng" },
    state,
    routes(["GET", /^\/Groups\?/, reply(200, hit)]),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([
    ["entra.excluded-members-honoured", "error"],
  ]);
  expect(run.requests).toHaveLength(1);
});

it("a clean group lookup hit links without a create", () => {
  const state = withGroup({});
  const hit = listResponse([{ id: "g-7", displayName: "Eng" }]);
  const run = drivePlan(
    entraModel,
    { do: "assignGroup", group: "eng" },
    state,
    routes(["GET", /^\/Groups\?/, reply(200, hit)], ["PATCH", "/Groups/g-7", reply(204)]),
  );
  expect(run.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
    "GET /Groups",
    "PATCH /Groups/g-7",
  ]);
  expect(state.groups.get("eng")?.targetId).toBe("g-7");
});

it("group PATCH answered 200 with the member list: a warning, 204 is expected [S1]", () => {
  const state = withGroup({});
  const run = drivePlan(
    entraModel,
    { do: "assignGroup", group: "eng" },
    state,
    routes(
      ["GET", /^\/Groups\?/, reply(200, listResponse([]))],
      ["POST", "/Groups", reply(201, { id: "g-1" })],
      ["PATCH", "/Groups/g-1", reply(200, { id: "g-1", members: [] })],
    ),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.group-patch-204", "warning"]]);
  expect(run.findings[0]?.message).toMatch(/isn't advisable/);
});

it("remove members without the flag: one Remove with a value array (§1.6.5 [S2], B4)", () => {
  const state = withGroup({});
  drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const run = drivePlan(entraModel, { do: "removeMembers", group: "eng", users: ["bob"] }, state, groupApi);
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PATCH /Groups/g-1"]);
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "Remove", path: "members", value: [{ value: "u-2" }] }],
  });
  expect(run.requests[0]?.evidence).toContain("B4");
  expect([...(state.groups.get("eng")?.exportedMembers ?? [])]).toEqual(["alice"]);
});

it('remove members with the flag: members[value eq "<id>"] (§1.6.5 [S2])', () => {
  const state = withGroup({ aadOptscim062020: true });
  drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const run = drivePlan(entraModel, { do: "removeMembers", group: "eng", users: ["bob"] }, state, groupApi);
  expect(JSON.stringify(run.requests[0]?.body)).toBe(
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \\"u-2\\"]"}]}',
  );
});

it("a member in scope only through the group is disabled after its removal (inferred, [S3])", () => {
  const state = testState(entraModel, NO_PROBE, {
    users: { alice: { targetId: "u-1", assigned: true }, dave: { targetId: "u-4" } },
    groups: { eng: { displayName: "Eng", members: ["alice", "dave"] } },
  });
  drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const run = drivePlan(entraModel, { do: "removeMembers", group: "eng", users: ["dave"] }, state, groupApi);
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PATCH /Groups/g-1", "PATCH /Users/u-4"]);
  expect(run.requests[1]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "active", value: "False" }],
  });
});

it("E8.5 rename: Replace displayName with a path [S1]; the new name carries the run prefix", () => {
  const state = withGroup({});
  drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const run = drivePlan(entraModel, { do: "renameGroup", group: "eng", to: "Engineering" }, state, groupApi);
  expect(run.requests[0]).toMatchObject({ method: "PATCH", path: "/Groups/g-1", main: true });
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "displayName", value: "scimh-test-Engineering" }],
  });
  const again = drivePlan(
    entraModel,
    { do: "renameGroup", group: "eng", to: "scimh-test-Eng2" },
    state,
    groupApi,
  );
  expect(again.requests[0]?.body).toMatchObject({ Operations: [{ value: "scimh-test-Eng2" }] });
});

it("E8.4 in a later cycle: GET /Groups/{id}?excludedAttributes=members; a renamed source is re-PATCHed", () => {
  const state = withGroup({});
  drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const run = drivePlan(
    entraModel,
    { do: "runCycle" },
    state,
    routes(
      ["GET", /^\/Users\/u-/, (r) => reply(200, { id: r.path.slice(7) })],
      ["PATCH", /^\/Users\//, reply(204)],
      ["GET", "/Groups/g-1?excludedAttributes=members", reply(200, { id: "g-1", displayName: "Old" })],
      ["PATCH", "/Groups/g-1", reply(204)],
    ),
  );
  const groupRequests = run.requests.filter((r) => r.path.startsWith("/Groups"));
  expect(groupRequests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /Groups/g-1?excludedAttributes=members",
    "PATCH /Groups/g-1",
  ]);
  expect(groupRequests[1]?.body).toMatchObject({
    Operations: [{ op: "Replace", path: "displayName", value: "Eng" }],
  });
});

it("E8.7 delete: DELETE /Groups/{id} → 204", () => {
  const state = withGroup({});
  drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const run = drivePlan(entraModel, { do: "deleteGroup", group: "eng" }, state, groupApi);
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /Groups/g-1"]);
  expect(state.groups.get("eng")?.targetId).toBeUndefined();
  expect(run.findings).toEqual([]);
});

it("B8 parallelMembership: one Add PATCH per member, the first carrying the others as concurrentWith", () => {
  const state = withGroup({ parallelMembership: true });
  const run = drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const adds = run.requests.filter((r) => r.method === "PATCH");
  expect(adds.map((r) => r.body)).toEqual([
    {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: "u-1" }] }],
    },
    {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: "u-2" }] }],
    },
  ]);
  // The runner sends the second with the first; the plan then yields that very object to take its answer.
  expect(adds[0]?.concurrentWith).toEqual([adds[1]]);
  expect(adds[0]?.concurrentWith?.[0]).toBe(adds[1]);
  expect(adds.every((r) => r.inferred === true && r.evidence?.includes("B8"))).toBe(true);
  expect([...state.groups.get("eng")!.exportedMembers]).toEqual(["alice", "bob"]);
});

it("parallelMembership with one new member sends the documented single PATCH (§1.6.4)", () => {
  const state = withGroup({ parallelMembership: true });
  state.removeMembers("eng", ["bob"]);
  const run = drivePlan(entraModel, { do: "assignGroup", group: "eng" }, state, groupApi);
  const adds = run.requests.filter((r) => r.method === "PATCH");
  expect(adds).toHaveLength(1);
  expect(adds[0]?.concurrentWith).toBeUndefined();
});
