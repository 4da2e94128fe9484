import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import type { Finding, RunReport, ScenarioResult } from "../../reports/index.ts";
import { unresolvedExchangeIds, validateReport } from "../../reports/validate-report.ts";
import { ConfigurationError } from "../errors.ts";
import { mergeReports } from "./merge-reports.ts";
import { mergeReportsCommand } from "./merge-reports-command.ts";

const finding = (severity: Finding["severity"], ruleId: string): Finding => ({
  id: `f-${ruleId}`,
  ruleId,
  severity,
  title: ruleId,
  message: ruleId,
  exchangeIds: [],
});

function scenario(
  id: string,
  variant: string,
  status: ScenarioResult["status"],
  exchanges: number,
): ScenarioResult {
  const ex = Array.from({ length: exchanges }, (_, i) => ({
    id: `${id}-x${i}`,
    label: "probe",
    startedAt: "2026-01-01T10:00:00.000Z",
    durationMs: 1,
    request: { method: "GET", url: "http://h/Users", headers: {} },
    response: { status: 200, headers: {} },
    curl: "curl http://h/Users",
  }));
  const steps =
    status === "failed"
      ? [
          {
            index: 0,
            action: "assignUser",
            inferred: false,
            status: "failed" as const,
            durationMs: 1,
            exchangeIds: [],
            findings: [finding("error", "entra.create-status")],
          },
        ]
      : [];
  return {
    id,
    title: id,
    idp: id.startsWith("j") ? "jumpcloud" : "entra",
    variant,
    tags: [],
    status,
    durationMs: 10,
    steps,
    exchanges: ex,
    findings: [],
  };
}

function shard(
  over: Partial<RunReport> & { scenarios: ScenarioResult[] },
  run: Partial<RunReport["run"]>,
  target: Partial<RunReport["target"]>,
): RunReport {
  return {
    schemaVersion: 2,
    tool: { name: "scim-harness", version: "0.1.0" },
    run: {
      id: "r1",
      startedAt: "2026-01-01T10:00:00.000Z",
      durationMs: 1000,
      seed: 42,
      incomplete: false,
      ...run,
    },
    target: { kind: "container", image: "my-scim:ci", ...target },
    summary: {
      scenarios: { total: 0, passed: 0, failed: 0, errored: 0, notApplicable: 0 },
      findings: { error: 0, warning: 0, info: 0 },
      exchanges: 0,
    },
    findings: [],
    ...over,
  };
}

const shardA = () =>
  shard(
    { scenarios: [scenario("e2", "default", "passed", 2), scenario("j1", "default", "failed", 0)] },
    { startedAt: "2026-01-01T10:00:00.000Z", durationMs: 5000 },
    { url: "http://127.0.0.1:32001/scim/v2", startupMs: 900, logs: ["a1"] },
  );
const shardB = () =>
  shard(
    {
      scenarios: [scenario("e1", "x=1", "passed", 1), scenario("a1", "default", "notApplicable", 0)],
      findings: [finding("warning", "contract.etag")],
    },
    { startedAt: "2026-01-01T10:00:02.000Z", durationMs: 6000 },
    { url: "http://127.0.0.1:32002/scim/v2", startupMs: 1200, logs: ["b1", "b2"] },
  );

it("merges shard reports: scenarios ordered by id and variant, summary recounted, run spanning both", () => {
  const merged = mergeReports([shardA(), shardB()]);
  expect(merged.scenarios.map((s) => `${s.id}[${s.variant}]`)).toEqual([
    "a1[default]",
    "e1[x=1]",
    "e2[default]",
    "j1[default]",
  ]);
  expect(merged.summary).toEqual({
    scenarios: { total: 4, passed: 2, failed: 1, errored: 0, notApplicable: 1 },
    findings: { error: 1, warning: 1, info: 0 },
    exchanges: 3,
  });
  expect(merged.run).toEqual({
    id: "r1",
    startedAt: "2026-01-01T10:00:00.000Z",
    durationMs: 8000,
    seed: 42,
    incomplete: false,
  });
  expect(merged.target).toEqual({
    kind: "container",
    image: "my-scim:ci",
    startupMs: 1200,
    logs: ["[report 1]", "a1", "[report 2]", "b1", "b2"],
  });
  expect(merged.findings.map((f) => f.ruleId)).toEqual(["contract.etag"]);
  expect(merged.properties).toBeUndefined();
});

const runExchange = (id: string, path: string) => ({
  id,
  label: "probe",
  startedAt: "2026-01-01T10:00:00.000Z",
  durationMs: 1,
  request: { method: "GET", url: `http://h${path}`, headers: {} },
  response: { status: 200, headers: {} },
  curl: `curl http://h${path}`,
});

it("keeps the contract checks, properties and run-level exchanges; a colliding exchange id is renamed with its citations", () => {
  // Shard 1 ran the contract and property suites; both shards cite a discovery exchange numbered d1.
  const a = shardA();
  const cited = { ...finding("error", "rfc7644.auth.no-token-401"), id: "f-c", exchangeIds: ["c1.1", "d1"] };
  a.findings = [cited];
  a.contracts = [
    {
      id: "rfc7644.auth.no-token-401",
      title: "no token",
      rfc: "RFC 7644 §2",
      keyword: "MUST",
      status: "failed",
      durationMs: 3,
      findingIds: ["f-c"],
    },
    {
      id: "rfc7644.bulk.x",
      title: "bulk",
      rfc: "RFC 7644 §3.7",
      keyword: "MUST",
      status: "notApplicable",
      reason: "bulk.supported is false",
      durationMs: 0,
      findingIds: [],
    },
  ];
  a.properties = [
    {
      id: "property.filters",
      title: "p",
      status: "passed",
      seed: 42,
      numRuns: 5,
      numRunsRequested: 5,
      findings: [],
    },
  ];
  a.exchanges = [runExchange("c1.1", "/Users?count=1"), runExchange("d1", "/ServiceProviderConfig")];
  const b = shardB();
  b.findings = [{ ...finding("warning", "entra.x"), id: "f-b", exchangeIds: ["d1"] }];
  b.exchanges = [runExchange("d1", "/Schemas")];

  const merged = mergeReports([a, b]);
  expect(merged.contracts?.map((c) => `${c.id}:${c.status}`)).toEqual([
    "rfc7644.auth.no-token-401:failed",
    "rfc7644.bulk.x:notApplicable",
  ]);
  expect(merged.summary.contracts).toEqual({ total: 2, passed: 0, failed: 1, notApplicable: 1, errored: 0 });
  expect(merged.properties?.map((p) => p.id)).toEqual(["property.filters"]);
  expect(merged.exchanges?.map((e) => `${e.id} ${e.request.url}`)).toEqual([
    "c1.1 http://h/Users?count=1",
    "d1 http://h/ServiceProviderConfig",
    "d1@2 http://h/Schemas",
  ]);
  expect(merged.findings.find((f) => f.id === "f-b")?.exchangeIds).toEqual(["d1@2"]);
  expect(merged.findings.find((f) => f.id === "f-c")?.exchangeIds).toEqual(["c1.1", "d1"]);
  expect(merged.summary.exchanges).toBe(3 + 3);
  expect(unresolvedExchangeIds(merged)).toEqual([]);
  expect(validateReport(merged)).toEqual([]);
});

it("keeps every run id and incomplete reason, and a URL only when all shards agree", () => {
  const a = shardA();
  a.run.incomplete = true;
  a.run.incompleteReason = "interrupted: 3 scenario(s) not run";
  const b = shardB();
  b.run.id = "r2";
  b.target.url = a.target.url;
  const merged = mergeReports([a, b]);
  expect(merged.run).toMatchObject({
    id: "r1+r2",
    incomplete: true,
    incompleteReason: "interrupted: 3 scenario(s) not run",
  });
  expect(merged.target.url).toBe("http://127.0.0.1:32001/scim/v2");
});

it("refuses no report and reports of another schema version", () => {
  expect(() => mergeReports([])).toThrow(ConfigurationError);
  const future = { ...shardA(), schemaVersion: 3 } as unknown as RunReport;
  expect(() => mergeReports([shardA(), future])).toThrow(/schema version 2, 3/);
});

it("merge-reports writes the merged JSON and JUnit and exits like the whole run would", async () => {
  const root = mkdtempSync(join(tmpdir(), "scim-harness-merge-"));
  for (const [dir, report] of [
    ["shard-1", shardA()],
    ["shard-2", shardB()],
  ] as const) {
    mkdirSync(join(root, dir));
    writeFileSync(join(root, dir, "report.json"), JSON.stringify(report));
  }
  const out = join(root, "merged");
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = await mergeReportsCommand([join(root, "shard-1"), join(root, "shard-2", "report.json")], {
      out,
      reporter: ["json", "junit"],
      failOn: "error",
    });
    expect(code).toBe(1); // j1 failed
    const merged = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport;
    expect(merged.summary.scenarios.total).toBe(4);
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    // 4 scenario variants + the run suite carrying the run-level finding
    expect(junit.match(/<testcase /g)).toHaveLength(5);
    expect(junit).toContain('name="j1 [default]"');
    const missing = await mergeReportsCommand([join(root, "nope")], {
      out,
      reporter: ["json"],
      failOn: "error",
    });
    expect(missing).toBe(2);
  } finally {
    write.mockRestore();
  }
});
