/**
 * The shipped examples end to end: import the customer's export, run the scenario against the fake SP with
 * the quirk behind bug B1 (PATCH `"active": "False"` silently ignored), and see it fail where the customer's
 * ticket says; on the clean fake the same scenario passes.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { exitCodeFor } from "../../reports/index.ts";
import type { RunReport } from "../../reports/index.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { importEntraLog } from "./import-entra-log.ts";
import { importHar } from "./import-har.ts";

const example = (name: string) => fileURLToPath(new URL(`./examples/${name}`, import.meta.url));
const CSV = [
  "ProvisioningLogs_b1-removed-from-group.csv",
  "ProvisioningLogs_ModifiedProperties_b1-removed-from-group.csv",
  "ProvisioningLogs_ProvisioningSteps_b1-removed-from-group.csv",
];

const started: StartedScimTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

async function run(yaml: string, quirks: string[]): Promise<RunReport> {
  const target = await new FakeTarget({ profile: "generic", quirks }).start();
  started.push(target);
  const scenario = parseScenario(yaml, "imported.yaml");
  return runScenarios({
    target,
    variants: expandVariants(scenario, "imported.yaml"),
    seed: 42,
    runId: "imp1",
  });
}

const outcome = (report: RunReport) =>
  report.scenarios.map((s) => [
    s.variant,
    s.status,
    s.steps.filter((st) => st.status !== "passed").map((st) => st.action),
  ]);

it("Entra JSON export (B1): the imported scenario fails at the disable without the flag, on the quirky fake only", async () => {
  const { yaml, scenario, skipped } = importEntraLog(
    await readFile(example("entra-b1-removed-from-group.json")),
    {
      fileName: "entra-b1-removed-from-group.json",
    },
  );
  expect(scenario.steps.map((s) => s.do)).toEqual([
    "assignUser",
    "assignUser",
    "assignGroup",
    "removeMembers",
    "disableUser",
    "updateUser",
  ]);
  expect(skipped.map((s) => s.entry)).toEqual(["entry 0 (change e6a9c2f5)"]);

  const buggy = await run(yaml, ["active-string-ignored"]);
  expect(outcome(buggy)).toEqual([
    ["aadOptscim062020=false", "failed", ["disableUser"]],
    ["aadOptscim062020=true", "passed", []],
  ]);
  const disable = buggy.scenarios[0]!.steps[4]!;
  expect(disable.findings.map((f) => f.ruleId)).toContain("scenario.expect.state");
  expect(disable.findings.find((f) => f.ruleId === "scenario.expect.state")?.message).toContain(
    "active eq false",
  );
  expect(exitCodeFor(buggy, "error")).toBe(1);

  const clean = await run(yaml, []);
  expect(outcome(clean)).toEqual([
    ["aadOptscim062020=false", "passed", []],
    ["aadOptscim062020=true", "passed", []],
  ]);
  expect(exitCodeFor(clean, "error")).toBe(0);
}, 30_000);

it("the CSV download (three files) gives the same scenario as the JSON export", async () => {
  const files = await Promise.all(
    CSV.map(async (name) => ({ name, text: await readFile(example(name), "utf8") })),
  );
  const fromCsv = importEntraLog(files, { fileName: CSV[0] });
  const fromJson = importEntraLog(await readFile(example("entra-b1-removed-from-group.json")), {
    fileName: "entra-b1-removed-from-group.json",
  });
  expect(fromCsv.scenario.given).toEqual(fromJson.scenario.given);
  expect(fromCsv.scenario.steps).toEqual(fromJson.scenario.steps);
  expect(fromCsv.skipped.map((s) => s.entry)).toEqual(["line 8 (change e6a9c2f5)"]);
  expect(fromCsv.warnings).toEqual([]);

  const buggy = await run(fromCsv.yaml, ["active-string-ignored"]);
  expect(outcome(buggy)[0]).toEqual(["aadOptscim062020=false", "failed", ["disableUser"]]);
}, 30_000);

it("HAR capture (B1): the read-back after the PATCH fails on the quirky fake and passes on the clean one", async () => {
  const { yaml, scenario, skipped, warnings } = importHar(await readFile(example("b1-disable-ignored.har")), {
    fileName: "b1-disable-ignored.har",
  });
  expect(
    scenario.steps.map((s) => (s.do === "request" ? `${s.method} ${s.path.split("?")[0]}` : s.do)),
  ).toEqual(["GET /Users", "GET /Users", "POST /Users", "PATCH /Users/${u1}", "GET /Users/${u1}"]);
  expect(skipped).toEqual([
    {
      entry: "entries[3]",
      reason: "not a SCIM request (GET https://crm.acme-vendor.example/app/settings/provisioning)",
    },
  ]);
  expect(warnings).toEqual(["credentials dropped, never written: Authorization, Cookie"]);

  const buggy = await run(yaml, ["active-string-ignored"]);
  expect(outcome(buggy)).toEqual([["default", "failed", ["request"]]]);
  const readBack = buggy.scenarios[0]!.steps[4]!;
  expect(readBack.findings.map((f) => [f.ruleId, f.message])).toEqual([
    ["scenario.expect.body", "expected false at /active, got true"],
  ]);

  const clean = await run(yaml, []);
  expect(outcome(clean)).toEqual([["default", "passed", []]]);
}, 30_000);

it("Entra log: a displayName update replays green on the clean fake (the read-back carries the run prefix the run sends)", async () => {
  const change = (at: string, action: string, props: [string, string | null, string | null][]) => ({
    activityDateTime: at,
    cycleId: "c0ffee00-0000-4000-8000-000000000001",
    changeId: `ch-${at}`,
    provisioningAction: action,
    provisioningStatusInfo: { status: "success", errorInformation: null },
    sourceIdentity: {
      identityType: "User",
      id: "5d3f8a1e-2c47-4b9e-9f1a-7e6b2c0d4a31",
      displayName: "Alex Wong",
    },
    targetIdentity: { identityType: "User", id: "", displayName: "" },
    modifiedProperties: props.map(([displayName, oldValue, newValue]) => ({
      displayName,
      oldValue,
      newValue,
    })),
    provisioningSteps: [],
  });
  const { yaml, scenario } = importEntraLog(
    JSON.stringify([
      change("2025-11-17T08:00:00Z", "create", [
        ["userPrincipalName", null, "alex.wong@contoso.com"],
        ["displayName", null, "Alex Wong"],
      ]),
      change("2025-11-18T08:00:00Z", "update", [["displayName", "Alex Wong", "Alex Wong-Berg"]]),
    ]),
    { fileName: "display-name.json" },
  );
  expect(scenario.steps.map((s) => s.do)).toEqual(["assignUser", "updateUser"]);
  const clean = await run(yaml, []);
  expect(outcome(clean)).toEqual([
    ["aadOptscim062020=false", "passed", []],
    ["aadOptscim062020=true", "passed", []],
  ]);
}, 30_000);
