import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { applyBaseline, exitCodeFor } from "../../reports/index.ts";
import { fixtureReport } from "../../reports/report.fixtures.ts";
import { loadBaselineInputs } from "./baseline-inputs.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scimh-inputs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("is undefined without flags and without a waiver file in the directory", async () => {
  expect(await loadBaselineInputs({ cwd: dir })).toBeUndefined();
});

it("picks up scim-harness.waivers.yaml from the directory unless --no-waivers", async () => {
  await writeFile(join(dir, "scim-harness.waivers.yaml"), "- rule: patch-*\n  reason: ACME-1\n");
  const inputs = await loadBaselineInputs({ cwd: dir });
  expect(inputs).toEqual({
    waivers: [{ rule: "patch-*", reason: "ACME-1", line: 1 }],
    waiverFile: join(dir, "scim-harness.waivers.yaml"),
  });
  expect(await loadBaselineInputs({ cwd: dir, waivers: false })).toBeUndefined();
});

it("loads --baseline and an explicit --waivers file; the result makes a known-only run pass", async () => {
  const baseline = join(dir, "old.json");
  await writeFile(baseline, JSON.stringify(fixtureReport()));
  const waivers = join(dir, "w.yaml");
  await writeFile(waivers, "[]\n");
  const inputs = await loadBaselineInputs({ baseline, waivers, cwd: dir });
  expect(inputs?.baselineFile).toBe(baseline);
  expect(inputs?.waivers).toEqual([]);
  const report = applyBaseline(fixtureReport(), inputs!);
  expect(report.baseline).toMatchObject({ file: baseline, waiverFile: waivers, known: 2, new: 0 });
  expect(exitCodeFor(report, "error")).toBe(0);
});

it("fails before the run on a missing baseline or a broken waiver file", async () => {
  await expect(loadBaselineInputs({ baseline: join(dir, "nope.json"), cwd: dir })).rejects.toThrow(
    /^cannot read the baseline report .*nope\.json/,
  );
  const waivers = join(dir, "w.yaml");
  await writeFile(waivers, "- rule: x\n");
  await expect(loadBaselineInputs({ waivers, cwd: dir })).rejects.toThrow(`${waivers}:1: /0/reason: `);
});
