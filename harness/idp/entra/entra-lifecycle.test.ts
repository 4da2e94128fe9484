import { expect, it } from "vitest";
import type { DirectoryState } from "../directory-state.ts";
import { drivePlan, listResponse, reply, testState } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { entraModel } from "./entra-model.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const NO_PROBE = { probeBeforeActivity: false };
const ok = routes(["PATCH", /^\/Users\//, reply(204)], ["DELETE", /^\/Users\//, reply(204)]);

/** A state where `alice` is assigned and linked to u-1, with everything exported. */
function linked(options: Record<string, string | boolean>): DirectoryState {
  const state = testState(entraModel, { ...NO_PROBE, ...options }, { users: { alice: { assigned: true } } });
  drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, listResponse([]))],
      ["POST", "/Users", reply(201, { id: "u-1" })],
    ),
  );
  return state;
}

it("E5 without the flag: disable sends variant (a) exactly [S2] [C10]", () => {
  const run = drivePlan(entraModel, { do: "disableUser", user: "alice" }, linked({}), ok);
  expect(run.requests).toHaveLength(1);
  expect(run.requests[0]).toMatchObject({ method: "PATCH", path: "/Users/u-1", main: true });
  expect(JSON.stringify(run.requests[0]?.body)).toBe(
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}',
  );
});

it("E5 with aadOptscim062020: disable sends variant (b) [S2]", () => {
  const run = drivePlan(
    entraModel,
    { do: "disableUser", user: "alice" },
    linked({ aadOptscim062020: true }),
    ok,
  );
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
});

it("disableUser.variant overrides the dialect default: (c) puts Operations first [S1]", () => {
  const run = drivePlan(entraModel, { do: "disableUser", user: "alice", variant: "c" }, linked({}), ok);
  expect(JSON.stringify(run.requests[0]?.body)).toBe(
    '{"Operations":[{"op":"Replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}',
  );
});

it("an unknown disable variant is a configuration error", () => {
  expect(() =>
    drivePlan(entraModel, { do: "disableUser", user: "alice", variant: "z" }, linked({}), ok),
  ).toThrow(/variant "z"/);
});

it("B1: a 200 that still shows active true means the disable was ignored", () => {
  const state = linked({});
  const run = drivePlan(
    entraModel,
    { do: "disableUser", user: "alice" },
    state,
    routes(["PATCH", "/Users/u-1", reply(200, { id: "u-1", active: true })]),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.patch-applied", "error"]]);
  expect(run.findings[0]?.evidence).toContain("B1");
});

it("B23: 409 on a disable is an error naming [S21]", () => {
  const run = drivePlan(
    entraModel,
    { do: "disableUser", user: "alice" },
    linked({}),
    routes(["PATCH", "/Users/u-1", reply(409, { status: "409", detail: "User must be Active." })]),
  );
  expect(run.findings.map((f) => f.ruleId)).toEqual(["entra.user-patch-2xx"]);
  expect(run.findings[0]?.evidence).toEqual(expect.arrayContaining(["[S21]", "B23"]));
});

it("E6 re-enable: Replace active True, marked inferred (§1.5.7)", () => {
  const state = linked({});
  drivePlan(entraModel, { do: "disableUser", user: "alice" }, state, ok);
  const run = drivePlan(entraModel, { do: "enableUser", user: "alice" }, state, ok);
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "active", value: "True" }],
  });
  expect(run.requests[0]?.inferred).toBe(true);
  expect(entraModel.provenance({ do: "enableUser", user: "alice" }, state.options).inferred).toBe(true);
});

it("E7 after unassign: the unassign disables, the later delete sends nothing and says why [S3]", () => {
  const state = linked({});
  const unassign = drivePlan(entraModel, { do: "unassignUser", user: "alice" }, state, ok);
  expect(unassign.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PATCH /Users/u-1"]);
  const del = drivePlan(entraModel, { do: "deleteUser", user: "alice" }, state, ok);
  expect(del.requests).toEqual([]);
  expect(del.notes.join(" ")).toMatch(/no DELETE.*\[S3\]/);
});

it("E7 hard delete of a managed user: DELETE /Users/{id} → 204, the cached id is dropped [S1]", () => {
  const state = linked({});
  const run = drivePlan(entraModel, { do: "deleteUser", user: "alice" }, state, ok);
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /Users/u-1"]);
  expect(run.requests[0]?.body).toBeUndefined();
  expect(state.users.get("alice")?.targetId).toBeUndefined();
  expect(run.findings).toEqual([]);
});

it("DELETE answered 200 instead of 204 breaks RFC 7644 §3.6 (SHALL 204, [S1]): the contract suite's rule, an error", () => {
  const run = drivePlan(
    entraModel,
    { do: "deleteUser", user: "alice" },
    linked({}),
    routes(["DELETE", "/Users/u-1", reply(200, {})]),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["rfc7644.delete.status-204", "error"]]);
});

it("E4 without the flag: only the changed attributes, filtered email path included [S1] [S2]", () => {
  const state = linked({});
  const run = drivePlan(
    entraModel,
    { do: "updateUser", user: "alice", set: { email: "new@contoso.com", familyName: "Smith" } },
    state,
    ok,
  );
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [
      { op: "Replace", path: 'emails[type eq "work"].value', value: "new@contoso.com" },
      { op: "Replace", path: "name.familyName", value: "Smith" },
    ],
  });
});

it("E4 with the flag: the filtered path alone, the rest path-less with dotted keys (§1.7 [S2], B5)", () => {
  const state = linked({ aadOptscim062020: true });
  const run = drivePlan(
    entraModel,
    { do: "updateUser", user: "alice", set: { email: "new@contoso.com", givenName: "Al", locality: "Oslo" } },
    state,
    ok,
  );
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [
      { op: "replace", path: 'emails[type eq "work"].value', value: "new@contoso.com" },
      { op: "add", path: 'addresses[type eq "work"].locality', value: "Oslo" },
      { op: "replace", value: { "name.givenName": "Al" } },
    ],
  });
  expect(run.requests[0]?.evidence).toContain("B5");
});

it("updateUser with nothing mapped changed sends nothing", () => {
  const run = drivePlan(
    entraModel,
    { do: "updateUser", user: "alice", set: { givenName: "alice-given" } },
    linked({}),
    ok,
  );
  expect(run.requests).toEqual([]);
});

it("manager second pass: after the create, Add the manager id as a bare string on the URN path (§1.5.5 [C7])", () => {
  const state = testState(
    entraModel,
    { ...NO_PROBE, manager: true, aadOptscim062020: true },
    {
      users: { boss: { targetId: "u-boss", assigned: true }, alice: { manager: "boss" } },
    },
  );
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, listResponse([]))],
      ["POST", "/Users", reply(201, { id: "u-1" })],
      ["PATCH", "/Users/u-1", reply(204)],
    ),
  );
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /Users?filter=userName+eq+%22alice%40contoso.com%22",
    "POST /Users",
    "PATCH /Users/u-1",
  ]);
  expect(run.requests[2]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "add", path: `${ENTERPRISE}:manager`, value: "u-boss" }],
  });
  expect(run.requests[1]?.main).toBe(true);
  expect(run.requests[2]?.main).toBeFalsy();
});

it("manager not provisioned yet: no manager PATCH, a note that a later pass sets it [S7]", () => {
  const state = testState(
    entraModel,
    { ...NO_PROBE, manager: true },
    { users: { boss: {}, alice: { manager: "boss" } } },
  );
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, listResponse([]))],
      ["POST", "/Users", reply(201, { id: "u-1" })],
    ),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  expect(run.notes.join(" ")).toMatch(/later pass \[S7\]/);
});

it("manager removed: remove by manager[value eq] [C6]", () => {
  const state = testState(
    entraModel,
    { ...NO_PROBE, manager: true, aadOptscim062020: true },
    {
      users: { boss: { targetId: "u-boss", assigned: true }, alice: { manager: "boss" } },
    },
  );
  drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, listResponse([]))],
      ["POST", "/Users", reply(201, { id: "u-1" })],
      ["PATCH", "/Users/u-1", reply(204)],
    ),
  );
  const run = drivePlan(entraModel, { do: "updateUser", user: "alice", set: { manager: null } }, state, ok);
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "remove", path: 'manager[value eq "u-boss"]' }],
  });
});

it("a cycle disables a linked user that left scope while Entra was not sending ([S3]: out of scope → disabled via an update)", () => {
  const state = linked({});
  expect(entraModel.recordWhileQuarantined?.({ do: "unassignUser", user: "alice" }, state)).toBe(true);
  const run = drivePlan(entraModel, { do: "runCycle" }, state, ok);
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PATCH /Users/u-1"]);
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "Replace", path: "active", value: "False" }],
  });
  // Already disabled: the next cycle sends nothing more.
  expect(drivePlan(entraModel, { do: "runCycle" }, state, ok).requests).toEqual([]);
});

it("source changes recorded during a quarantine are sent by the next cycle; deletions are not replayed", () => {
  const state = linked({});
  expect(
    entraModel.recordWhileQuarantined?.({ do: "updateUser", user: "alice", set: { title: "Lead" } }, state),
  ).toBe(true);
  expect(entraModel.recordWhileQuarantined?.({ do: "deleteUser", user: "alice" }, state)).toBe(false);
  const run = drivePlan(
    entraModel,
    { do: "runCycle" },
    state,
    routes(
      ["GET", "/Users/u-1", reply(200, { id: "u-1", userName: "alice@contoso.com", active: true })],
      ["PATCH", "/Users/u-1", reply(204)],
    ),
  );
  const patch = run.requests.find((r) => r.method === "PATCH");
  expect(JSON.stringify(patch?.body)).toContain('"path":"title","value":"Lead"');
});

it("the user attributes Entra writes are its mapping, plus the manager when mapped (applicability)", () => {
  expect(entraModel.userAttributes?.({ mapping: "cerby" })).toEqual({
    sent: [
      "userName",
      "active",
      'emails[type eq "work"].value',
      "name.givenName",
      "name.familyName",
      "externalId",
    ],
    strict: true,
    label: 'the entra attribute mapping "cerby"',
    // Every target but the matching attribute (userName, §1.4 [S6]) can be deleted by the admin.
    omittable: ["active", 'emails[type eq "work"].value', "name.givenName", "name.familyName", "externalId"],
  });
  expect(entraModel.userAttributes?.({ mapping: "cerby", omitAttributes: "externalId" })).toMatchObject({
    sent: ["userName", "active", 'emails[type eq "work"].value', "name.givenName", "name.familyName"],
    label: 'the entra attribute mapping "cerby" without externalId',
  });
  expect(entraModel.userAttributes?.({ mapping: "userName,active", manager: true })?.sent).toEqual([
    "userName",
    "active",
    `${ENTERPRISE}:manager`,
  ]);
});

const noTarget = reply(400, { status: "400", scimType: "noTarget", detail: "no work email" });

it("B10: 400 noTarget to a Replace on a filtered path is RFC-correct (RFC 7644 §3.5.2.3): a warning citing [C14]", () => {
  const run = drivePlan(
    entraModel,
    { do: "updateUser", user: "alice", set: { email: "new@example.com" } },
    linked({}),
    routes(["PATCH", "/Users/u-1", noTarget]),
  );
  expect(run.requests[0]?.body).toMatchObject({
    Operations: [expect.objectContaining({ op: "Replace", path: 'emails[type eq "work"].value' })],
  });
  expect(run.findings.map((f) => [f.ruleId, f.severity, f.rfc])).toEqual([
    ["entra.filtered-replace-no-target", "warning", "RFC 7644 §3.5.2.3"],
  ]);
  expect(run.findings[0]?.evidence).toEqual(expect.arrayContaining(["[C14]", "B10"]));
});

it("a 400 noTarget to a PATCH without a filtered Replace (disable) stays an error", () => {
  const run = drivePlan(
    entraModel,
    { do: "disableUser", user: "alice" },
    linked({}),
    routes(["PATCH", "/Users/u-1", noTarget]),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.user-patch-2xx", "error"]]);
});
