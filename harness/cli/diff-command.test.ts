import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { fixtureReport } from "../../reports/report.fixtures.ts";
import { diffCommand } from "./diff-command.ts";

let dir = "";
let stdout: string[] = [];
let stderr: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scimh-diff-"));
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation((c) => (stdout.push(String(c)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((c) => (stderr.push(String(c)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, value: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

it("prints what got fixed and exits 0 when nothing is new", async () => {
  const fixed = fixtureReport();
  fixed.scenarios[1]!.status = "passed";
  fixed.scenarios[1]!.steps[1]!.findings = [];
  fixed.summary.scenarios = { total: 3, passed: 2, failed: 0, errored: 0, notApplicable: 1 };
  fixed.summary.findings = { error: 0, warning: 0, info: 0 };
  const code = await diffCommand(await write("old.json", fixtureReport()), await write("new.json", fixed));
  expect(code).toBe(0);
  const text = stdout.join("");
  expect(text).toContain("  entra-disable-user [default]: failed → passed\n");
  expect(text).toContain("Fixed findings: 2\n");
  expect(text).toContain("  scenarios  total 0, passed +1, failed -1, errored 0, not applicable 0\n");
});

it("exits 1 when the new run has findings the old one did not", async () => {
  const code = await diffCommand(
    await write("old.json", { ...fixtureReport(), scenarios: [] }),
    await write("new.json", fixtureReport()),
  );
  expect(code).toBe(1);
  expect(stdout.join("")).toContain("New findings: 2\n");
});

it("exits 2 with the reason when a file is not a report", async () => {
  const code = await diffCommand(await write("old.json", { log: {} }), join(dir, "missing.json"));
  expect(code).toBe(2);
  expect(stderr.join("")).toMatch(/^scim-harness diff: /);
});
