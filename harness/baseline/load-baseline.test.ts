import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { fixtureReport } from "../../reports/report.fixtures.ts";
import { isHarnessError } from "../errors.ts";
import { loadBaselineReport, loadWaivers, parseBaselineReport, parseWaivers } from "./load-baseline.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scimh-baseline-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const problem = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(isHarnessError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected an error");
};

it("parses a waiver list with line numbers, optional scenario and expiry", () => {
  const text = [
    "# accepted deviations",
    "- rule: entra.patch-applied",
    "  scenario: import/*",
    "  reason: ACME-123, fix ships in 4.2",
    "  expires: 2026-03-31",
    "- rule: content-type-*",
    "  reason: JSON is fine for us",
    "",
  ].join("\n");
  expect(parseWaivers(text, "w.yaml")).toEqual([
    {
      rule: "entra.patch-applied",
      scenario: "import/*",
      reason: "ACME-123, fix ships in 4.2",
      expires: "2026-03-31",
      line: 2,
    },
    { rule: "content-type-*", reason: "JSON is fine for us", line: 6 },
  ]);
});

it("accepts the { waivers: [...] } form and an empty file", () => {
  expect(parseWaivers("waivers:\n  - rule: a\n    reason: b\n", "w.yaml")).toEqual([
    { rule: "a", reason: "b", line: 2 },
  ]);
  expect(parseWaivers("", "w.yaml")).toEqual([]);
});

it("names file, line and pointer for a waiver without reason", () => {
  const text = "- rule: a\n  reason: ok\n- rule: b\n  expires: 2026-01-01\n";
  expect(problem(() => parseWaivers(text, "w.yaml"))).toBe(
    "w.yaml:3: /1/reason: Invalid input: expected string, received undefined",
  );
});

it("rejects a date that is not YYYY-MM-DD or not on the calendar, with its line", () => {
  expect(problem(() => parseWaivers("- rule: a\n  reason: b\n  expires: 31.03.2026\n", "w.yaml"))).toBe(
    "w.yaml:3: /0/expires: a date YYYY-MM-DD",
  );
  expect(problem(() => parseWaivers("- rule: a\n  reason: b\n  expires: 2026-02-30\n", "w.yaml"))).toBe(
    "w.yaml:3: /0/expires: not a calendar date",
  );
});

it("rejects unknown fields, blank reasons and YAML syntax errors", () => {
  expect(problem(() => parseWaivers("- rule: a\n  reason: b\n  severity: low\n", "w.yaml"))).toBe(
    "w.yaml:1: /0: unknown field(s) severity",
  );
  expect(problem(() => parseWaivers("- rule: a\n  reason: '  '\n", "w.yaml"))).toBe(
    "w.yaml:2: /0/reason: every waiver needs a reason",
  );
  expect(problem(() => parseWaivers("- rule: [a\n", "w.yaml"))).toMatch(/^w\.yaml:\d+: not valid YAML: /);
});

it("loads a waiver file from disk and fails clearly when it is missing", async () => {
  const file = join(dir, "scim-harness.waivers.yaml");
  await writeFile(file, "- rule: x\n  reason: y\n");
  expect(await loadWaivers(file)).toEqual([{ rule: "x", reason: "y", line: 1 }]);
  await expect(loadWaivers(join(dir, "nope.yaml"))).rejects.toThrow(
    /^cannot read the waiver file .*nope\.yaml: /,
  );
});

it("loads a baseline report.json and rejects foreign JSON naming what is wrong", async () => {
  const file = join(dir, "report.json");
  await writeFile(file, JSON.stringify(fixtureReport()));
  expect((await loadBaselineReport(file)).run.id).toBe("run-20251123-100000");
  expect(problem(() => parseBaselineReport('{"log":{"entries":[]}}', "x.json"))).toContain(
    "baseline x.json is not a scim-harness report.json: / must have required property 'schemaVersion'",
  );
  expect(problem(() => parseBaselineReport("{", "x.json"))).toMatch(/^baseline x\.json is not JSON: /);
});
