import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect, it } from "vitest";
import { fixtureReport, fullFixtureReport } from "./report.fixtures.ts";
import { applyBaseline } from "./baseline.ts";
import schema from "./report.schema.json" with { type: "json" };
import type { RunReport } from "./report.ts";

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

it("has an $id, a title and pins schemaVersion to 1", () => {
  expect(schema.$id).toBe("urn:scim-harness:schema:report:1");
  expect(schema.title).toContain("RunReport");
  expect(schema.properties.schemaVersion).toEqual({ const: 1 });
});

it("accepts the small fixture report", () => {
  expect(errorsOf(asJson(fixtureReport()))).toEqual([]);
});

it("accepts the fixture with every optional field, properties and an errored exchange", () => {
  expect(errorsOf(asJson(fullFixtureReport()))).toEqual([]);
});

it("accepts a minimal empty run", () => {
  const empty: RunReport = {
    schemaVersion: 1,
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

it("rejects schemaVersion 2", () => {
  const report = asJson(fixtureReport());
  report.schemaVersion = 2;
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
