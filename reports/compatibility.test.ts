import { describe, expect, it } from "vitest";
import { compatibilityMatrix, dialectOf } from "./compatibility.ts";
import type { ExchangeRecord, Finding, RunReport, ScenarioResult, StepResult } from "./report.ts";
import { CompatibilitySchema } from "./report.ts";
import { groupRootCauses } from "./root-causes.ts";
import { matrixLine } from "./writers/first-screen.ts";

const BASE = "http://127.0.0.1:40000/scim/v2";
const UID = "00000000-0000-4000-8000-000000000001";

const exchange = (id: string, method: string, path: string): ExchangeRecord => ({
  id,
  label: id,
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1,
  request: { method, url: `${BASE}${path}`, headers: {} },
  response: { status: 200, headers: {} },
  curl: "curl",
});

const finding = (id: string, ruleId: string, exchangeIds: string[]): Finding => ({
  id,
  ruleId,
  severity: "error",
  title: ruleId,
  message: ruleId,
  exchangeIds,
});

function step(
  index: number,
  action: string,
  status: StepResult["status"],
  exchangeIds: string[],
  findings: Finding[] = [],
): StepResult {
  return {
    index,
    action,
    inferred: false,
    status,
    durationMs: 1,
    exchangeIds,
    findings,
    ...(status === "skipped" ? { reason: "not sent: quarantined" } : {}),
  };
}

function scenario(
  id: string,
  idp: string,
  variant: string,
  steps: StepResult[],
  exchanges: ExchangeRecord[],
): ScenarioResult {
  const failed = steps.some((s) => s.status === "failed");
  return {
    id,
    title: id,
    idp,
    variant,
    tags: [],
    status: failed ? "failed" : "passed",
    durationMs: 1,
    steps,
    exchanges,
    findings: [],
  };
}

function report(scenarios: ScenarioResult[]): RunReport {
  return {
    schemaVersion: 2,
    tool: { name: "scim-harness", version: "0.0.0" },
    run: { id: "r", startedAt: "2026-01-01T00:00:00.000Z", durationMs: 1, seed: 1, incomplete: false },
    target: { kind: "fake", url: BASE },
    summary: {
      scenarios: { total: 0, passed: 0, failed: 0, errored: 0, notApplicable: 0 },
      findings: { error: 0, warning: 0, info: 0 },
      exchanges: 0,
    },
    scenarios,
    findings: [],
  };
}

describe("compatibilityMatrix", () => {
  const ignoredDisable = scenario(
    "entra/e5",
    "entra",
    "aadOptscim062020=false",
    [
      step(0, "assignUser", "passed", ["a.x1", "a.x2"]),
      step(1, "disableUser", "failed", ["a.x3"], [finding("a.f1", "entra.patch-applied", ["a.x3"])]),
      step(2, "deleteUser", "failed", ["a.x4"], [finding("a.f2", "scenario.expect.state", ["a.x4"])]),
    ],
    [
      exchange("a.x1", "GET", "/Users?filter=userName+eq+%22a%22"),
      exchange("a.x2", "POST", "/Users"),
      exchange("a.x3", "PATCH", `/Users/${UID}`),
      exchange("a.x4", "GET", `/Users/${UID}`),
    ],
  );
  const dialect = scenario(
    "entra/e5",
    "entra",
    "aadOptscim062020=true",
    [step(0, "assignUser", "passed", ["b.x1"]), step(1, "disableUser", "passed", ["b.x2"])],
    [
      exchange("b.x1", "GET", "/Users?filter=userName+eq+%22b%22"),
      exchange("b.x2", "PATCH", `/Users/${UID}`),
    ],
  );
  const jumpcloud = scenario(
    "jumpcloud/jc1",
    "jumpcloud",
    "default",
    [step(0, "testConnection", "passed", []), step(1, "renameGroup", "skipped", [])],
    [],
  );

  it("names the failing behaviour with its root cause, and the follow-on's behaviour is not blamed", () => {
    const r = report([ignoredDisable, dialect, jumpcloud]);
    const causes = groupRootCauses(r);
    const matrix = compatibilityMatrix(r, causes);
    expect(CompatibilitySchema.safeParse(matrix).success).toBe(true);
    expect(matrix.idps.map((c) => [c.label, c.status])).toEqual([
      ["Entra", "failed"],
      ["Entra aadOptscim062020", "passed"],
      ["JumpCloud", "passed"],
    ]);
    const cell = (label: string, behaviour: string) =>
      matrix.idps.find((c) => c.label === label)?.behaviours.find((b) => b.behaviour === behaviour);
    expect(cell("Entra", "disable")).toMatchObject({
      status: "failed",
      rootCauses: [causes[0]?.id],
      failedSteps: 1,
    });
    expect(cell("Entra", "create")).toMatchObject({ status: "passed" });
    expect(cell("Entra", "delete")).toMatchObject({ status: "notApplicable" });
    expect(cell("Entra", "delete")?.reason).toContain("follow-ons");
    expect(cell("Entra aadOptscim062020", "match")).toMatchObject({ status: "passed" });
    expect(cell("Entra aadOptscim062020", "create")?.status).toBe("notApplicable");
    expect(cell("JumpCloud", "rename")).toMatchObject({
      status: "notApplicable",
      reason: "skipped: not sent: quarantined",
    });
    expect(cell("JumpCloud", "token expiry")?.reason).toMatch(/no selected scenario/);
    expect(matrixLine(matrix)).toBe("Entra ✗ · Entra aadOptscim062020 ✓ · JumpCloud ✓");
  });

  it("reads the dialect from the variant flags", () => {
    expect(dialectOf({ idp: "entra", variant: "aadOptscim062020=true,x=1" })).toBe("aadOptscim062020");
    expect(dialectOf({ idp: "entra", variant: "aadOptscim062020=false" })).toBe("default");
    expect(dialectOf({ idp: "okta", variant: "default" })).toBe("default");
  });
});
