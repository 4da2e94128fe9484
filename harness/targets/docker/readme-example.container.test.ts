/**
 * The examples of README.md (containers), run for real. The code between `#region readme` markers must
 * appear verbatim in the README (checked below); the CLI lines are taken from the README itself.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it as vitestIt } from "vitest";
import type { RunReport } from "../../../reports/index.ts";
import { DEFAULT_SCENARIO_DIR, expandVariants, findScenarios, runScenarios } from "../../index.ts";
import { describeScimTarget } from "../../vitest/describe-scim-target.ts";
import { ContainerTarget } from "./container-target.ts";
import { removeTempDirs, ROOT, tempDir } from "../testdata/spawn-cli.ts";

const docker = inject("docker");
const it = docker ? vitestIt.concurrent : vitestIt.skip;
const IMAGE = "scim-harness/fake-sp:local"; // the README's my-scim:ci
const README = readFileSync(fileURLToPath(new URL("./README.md", import.meta.url)), "utf8");
const SELF = readFileSync(fileURLToPath(import.meta.url), "utf8");
afterAll(removeTempDirs);

// #region readme
it("our SCIM image passes the Entra scenarios", async () => {
  await using target = await new ContainerTarget(IMAGE)
    .withBasePath("/scim/v2")
    .withToken("test-token")
    .withEnv({ SCIM_TOKEN: "test-token" }) // how our server learns its token
    .withStartupTimeout(60_000)
    .start();
  const { scenarios } = await findScenarios(DEFAULT_SCENARIO_DIR, { idp: ["entra"] });
  const report = await runScenarios({
    target,
    variants: scenarios.flatMap((s) => expandVariants(s.scenario, s.file)),
  });
  expect(report.summary.scenarios.failed + report.summary.scenarios.errored).toBe(0);
});
// #endregion

describe.skipIf(!docker)("describeScimTarget with a ContainerTarget", () => {
  // #region readme
  describeScimTarget("our SCIM image", {
    target: () =>
      new ContainerTarget(IMAGE)
        .withBasePath("/scim/v2")
        .withToken("test-token")
        .withEnv({ SCIM_TOKEN: "test-token" }),
    scenarios: ["entra/*"],
  });
  // #endregion
});

vitestIt("the README shows the code of this file's regions verbatim", () => {
  const regions = [...SELF.matchAll(/^( *)\/\/ #region readme\n([\s\S]*?)^ *\/\/ #endregion/gm)].map(
    ([, indent, body]) => body!.replace(new RegExp(`^${indent}`, "gm"), ""),
  );
  expect(regions).toHaveLength(2);
  const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  for (const region of regions)
    expect(
      blocks.some((b) => b.includes(region)),
      region,
    ).toBe(true);
});

/** A README line starting with `prefix`, run by sh with npx scim-harness → this checkout's CLI. */
async function runReadmeLine(prefix: string, replace: [string, string][], extra = "") {
  const line = README.split("\n").find((l) => l.startsWith(prefix));
  expect(line, prefix).toBeDefined();
  let command = line!.replace("npx scim-harness", "node harness/cli/bin.js");
  for (const [from, to] of replace) command = command.replaceAll(from, to);
  return run(`${command}${extra}`);
}

/** Runs a shell command in the checkout, without a SCIM_TOKEN (the harness makes one). */
function run(command: string) {
  const { SCIM_TOKEN: _unset, ...env } = process.env;
  return promisify(execFile)("sh", ["-c", command], { cwd: ROOT, env: { ...env, CI: "true" } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

it("the CI gating line: exit 0 on a good image, JUnit and JSON written", async () => {
  const out = tempDir("scim-harness-readme-");
  const gate = "npx scim-harness run --target image:my-scim:ci";
  // one scenario: the whole library against the containerised fake is container-target.container.test.ts
  const one = " --scenario entra/e5-disable";
  const result = await runReadmeLine(
    gate,
    [
      ["my-scim:ci", IMAGE],
      ["scim-report", out],
    ],
    one,
  );
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport;
  expect(report.target).toMatchObject({ kind: "container", image: IMAGE });
  expect(report.summary.scenarios.total).toBeGreaterThan(0);
  expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain("<testsuites");
});

/** One scenario is enough for these lines; reports go to `out`. */
const oneScenario = (out: string) => ` --scenario entra/e2-new-user --reporter json --out ${out}`;
const reportIn = (out: string) => JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport;

it("the fake-image line with a quirk exits 1 with the B9 finding", async () => {
  const out = tempDir("scim-harness-readme-");
  const line = "npx scim-harness run --target image:scim-harness/fake-sp";
  const quirky = await runReadmeLine(line, [], oneScenario(out));
  expect(quirky.code).toBe(1);
  // Entra needs 200 and an empty ListResponse for a filter that matches nothing [S1]; 404 is B9
  const findings = reportIn(out).scenarios.flatMap((s) => s.steps.flatMap((step) => step.findings));
  expect(findings.find((f) => f.ruleId === "entra.filter-miss-empty-list")).toMatchObject({
    severity: "error",
    expected: 200,
    actual: 404,
  });
});

it("the config file example runs as the target's configuration", async () => {
  const out = tempDir("scim-harness-readme-");
  const json = /```json\n([\s\S]*?)```/.exec(README)![1]!.replace("my-scim:ci", IMAGE);
  writeFileSync(join(out, "config.json"), json);
  const configured = await run(`node harness/cli/bin.js run --config ${out}/config.json${oneScenario(out)}`);
  // stderr holds only what the run says while it goes (seed, what starts, suite tallies): no complaint.
  const said = configured.stderr.split("\n").filter((line) => line.trim() !== "");
  expect(said.filter((line) => !/^(scim-harness: |contracts: |property )/.test(line))).toEqual([]);
  expect(configured.stderr).not.toMatch(/error|invalid|unknown|warning/i);
  expect(configured.code).toBe(0);
  expect(reportIn(out).target).toMatchObject({ kind: "container", image: IMAGE });
});
