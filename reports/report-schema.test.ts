import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { contractFixtureReport, fixtureReport, fullFixtureReport } from "./report.fixtures.ts";
import { applyBaseline } from "./baseline.ts";
import schema from "./report.schema.json" with { type: "json" };
import {
  RunReportSchema,
  type ContractCheckResult,
  type ExchangeRecord,
  type PropertyResult,
  type RunReport,
  type RunSummary,
} from "./report.ts";
import { REPORT_SCHEMA_FILE, reportSchemaText } from "./write-report-schema.ts";

// ajv-formats is CommonJS: under nodenext the default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** A JSON round trip: what a consumer of report.json sees (undefined fields dropped). */
function asJson(report: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
}

function errorsOf(report: unknown): string[] {
  validate(report);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

it("has an $id, a title and pins schemaVersion to 2", () => {
  expect(schema.$id).toBe("urn:scim-harness:schema:report:2");
  expect(schema.title).toContain("RunReport");
  expect(schema.properties.schemaVersion).toEqual({ type: "number", const: 2 });
});

it("is generated from the zod schemas of report.ts: the committed file is not stale (npm run gen:report-schema)", async () => {
  expect(await readFile(REPORT_SCHEMA_FILE, "utf8")).toBe(reportSchemaText());
});

it("accepts the small fixture report", () => {
  expect(errorsOf(asJson(fixtureReport()))).toEqual([]);
});

it("accepts the fixture with every optional field, properties and an errored exchange", () => {
  expect(errorsOf(asJson(fullFixtureReport()))).toEqual([]);
});

it("accepts a minimal empty run", () => {
  const empty: RunReport = {
    schemaVersion: 2,
    tool: { name: "scim-harness", version: "0.0.0" },
    run: { id: "r", startedAt: "2025-01-01T00:00:00Z", durationMs: 0, seed: 0, incomplete: false },
    target: { kind: "url", url: "https://scim.example.com/v2" },
    summary: {
      scenarios: { total: 0, passed: 0, failed: 0, errored: 0, notApplicable: 0 },
      findings: { error: 0, warning: 0, info: 0 },
      exchanges: 0,
    },
    scenarios: [],
    findings: [],
  };
  expect(errorsOf(asJson(empty))).toEqual([]);
});

it("rejects a report without summary", () => {
  const report = asJson(fixtureReport());
  delete report.summary;
  expect(errorsOf(report)).toContain(" must have required property 'summary'");
});

it('rejects severity "critical"', () => {
  const report = asJson(fixtureReport()) as unknown as RunReport;
  const finding = report.scenarios[1]?.steps[1]?.findings[0];
  (finding as unknown as { severity: string }).severity = "critical";
  expect(errorsOf(report)).toContain(
    "/scenarios/1/steps/1/findings/0/severity must be equal to one of the allowed values",
  );
});

it('rejects scenario status "ok"', () => {
  const report = asJson(fixtureReport()) as unknown as RunReport;
  (report.scenarios[0] as unknown as { status: string }).status = "ok";
  expect(errorsOf(report)).toContain("/scenarios/0/status must be equal to one of the allowed values");
});

it("rejects schemaVersion 1 (and any other)", () => {
  const report = asJson(fixtureReport());
  report.schemaVersion = 1;
  expect(errorsOf(report)).toContain("/schemaVersion must be equal to constant");
});

it("rejects a startedAt that is not a date-time", () => {
  const report = asJson(fixtureReport()) as unknown as RunReport;
  report.run.startedAt = "yesterday";
  expect(errorsOf(report)).toContain('/run/startedAt must match format "date-time"');
});

it("rejects unknown properties and an unknown exchange error kind", () => {
  const report = asJson(fullFixtureReport()) as unknown as RunReport;
  (report.target as unknown as Record<string, unknown>).password = "x";
  const failing = report.scenarios[3]?.exchanges[0]?.error;
  (failing as unknown as { kind: string }).kind = "teapot";
  const errors = errorsOf(report);
  expect(errors).toContain("/target must NOT have additional properties");
  expect(errors).toContain("/scenarios/3/exchanges/0/error/kind must be equal to one of the allowed values");
});

it("rejects a finding without exchangeIds and a negative duration", () => {
  const report = asJson(fixtureReport()) as unknown as RunReport;
  delete (report.scenarios[1]?.steps[1]?.findings[1] as unknown as Record<string, unknown>).exchangeIds;
  report.scenarios[0]!.durationMs = -1;
  const errors = errorsOf(report);
  expect(errors).toContain("/scenarios/1/steps/1/findings/1 must have required property 'exchangeIds'");
  expect(errors).toContain("/scenarios/0/durationMs must be >= 0");
});

it("accepts a report after applyBaseline with known, waived, expired-waiver and fixed findings", () => {
  const now = fixtureReport();
  now.scenarios[1]!.steps[1]!.findings.push({ ...now.scenarios[1]!.steps[1]!.findings[0]!, id: "f9" });
  const old = fixtureReport();
  old.findings.push({
    id: "g",
    ruleId: "gone",
    severity: "warning",
    title: "t",
    message: "m",
    exchangeIds: [],
  });
  const out = applyBaseline(now, {
    baseline: old,
    baselineFile: "old.json",
    waivers: [
      { rule: "content-*", reason: "accepted", expires: "2030-01-01" },
      { rule: "patch-active-boolean", reason: "old", expires: "2020-01-01" },
    ],
    waiverFile: "scim-harness.waivers.yaml",
    today: new Date("2025-06-01T00:00:00Z"),
  });
  expect(out.baseline?.fixed).toHaveLength(1);
  expect(errorsOf(asJson(out))).toEqual([]);
});

it('rejects baseline "ignored" on a finding and a waiver without reason', () => {
  const report = asJson(fixtureReport()) as unknown as RunReport;
  const finding = report.scenarios[1]!.steps[1]!.findings[0]!;
  (finding as unknown as { baseline: string }).baseline = "ignored";
  (finding as unknown as { waiver: unknown }).waiver = { rule: "x" };
  const errors = errorsOf(report);
  expect(errors).toContain(
    "/scenarios/1/steps/1/findings/0/baseline must be equal to one of the allowed values",
  );
  expect(errors).toContain("/scenarios/1/steps/1/findings/0/waiver must have required property 'reason'");
});

describe("schemaVersion 2: contracts, run-level exchanges, properties' runs done of asked", () => {
  /** The zod schema's verdict on the same value: it must agree with the JSON Schema. */
  const zodAccepts = (report: unknown) => RunReportSchema.safeParse(report).success;

  it("accepts a full report with contracts of every status, run-level exchanges and a not-applicable property", () => {
    const report = asJson(contractFixtureReport());
    expect(errorsOf(report)).toEqual([]);
    expect(zodAccepts(report)).toBe(true);
  });

  it.each(["notApplicable", "errored"])(
    "rejects a %s contract check without a reason, or with an empty one",
    (status) => {
      const report = asJson(contractFixtureReport()) as unknown as RunReport;
      const index = report.contracts!.findIndex((c) => c.status === status);
      delete report.contracts![index]!.reason;
      expect(errorsOf(report)).toContain(`/contracts/${index} must have required property 'reason'`);
      expect(zodAccepts(report)).toBe(false);
      report.contracts![index]!.reason = "";
      expect(errorsOf(report)).toContain(`/contracts/${index}/reason must NOT have fewer than 1 characters`);
      expect(zodAccepts(report)).toBe(false);
    },
  );

  it("accepts passed and failed contract checks without a reason", () => {
    const report = asJson(contractFixtureReport()) as unknown as RunReport;
    expect(report.contracts!.slice(0, 2).map((c) => [c.status, c.reason])).toEqual([
      ["passed", undefined],
      ["failed", undefined],
    ]);
    expect(errorsOf(report)).toEqual([]);
  });

  it("rejects a not-applicable property without a reason, and one without numRunsRequested", () => {
    const report = asJson(contractFixtureReport()) as unknown as RunReport;
    delete report.properties![2]!.reason;
    delete (report.properties![0] as Partial<PropertyResult>).numRunsRequested;
    const errors = errorsOf(report);
    expect(errors).toContain("/properties/2 must have required property 'reason'");
    expect(errors).toContain("/properties/0 must have required property 'numRunsRequested'");
    expect(zodAccepts(report)).toBe(false);
  });

  it("rejects an unknown contract status or keyword and a contract without findingIds", () => {
    const report = asJson(contractFixtureReport()) as unknown as RunReport;
    (report.contracts![0] as unknown as { status: string }).status = "skipped";
    (report.contracts![1] as unknown as { keyword: string }).keyword = "MAY";
    delete (report.contracts![2] as Partial<ContractCheckResult>).findingIds;
    const errors = errorsOf(report);
    expect(errors).toContain("/contracts/0/status must be equal to one of the allowed values");
    expect(errors).toContain("/contracts/1/keyword must be equal to one of the allowed values");
    expect(errors).toContain("/contracts/2 must have required property 'findingIds'");
  });

  it("rejects a run-level exchange without curl and a summary.contracts without errored", () => {
    const report = asJson(contractFixtureReport()) as unknown as RunReport;
    delete (report.exchanges![0] as Partial<ExchangeRecord>).curl;
    delete (report.summary.contracts as Partial<NonNullable<RunSummary["contracts"]>>).errored;
    const errors = errorsOf(report);
    expect(errors).toContain("/exchanges/0 must have required property 'curl'");
    expect(errors).toContain("/summary/contracts must have required property 'errored'");
  });
});
