import { expect, it } from "vitest";
import { drivePlan, listResponse, reply, testState } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { entraModel } from "./entra-model.ts";

const EMPTY = listResponse([]);
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const alice = { userName: "alice@contoso.com", externalId: "alice", title: "Engineer" };

it("Test Connection: one random-GUID userName probe, no User-Agent, 200 empty ListResponse passes (§1.3 [S1] [C1])", () => {
  const state = testState(entraModel, {});
  const run = drivePlan(
    entraModel,
    { do: "testConnection" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, EMPTY)]),
  );
  expect(run.requests).toHaveLength(1);
  const probe = run.requests[0]!;
  expect(probe.path).toMatch(new RegExp(`^/Users\\?filter=userName\\+eq\\+%22${GUID}%22$`));
  expect(probe).toMatchObject({ method: "GET", role: "probe", main: true, headers: {} });
  expect(run.findings).toEqual([]);
  expect(run.quarantine).toBeUndefined();
});

it("Test Connection: 404 on the probe quarantines with 'SCIM Compliance issue' and names B9 [S4]", () => {
  const state = testState(entraModel, {});
  const run = drivePlan(
    entraModel,
    { do: "testConnection" },
    state,
    routes(["GET", /^\/Users\?/, reply(404)]),
  );
  expect(run.quarantine?.reason).toMatch(
    /^SCIM Compliance issue: An HTTP\/404 Not Found response was returned/,
  );
  expect(run.quarantine?.evidence).toContain("[S4]");
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([
    ["entra.filter-miss-empty-list", "error"],
  ]);
  expect(run.findings[0]?.evidence).toContain("B9");
});

it("Test Connection: 401 quarantines as Invalid credentials, without a finding against the target [S4]", () => {
  const state = testState(entraModel, {});
  const run = drivePlan(
    entraModel,
    { do: "testConnection" },
    state,
    routes(["GET", /^\/Users\?/, reply(401)]),
  );
  expect(run.quarantine?.reason).toMatch(/^Invalid credentials/);
  expect(run.findings).toEqual([]);
});

it("Test Connection: a probe that returns a user is a finding (a random GUID must match nothing)", () => {
  const state = testState(entraModel, {});
  const hit = listResponse([{ id: "1", userName: "someone" }]);
  const run = drivePlan(
    entraModel,
    { do: "testConnection" },
    state,
    routes(["GET", /^\/Users\?/, reply(200, hit)]),
  );
  expect(run.findings.map((f) => f.ruleId)).toEqual(["entra.filter-miss-empty-list"]);
});

it("groupProbe adds the inferred random group probe with excludedAttributes=members", () => {
  const state = testState(entraModel, { groupProbe: true });
  const run = drivePlan(entraModel, { do: "testConnection" }, state, routes(["GET", /./, reply(200, EMPTY)]));
  expect(run.requests).toHaveLength(2);
  expect(run.requests[1]?.path).toMatch(
    new RegExp(`^/Groups\\?excludedAttributes=members&filter=displayName\\+eq\\+%22${GUID}%22$`),
  );
  expect(run.requests[1]?.inferred).toBe(true);
});

it("the activity probe runs once per cycle, and again after runCycle (inferred, Part 4 item 4)", () => {
  const state = testState(entraModel, {}, { users: { alice, bob: {} } });
  const answer = routes(
    ["GET", /^\/Users\?/, reply(200, EMPTY)],
    ["POST", "/Users", reply(201, { id: "u" })],
    ["GET", "/Users/u", reply(200, { id: "u" })],
    ["PATCH", "/Users/u", reply(204)],
  );
  const first = drivePlan(entraModel, { do: "assignUser", user: "alice" }, state, answer);
  const second = drivePlan(entraModel, { do: "assignUser", user: "bob" }, state, answer);
  const cycle = drivePlan(entraModel, { do: "runCycle" }, state, answer);
  expect(first.requests.map((r) => r.role)).toEqual(["probe", "lookup", "create"]);
  expect(second.requests.map((r) => r.role)).toEqual(["lookup", "create"]);
  expect(cycle.requests[0]?.role).toBe("probe");
});

it("a quarantined app sends nothing [S4]", () => {
  const state = testState(entraModel, {}, { users: { alice } });
  state.quarantine("Invalid credentials", ["[S4]"]);
  const run = drivePlan(entraModel, { do: "assignUser", user: "alice" }, state, routes());
  expect(run.requests).toEqual([]);
  expect(run.notes[0]).toMatch(/quarantined/);
});
