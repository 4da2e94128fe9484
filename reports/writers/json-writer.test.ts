import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FIXTURE_TOKEN, contractFixtureReport, fixtureReport } from "../report.fixtures.ts";
import { unresolvedExchangeIds, validateReport } from "../validate-report.ts";
import { renderJsonReport, writeJsonReport } from "./json-writer.ts";

it("renders pretty JSON with a trailing newline that parses back to the redacted report", () => {
  const text = renderJsonReport(fixtureReport(), { secrets: [] });
  expect(text.startsWith('{\n  "schemaVersion": 2,\n  "tool": {\n    "name": "scim-harness",')).toBe(true);
  expect(text.endsWith("}\n")).toBe(true);
  const parsed = JSON.parse(text) as ReturnType<typeof fixtureReport>;
  expect(parsed.summary.scenarios).toEqual({ total: 3, passed: 1, failed: 1, errored: 0, notApplicable: 1 });
  expect(parsed.scenarios[1]?.exchanges[0]?.request.headers.Authorization).toBe("Bearer [REDACTED]");
});

it("never contains the bearer token or a configured secret", () => {
  const report = fixtureReport();
  report.run.command = "scim-harness run --token SUPERSECRET-1";
  const text = renderJsonReport(report, { secrets: ["SUPERSECRET-1"] });
  expect(text).not.toContain(FIXTURE_TOKEN);
  expect(text).not.toContain("SUPERSECRET-1");
  expect(text).toContain('"command": "scim-harness run --token [REDACTED]"');
});

it("does not modify the report it is given", () => {
  const report = fixtureReport();
  renderJsonReport(report, { secrets: [FIXTURE_TOKEN] });
  expect(report.scenarios[0]?.exchanges[0]?.request.headers.Authorization).toBe(`Bearer ${FIXTURE_TOKEN}`);
});

it("writes the file, creating missing directories", async () => {
  const dir = await mkdtemp(join(tmpdir(), "scim-report-"));
  try {
    const path = join(dir, "nested", "deeper", "report.json");
    expect(await writeJsonReport(fixtureReport(), path, { secrets: [] })).toBe(path);
    const written = await readFile(path, "utf8");
    expect(written).toBe(renderJsonReport(fixtureReport(), { secrets: [] }));
    expect(written).not.toContain(FIXTURE_TOKEN);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("writes contracts and run-level exchanges redacted, valid against the schema, every cited exchange present", () => {
  const text = renderJsonReport(contractFixtureReport(), { secrets: [] });
  expect(text).not.toContain(FIXTURE_TOKEN);
  const parsed = JSON.parse(text) as ReturnType<typeof contractFixtureReport>;
  expect(parsed.exchanges?.[1]?.request.headers.Authorization).toBe("Bearer [REDACTED]");
  expect(parsed.contracts?.map((c) => c.status)).toEqual(["passed", "failed", "notApplicable", "errored"]);
  expect(validateReport(parsed)).toEqual([]);
  expect(unresolvedExchangeIds(parsed)).toEqual([]);
});
