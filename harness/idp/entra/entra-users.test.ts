import { expect, it } from "vitest";
import { drivePlan, listResponse, reply, testState, transportError } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { entraModel } from "./entra-model.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const EMPTY = listResponse([]);
const NO_PROBE = { probeBeforeActivity: false };

const alice = { userName: "alice@contoso.com", externalId: "alice", title: "Engineer" };

it("E2: misses on userName then externalId, then POST /Users; the 201 id is cached [S3] [S6]", () => {
  const state = testState(entraModel, { ...NO_PROBE, matching: "userName,externalId" }, { users: { alice } });
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, EMPTY)],
      ["POST", "/Users", reply(201, { id: "u-1", userName: "alice@contoso.com" })],
    ),
  );
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /Users?filter=userName+eq+%22alice%40contoso.com%22",
    "GET /Users?filter=externalId+eq+%22alice%22",
    "POST /Users",
  ]);
  expect(run.requests[2]).toMatchObject({
    role: "create",
    main: true,
    headers: { "Content-Type": "application/scim+json" },
  });
  expect(run.requests[2]?.body).toMatchObject({
    userName: "alice@contoso.com",
    externalId: "alice",
    roles: [],
    meta: { resourceType: "User" },
  });
  expect(state.users.get("alice")?.targetId).toBe("u-1");
  expect(state.users.get("alice")?.assigned).toBe(true);
  expect(run.findings).toEqual([]);
});

it("E3: a hit on userName stops the lookups and PATCHes only what differs: Add for missing, Replace for changed", () => {
  const state = testState(entraModel, { ...NO_PROBE, matching: "userName,externalId" }, { users: { alice } });
  const existing = {
    id: "u-9",
    userName: "alice@contoso.com",
    active: true,
    displayName: "alice display",
    emails: [{ type: "work", value: "alice.mail@contoso.com" }],
    name: { givenName: "alice-given", familyName: "Old" },
    externalId: "alice",
  };
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?filter=userName/, reply(200, listResponse([existing]))],
      ["PATCH", "/Users/u-9", reply(204)],
    ),
  );
  expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /Users?filter=userName+eq+%22alice%40contoso.com%22",
    "PATCH /Users/u-9",
  ]);
  expect(run.requests[1]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [
      { op: "Replace", path: "name.familyName", value: "alice-family" },
      { op: "Add", path: "title", value: "Engineer" },
    ],
  });
  expect(state.users.get("alice")?.targetId).toBe("u-9");
});

it("more than one hit is DuplicateTargetEntries: a finding and no create [S8]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const two = listResponse([
    { id: "a", userName: "alice@contoso.com" },
    { id: "b", userName: "alice@contoso.com" },
  ]);
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, two)]),
  );
  expect(run.requests).toHaveLength(1);
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.single-match", "error"]]);
  expect(state.users.get("alice")?.targetId).toBeUndefined();
});

it("a 404 on a matching lookup quarantines (SCIM Compliance issue [S4])", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(404)]),
  );
  expect(run.requests).toHaveLength(1);
  expect(run.quarantine?.reason).toMatch(/SCIM Compliance issue/);
});

it("second cycle: runCycle probes, then GETs the cached id and sends nothing when in sync [S3] [C3]", () => {
  const state = testState(entraModel, {}, { users: { alice: { ...alice, assigned: true } } });
  drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)], ["POST", "/Users", reply(201, { id: "u-1" })]),
  );
  const stored = {
    id: "u-1",
    userName: "alice@contoso.com",
    active: true,
    displayName: "alice display",
    emails: [{ type: "work", value: "alice.mail@contoso.com", primary: true }],
    name: { givenName: "alice-given", familyName: "alice-family" },
    externalId: "alice",
    title: "Engineer",
  };
  const run = drivePlan(
    entraModel,
    { do: "runCycle" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)], ["GET", "/Users/u-1", reply(200, stored)]),
  );
  expect(run.requests.map((r) => `${r.method} ${r.path.replace(/%22.*%22/, "%22<guid>%22")}`)).toEqual([
    "GET /Users?filter=userName+eq+%22<guid>%22",
    "GET /Users/u-1",
  ]);
  expect(run.requests[0]?.inferred).toBe(true);
  expect(run.findings).toEqual([]);
});

it("second cycle: a value the target did not keep is re-PATCHed with Add and reported as round-trip drift [C3]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice: { ...alice, assigned: true } } });
  drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)], ["POST", "/Users", reply(201, { id: "u-1" })]),
  );
  const lossy = {
    id: "u-1",
    userName: "alice@contoso.com",
    displayName: "alice display",
    emails: [{ type: "work", value: "alice.mail@contoso.com" }],
    name: { givenName: "alice-given", familyName: "alice-family" },
    externalId: "alice",
    title: "Engineer",
  };
  const run = drivePlan(
    entraModel,
    { do: "runCycle" },
    state,
    routes(["GET", "/Users/u-1", reply(200, lossy)], ["PATCH", "/Users/u-1", reply(204)]),
  );
  expect(run.requests[1]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "Add", path: "active", value: "True" }],
  });
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.round-trip-fidelity", "warning"]]);
  expect(run.findings[0]?.evidence).toContain("B3");
});

it("5xx: retried once (simulated next cycle) with a note; success afterwards leaves no finding [S8]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, EMPTY)],
      ["POST", "/Users", [reply(500), reply(201, { id: "u-1" })]],
    ),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["GET", "POST", "POST"]);
  expect(run.notes.some((n) => n.includes("retries in 40 minutes"))).toBe(true);
  expect(run.findings).toEqual([]);
  expect(state.users.get("alice")?.targetId).toBe("u-1");
});

it("5xx twice: an error finding and no further request", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)], ["POST", "/Users", reply(503)]),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["GET", "POST", "POST"]);
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.retry-exhausted", "error"]]);
});

it("B13: a create that times out is re-sent and meets 409: timeout and EntryConflict findings [S19]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const conflict = {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: "409",
    detail: "exists",
  };
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(
      ["GET", /^\/Users\?/, reply(200, EMPTY)],
      ["POST", "/Users", [transportError("timeout"), reply(409, conflict)]],
    ),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["GET", "POST", "POST"]);
  expect(run.findings.map((f) => f.ruleId)).toEqual([
    "entra.response-within-60s",
    "entra.create-conflict",
    "entra.conflict-scimtype",
  ]);
  expect(run.findings[0]?.evidence).toEqual(expect.arrayContaining(["[S19]", "B13"]));
});

it("409 with scimType uniqueness: only the EntryConflict finding, no retry loop [S8]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const conflict = {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: "409",
    scimType: "uniqueness",
  };
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)], ["POST", "/Users", reply(409, conflict)]),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  expect(run.findings.map((f) => f.ruleId)).toEqual(["entra.create-conflict"]);
});

it("an HTML page instead of JSON is SystemForCrossDomainIdentityManagementServiceIncompatible [S8]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const html = {
    response: { status: 200, headers: { "content-type": "text/html" }, bodyText: "<html></html>" },
    error: { kind: "htmlBody" as const, message: "html" },
  };
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, html]),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.scim-json-response", "error"]]);
  expect(run.requests).toHaveLength(1);
});

it("201 without id fails the create [S1]", () => {
  const state = testState(entraModel, NO_PROBE, { users: { alice } });
  const run = drivePlan(
    entraModel,
    { do: "assignUser", user: "alice" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)], ["POST", "/Users", reply(201, { userName: "x" })]),
  );
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["entra.create-201-with-id", "error"]]);
  expect(state.users.get("alice")?.targetId).toBeUndefined();
});
