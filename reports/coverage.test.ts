import { expect, it } from "vitest";
import { contractAreas, coverageVerdict, deriveCoverage, scenarioAreas } from "./coverage.ts";
import { fixtureReport } from "./report.fixtures.ts";
import type { ContractCheckResult, PropertyResult, RunReport, ScenarioResult } from "./report.ts";
import { validateReport } from "./validate-report.ts";

const scenario = (
  id: string,
  status: ScenarioResult["status"],
  actions: string[],
  extra: Partial<ScenarioResult> = {},
): ScenarioResult => ({
  id,
  title: id,
  idp: "entra",
  variant: "default",
  tags: [],
  actions,
  status,
  durationMs: 1,
  steps: [],
  exchanges: [],
  findings: [],
  ...extra,
});
const check = (id: string, status: ContractCheckResult["status"], reason?: string): ContractCheckResult => ({
  id,
  title: id,
  rfc: "RFC 7644",
  keyword: "MUST",
  status,
  durationMs: 1,
  findingIds: [],
  ...(reason !== undefined ? { reason } : {}),
});
const report = (
  scenarios: ScenarioResult[],
  contracts?: ContractCheckResult[],
  properties?: PropertyResult[],
): RunReport => ({
  ...fixtureReport(),
  scenarios,
  ...(contracts !== undefined ? { contracts } : {}),
  ...(properties !== undefined ? { properties } : {}),
});
const area = (r: RunReport, name: string) => deriveCoverage(r).areas.find((a) => a.area === name);

it("sorts scenarios into areas by their step actions (also when they did not run) and their IdP", () => {
  expect(
    scenarioAreas(scenario("e8", "notApplicable", ["assignUser", "assignGroup", "removeMembers"])).sort(),
  ).toEqual(["groups", "idp:entra", "membership", "users"]);
  expect(scenarioAreas(scenario("e9", "passed", ["assignUser", "expireToken"]))).toContain("auth");
  expect(scenarioAreas(scenario("b09-filter-miss", "passed", ["assignUser"]))).toContain("filters");
});

it("sorts contract checks by the segments of their id", () => {
  expect(contractAreas("rfc7644.filter.eq-case-insensitive-userName")).toEqual(["filters"]);
  expect(contractAreas("rfc7644.patch.group-add-member").sort()).toEqual(["groups", "membership", "patch"]);
  expect(contractAreas("rfc7644.create.uniqueness-409").sort()).toEqual(["errors", "users"]);
  expect(contractAreas("rfc7644.list.count-zero")).toEqual(["paging"]);
  expect(contractAreas("rfc7644.auth.no-token-401").sort()).toEqual(["auth", "errors"]);
  expect(contractAreas("rfc7644.bulk.create")).toEqual(["optional features"]);
  expect(contractAreas("rfc7644.discovery.schemas")).toEqual(["discovery"]);
});

it("counts per area what ran, what was not applicable and what could not run, each with its reasons", () => {
  const r = report(
    [
      scenario("users-1", "passed", ["assignUser"]),
      scenario("users-2", "failed", ["assignUser", "disableUser"]),
      scenario("groups-1", "notApplicable", ["assignGroup", "addMembers"], {
        reason: "the target lacks: groups",
      }),
      scenario("groups-2", "notApplicable", ["deleteGroup"], { reason: "the target lacks: groups" }),
      scenario("groups-3", "errored", ["renameGroup"], { reason: "harness error: boom\n    at x" }),
    ],
    [
      check("rfc7644.filter.eq", "passed"),
      check("rfc7644.patch.replace-attribute", "errored", "setup failed: POST /Users answered 500"),
    ],
  );
  const coverage = deriveCoverage(r);
  expect(coverage.threshold).toBe(0.2);
  expect(area(r, "users")).toMatchObject({
    total: 2,
    ran: 2,
    notApplicable: 0,
    couldNotRun: 0,
    low: false,
    reasons: [],
  });
  expect(area(r, "groups")).toMatchObject({ total: 3, ran: 0, notApplicable: 2, couldNotRun: 1, low: true });
  expect(area(r, "groups")?.reasons).toEqual([
    {
      status: "notApplicable",
      reason: "the target lacks: groups",
      items: ["groups-1 [default]", "groups-2 [default]"],
    },
    { status: "couldNotRun", reason: "harness error: boom", items: ["groups-3 [default]"] },
  ]);
  expect(area(r, "membership")).toMatchObject({ total: 1, notApplicable: 1, low: true });
  expect(area(r, "filters")).toMatchObject({ total: 1, ran: 1, low: false });
  expect(area(r, "patch")).toMatchObject({
    total: 1,
    couldNotRun: 1,
    reasons: [
      {
        status: "couldNotRun",
        reason: "setup failed: POST /Users answered 500",
        items: ["rfc7644.patch.replace-attribute"],
      },
    ],
  });
  expect(area(r, "idp:entra")).toMatchObject({
    total: 5,
    ran: 2,
    notApplicable: 2,
    couldNotRun: 1,
    low: true,
  });
  // Areas nothing touched are absent, not shown as covered.
  expect(area(r, "paging")).toBeUndefined();
  expect(coverage.low).toEqual(["groups", "membership", "patch", "idp:entra"]);
  expect(validateReport({ ...r, coverage })).toEqual([]);
});

it("an area is low only above the threshold: 1 of 5 not run is not, 2 of 5 is", () => {
  const users = (n: number) =>
    Array.from({ length: 5 }, (_, i) =>
      scenario(`u${i}`, i < n ? "notApplicable" : "passed", ["assignUser"], i < n ? { reason: "r" } : {}),
    );
  expect(area(report(users(1)), "users")?.low).toBe(false);
  expect(area(report(users(2)), "users")?.low).toBe(true);
});

it("the verdict names each low area with its most frequent reason, and is silent when coverage is full", () => {
  const low = report([
    scenario("u", "passed", ["assignUser"]),
    scenario("g1", "notApplicable", ["assignGroup"], { reason: "the target lacks: groups" }),
    scenario("g2", "notApplicable", ["assignGroup"], { reason: "the target lacks: groups" }),
  ]);
  expect(coverageVerdict(deriveCoverage(low))).toBe(
    "low coverage (over 20% of an area did not run): groups 0/2 ran (2 not applicable): the target lacks: groups; " +
      "idp:entra 1/3 ran (2 not applicable): the target lacks: groups",
  );
  expect(coverageVerdict(deriveCoverage(report([scenario("u", "passed", ["assignUser"])])))).toBeUndefined();
  expect(coverageVerdict(undefined)).toBeUndefined();
});

it("optional features a target does not advertise never make coverage low; errors there do", () => {
  const r = (status: ContractCheckResult["status"]) =>
    report(
      [scenario("u", "passed", ["assignUser"])],
      [
        check("rfc7644.bulk.create", status, "bulk.supported is false"),
        check("rfc7644.sort.sort-by", "passed"),
      ],
    );
  expect(area(r("notApplicable"), "optional features")).toMatchObject({ notApplicable: 1, low: false });
  expect(deriveCoverage(r("notApplicable")).low).toEqual([]);
  expect(area(r("errored"), "optional features")).toMatchObject({ couldNotRun: 1, low: true });
});
