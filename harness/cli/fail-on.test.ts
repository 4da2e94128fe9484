import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterEach, expect, it, vi } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { runCommand, type RunOptions } from "./run-command.ts";

vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs B20 on a fake whose routes are case-sensitive: its finding is a warning (grade D evidence). */
async function run(failOn: "error" | "warning") {
  const out = await mkdtemp(join(tmpdir(), "scimh-fail-on-"));
  dirs.push(out);
  let stdout = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const options: RunOptions = {
    target: "fake:generic+case-sensitive-routes",
    tokenEnv: "SCIMH_FAIL_ON_TEST_TOKEN_UNSET",
    scenario: ["regressions/b20-*"],
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["console", "json", "junit"],
    out,
    failOn,
    bail: false,
    timeout: 10_000,
    concurrency: 2,
    list: false,
    seed: 5,
    runId: "failon",
    // The per-scenario lines (off a terminal the first screen shows root causes only).
    verbose: true,
  };
  const code = await runCommand(options);
  vi.restoreAllMocks();
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  const junit = new XMLParser({ ignoreAttributes: false }).parse(
    await readFile(join(out, "junit.xml"), "utf8"),
  );
  return { code, stdout, report, failures: Number(junit.testsuites["@_failures"]) };
}

it("exit code, console, JSON and JUnit agree on a warning-only run, with and without --fail-on warning", async () => {
  const lenient = await run("error");
  const strict = await run("warning");
  for (const r of [lenient, strict]) {
    const severities = r.report.findings.concat(
      r.report.scenarios.flatMap((s) => s.steps.flatMap((st) => st.findings)),
    );
    expect(severities.some((f) => f.severity === "warning")).toBe(true);
    expect(severities.some((f) => f.severity === "error")).toBe(false);
  }
  expect(lenient.code).toBe(0);
  expect(lenient.stdout).toMatch(/Verdict\s+✓ passes/);
  expect(lenient.failures).toBe(0);

  expect(strict.code).toBe(1);
  expect(strict.stdout).toMatch(/Verdict\s+✗ fails \(--fail-on warning/);
  expect(strict.stdout).toMatch(/✗ regressions\/b20-\S+ .*failing with --fail-on warning/);
  expect(strict.failures).toBeGreaterThan(0);
});

it("a scenario file that cannot be loaded: exit 2, and every report shows it as an errored entry with the loader's file:line, pointer and reason", async () => {
  const dir = await mkdtemp(join(tmpdir(), "scimh-bad-dir-"));
  dirs.push(dir);
  const { cp, writeFile } = await import("node:fs/promises");
  await cp("scenarios/regressions/b20-route-case.yaml", join(dir, "b20.yaml"));
  await writeFile(join(dir, "broken.yaml"), "id: x/broken\ntitle: b\nidp: entra\nsteps:\n  - do: nope\n");
  const out = await mkdtemp(join(tmpdir(), "scimh-bad-out-"));
  dirs.push(out);
  let stdout = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = await runCommand({
    target: "fake",
    tokenEnv: "SCIMH_FAIL_ON_TEST_TOKEN_UNSET",
    scenarioDir: dir,
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["console", "json", "junit", "html", "markdown"],
    out,
    failOn: "error",
    bail: false,
    timeout: 10_000,
    concurrency: 2,
    list: false,
    seed: 5,
    runId: "baddir",
    verbose: true,
  });
  vi.restoreAllMocks();
  expect(code).toBe(2);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  expect(report.run.incomplete).toBe(true);
  expect(report.run.incompleteReason).toMatch(/1 scenario file\(s\) could not be loaded: \S*broken\.yaml/);
  const junit = new XMLParser({ ignoreAttributes: false }).parse(
    await readFile(join(out, "junit.xml"), "utf8"),
  );
  expect(Number(junit.testsuites["@_errors"])).toBeGreaterThan(0);
  expect(await readFile(join(out, "junit.xml"), "utf8")).toContain("broken.yaml");
  expect(stdout).toMatch(/Verdict\s+! incomplete/);
  expect(stdout).toContain("broken.yaml");

  // The loader's own message: file:line, JSON pointer, reason.
  const loaderMessage = /broken\.yaml:5: \/steps\/0\/do: "do" must be one of/;
  const entry = report.scenarios.find((s) => s.file?.endsWith("broken.yaml"));
  expect(entry).toMatchObject({ status: "errored", idp: "entra" });
  expect(entry?.reason).toMatch(loaderMessage);
  expect(report.summary.scenarios).toMatchObject({ total: 2, errored: 1 });
  const cases = [junit.testsuites.testsuite]
    .flat()
    .flatMap((suite: { testcase?: unknown }) => [suite.testcase ?? []].flat()) as {
    "@_classname"?: string;
    "@_name": string;
    error?: { "@_message": string };
  }[];
  const errored = cases.find((c) => c.error !== undefined && /broken\.yaml/.test(c["@_name"]));
  expect(errored?.error?.["@_message"]).toMatch(loaderMessage);
  expect(stdout).toMatch(/! \S*broken\.yaml.*broken\.yaml:5: \/steps\/0\/do:/);
  const html = await readFile(join(out, "report.html"), "utf8");
  expect(html).toMatch(
    /invalid scenario file: \S*broken\.yaml:5: \/steps\/0\/do: &#34;do&#34; must be one of/,
  );
  const markdown = await readFile(join(out, "summary.md"), "utf8");
  expect(markdown).toMatch(
    /### Errored\n\n- <code>\S*broken\.yaml<\/code>: invalid scenario file: \S*broken\.yaml:5: \/steps\/0\/do: "do" must be one of/,
  );
});

it("a scenario folder whose only file cannot be loaded: exit 2 without starting a target, and the reports still list the file as errored", async () => {
  const dir = await mkdtemp(join(tmpdir(), "scimh-only-bad-"));
  dirs.push(dir);
  const { writeFile } = await import("node:fs/promises");
  await writeFile(join(dir, "broken.yaml"), "id: x/broken\ntitle: b\nidp: entra\nsteps:\n  - do: nope\n");
  const out = await mkdtemp(join(tmpdir(), "scimh-only-bad-out-"));
  dirs.push(out);
  let stdout = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = await runCommand({
    target: "fake",
    tokenEnv: "SCIMH_FAIL_ON_TEST_TOKEN_UNSET",
    scenarioDir: dir,
    suite: "scenarios",
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["console", "json", "junit"],
    out,
    failOn: "error",
    bail: false,
    timeout: 10_000,
    concurrency: 2,
    list: false,
  });
  vi.restoreAllMocks();
  expect(code).toBe(2);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  const { validateReport } = await import("../../reports/index.ts");
  expect(validateReport(report)).toEqual([]);
  expect(report.scenarios).toHaveLength(1);
  expect(report.scenarios[0]).toMatchObject({ status: "errored", idp: "entra" });
  expect(report.scenarios[0]!.reason).toMatch(/broken\.yaml:5: \/steps\/0\/do: "do" must be one of/);
  expect(report.run.incomplete).toBe(true);
  expect(await readFile(join(out, "junit.xml"), "utf8")).toMatch(
    /<error message="invalid scenario file: \S*broken\.yaml:5/,
  );
  expect(stdout).toMatch(/Verdict\s+! incomplete/);
});
