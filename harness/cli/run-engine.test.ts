import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { CONTRACT_CHECKS } from "../../contracts/index.ts";
import { unresolvedExchangeIds, validateReport, type RunReport } from "../../reports/index.ts";
import type { Reporter } from "../runner/run-events.ts";
import { runSuites } from "../runner/run-suites.ts";
import { traffic } from "../runner/traffic.test-support.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import { runCommand, type RunOptions } from "./run-command.ts";
import { buildSuites } from "./suites.ts";

vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function runAll(target: string): Promise<{ code: number; report: RunReport }> {
  const out = await mkdtemp(join(tmpdir(), "scimh-engine-"));
  dirs.push(out);
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const options: RunOptions = {
    target,
    tokenEnv: "SCIMH_ENGINE_TEST_TOKEN_UNSET",
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["json"],
    out,
    failOn: "error",
    bail: false,
    timeout: 10_000,
    concurrency: 4,
    list: false,
    suite: "all",
    seed: 11,
    runId: "eng1",
    numRuns: 3,
    timeBudget: 10,
  };
  const code = await runCommand(options);
  vi.restoreAllMocks();
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  return { code, report };
}

it("--suite all on the fake: one report with a status for every contract check and every cited exchange", async () => {
  const { code, report } = await runAll("fake");
  expect(code).toBe(0);
  expect(validateReport(report)).toEqual([]);
  // Versions a vendor can pin: the tool and the scenario library it ran (package.json).
  expect(report.tool.scenarioLibraryVersion).toMatch(/^\d+\.\d+\.\d+$/);
  expect(report.contracts?.map((c) => c.id)).toEqual(CONTRACT_CHECKS.map((c) => c.id));
  for (const check of report.contracts ?? []) {
    expect(["passed", "failed", "notApplicable", "errored"]).toContain(check.status);
    if (check.status === "notApplicable" || check.status === "errored") expect(check.reason).toBeTruthy();
  }
  expect(report.summary.contracts).toMatchObject({ total: CONTRACT_CHECKS.length, failed: 0, errored: 0 });
  expect(report.properties?.map((p) => [p.id, p.numRunsRequested])).toEqual([
    ["property.filters", 3],
    ["property.patch", 3],
    ["property.stateful", 3],
  ]);
  expect(unresolvedExchangeIds(report)).toEqual([]);
});

it("findings of contract checks cite exchanges that report.json holds, with their requests", async () => {
  const { code, report } = await runAll("fake+json-content-type+filter-miss-404");
  expect(code).toBe(1);
  const contractFindings = report.findings.filter(
    (f) => f.ruleId.startsWith("rfc7644.") && f.severity !== "info",
  );
  expect(contractFindings.length).toBeGreaterThan(0);
  const cited = contractFindings.flatMap((f) => f.exchangeIds);
  expect(cited.length).toBeGreaterThan(0);
  const runExchanges = new Map((report.exchanges ?? []).map((e) => [e.id, e]));
  for (const id of cited) expect(runExchanges.get(id)?.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  // Each failed check lists exactly its findings.
  for (const check of report.contracts ?? []) {
    const own = report.findings.filter((f) => f.ruleId === check.id).map((f) => f.id);
    expect(check.findingIds).toEqual(own);
  }
  expect(unresolvedExchangeIds(report)).toEqual([]);
});

it("reporters get the finished report once, after every suite, with the finishing step applied", async () => {
  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  try {
    const ends: RunReport[] = [];
    const order: string[] = [];
    const reporter: Reporter = {
      onSuiteStart: ({ suite }) => void order.push(`start:${suite}`),
      onContractCheckEnd: () => void (order.at(-1) !== "check" && order.push("check")),
      onPropertyEnd: (p) => void order.push(p.id),
      onRunEnd: (r) => void ends.push(r),
    };
    const report = await runSuites({
      target,
      suites: buildSuites({
        suite: "all",
        scenarios: { variants: [] },
        checks: ["rfc7644.get.*"],
        numRuns: 2,
        timeoutMs: 10_000,
      }),
      seed: 5,
      reporters: [reporter],
      finalize: (raw) => ({ ...raw, run: { ...raw.run, command: "finalized" } }),
    });
    expect(ends).toHaveLength(1);
    expect(ends[0]).toBe(report);
    expect(report.run.command).toBe("finalized");
    expect(order).toEqual([
      "start:scenarios",
      "start:contracts",
      "check",
      "start:properties",
      "property.filters",
      "property.patch",
      "property.stateful",
    ]);
    expect(report.contracts?.every((c) => c.id.startsWith("rfc7644.get."))).toBe(true);
  } finally {
    await target.stop();
  }
});

it("same --seed and --run-id: the same requests per scenario and the same contract and property outcomes", async () => {
  const first = await runAll("fake");
  const second = await runAll("fake");
  const lines = (report: RunReport) =>
    report.scenarios.map((s) => ({ scenario: `${s.id} [${s.variant}]`, requests: traffic(s) }));
  const outcomes = (report: RunReport) => ({
    contracts: report.contracts?.map((c) => [c.id, c.status, c.findingIds]),
    properties: report.properties?.map((p) => [p.id, p.status, p.seed, p.numRuns]),
  });
  expect(lines(second.report)).toEqual(lines(first.report));
  expect(lines(first.report).flatMap((s) => s.requests).length).toBeGreaterThan(500);
  expect(outcomes(second.report)).toEqual(outcomes(first.report));
});
