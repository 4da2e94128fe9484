import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, expect, it } from "vitest";
import { validateReport, type RunReport } from "../../reports/index.ts";
import { inGroup, killGroups } from "./test-support/process-groups.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const TSX = join(ROOT, "node_modules/.bin/tsx");

afterAll(() => {
  killGroups();
});

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // CI=true and pipes: not a terminal, as in a CI job.
    const child = spawn(TSX, ["harness/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: "true", ...env },
      detached: true,
    });
    inGroup(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const PROGRESS_LINE = /^\s*\d+\/\d+ [✓✗!–] /m;

it("in CI the first screen is the answer: one bug, many findings, at most 3 root causes named in the first 40 lines", async () => {
  const out = await mkdtemp(join(tmpdir(), "scimh-first-screen-"));
  const result = await run([
    "run",
    "--target",
    "fake:generic+active-string-ignored",
    "--reporter",
    "console,json",
    "--out",
    out,
    "--seed",
    "7",
    // The scenario library; the whole gate (properties included) is harness/cli/root-cause-merge.test.ts.
    "--suite",
    "scenarios",
  ]);
  expect(result.code).toBe(1);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  expect(validateReport(report)).toEqual([]);
  expect(report.summary.findings.error).toBeGreaterThan(10);
  const causes = report.rootCauses ?? [];
  expect(causes.length).toBeGreaterThan(0);
  expect(causes.filter((c) => c.severity === "error").length).toBeLessThanOrEqual(3);
  // Every finding of the report sits in exactly one root cause.
  const grouped = causes.flatMap((c) => c.findingIds);
  expect(new Set(grouped).size).toBe(grouped.length);
  expect(grouped.length).toBe(
    report.summary.findings.error + report.summary.findings.warning + report.summary.findings.info,
  );

  const first40 = result.stdout.split("\n").slice(0, 40).join("\n");
  expect(first40.split("\n")[0]).toMatch(/^✗ FAILED /);
  // The first screen names every error and warning root cause (info records stay in the reports).
  for (const cause of causes.filter((c) => c.severity !== "info")) {
    expect(first40).toContain(cause.id);
    expect(first40).toContain(cause.title);
  }
  expect(first40).toMatch(/^ Compatibility +Entra +Entra aadOptscim062020 +JumpCloud\b/m);
  expect(first40).toMatch(/^ {3}disable +✗ #1/m);
  expect(result.stdout).toMatch(/^reports: .*report\.json$/m);
  // No per-scenario lines by default off a terminal, neither progress nor the detailed listing.
  expect(result.stderr).not.toMatch(PROGRESS_LINE);
  expect(result.stdout).not.toMatch(/^ [✓✗] entra\//m);
  expect(result.stdout.split("\n").length).toBeLessThan(80);
}, 180_000);

it("--progress and --verbose bring the per-scenario lines back; a clean run says PASSED", async () => {
  const out = await mkdtemp(join(tmpdir(), "scimh-first-screen-"));
  const result = await run([
    "run",
    "--scenario",
    "entra/e5-*",
    "--reporter",
    "console",
    "--out",
    out,
    "--progress",
    "--verbose",
    "--seed",
    "7",
  ]);
  expect(result.code).toBe(0);
  expect(result.stdout.split("\n")[0]).toMatch(/^✓ PASSED /);
  expect(result.stdout).toContain("No root cause");
  expect(result.stderr).toMatch(PROGRESS_LINE);
  expect(result.stdout).toMatch(/^ ✓ entra\/e5-disable /m);
}, 120_000);

it("--reporter markdown,badge writes summary.md (appended to GITHUB_STEP_SUMMARY) and badge.svg", async () => {
  const out = await mkdtemp(join(tmpdir(), "scimh-summary-"));
  const stepSummary = join(out, "step-summary.md");
  await writeFile(stepSummary, "earlier step\n", "utf8");
  const args = ["run", "--scenario", "entra/e5-*", "--scenario", "jumpcloud/jc1-*", "--seed", "7"];
  const broken = await run(
    [
      ...args,
      "--target",
      "fake:generic+active-string-ignored",
      "--reporter",
      "json,markdown,badge",
      "--out",
      out,
    ],
    { GITHUB_STEP_SUMMARY: stepSummary },
  );
  expect(broken.code).toBe(1);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  const summary = await readFile(join(out, "summary.md"), "utf8");
  expect(summary).toMatch(/^## scim-harness: ✗ failed$/m);
  // Every root cause that counts (not-applicable notes are info, listed with coverage instead).
  const counting = (report.rootCauses ?? []).filter((c) => c.severity !== "info");
  expect(counting.length).toBeGreaterThan(0);
  for (const cause of counting) expect(summary).toContain(cause.id);
  expect(summary).toMatch(/^\| disable \| ✗ #1/m);
  expect(summary).toContain("[report.json](report.json)");
  expect(await readFile(stepSummary, "utf8")).toBe(`earlier step\n\n${summary}`);
  const badge = await readFile(join(out, "badge.svg"), "utf8");
  expect(new XMLParser().parse(badge)).toHaveProperty("svg");
  expect(badge).toContain("Entra ✗ · JumpCloud ✓");

  const clean = await run([...args, "--reporter", "markdown,badge", "--out", join(out, "clean")]);
  expect(clean.code).toBe(0);
  expect(await readFile(join(out, "clean", "summary.md"), "utf8")).toMatch(/^## scim-harness: ✓ passed$/m);
  expect(await readFile(join(out, "clean", "badge.svg"), "utf8")).toContain("Entra ✓ · JumpCloud ✓");
}, 180_000);
