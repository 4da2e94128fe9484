/**
 * Runs the composite action (action.yml) the way a GitHub runner does: inputs with their defaults,
 * `${{ … }}` expressions substituted, each `run:` step through bash with its own GITHUB_OUTPUT, a shared
 * GITHUB_STEP_SUMMARY and workspace; `uses:` steps are recorded with their resolved `with`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parse } from "yaml";
import { PACKAGE_ROOT } from "../package-root.ts";

interface Step {
  id?: string;
  name: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(PACKAGE_ROOT, "action.yml"), "utf8")) as Action;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface ActionRun {
  outputs: Record<string, string>;
  summary: string;
  uploads: Step[];
  /** Exit code of each run step, by name. */
  codes: Record<string, number>;
  log: string;
}

function runAction(given: Record<string, string>, secretEnv: Record<string, string> = {}): ActionRun {
  for (const [name, input] of Object.entries(action.inputs))
    if (input.required && given[name] === undefined) throw new Error(`input ${name} is required`);
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default ?? ""]),
  );
  const root = mkdtempSync(join(tmpdir(), "scim-harness-action-"));
  dirs.push(root);
  const workspace = join(root, "workspace");
  const runnerTemp = join(root, "runner-temp");
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  const summaryFile = join(root, "step-summary.md");
  writeFileSync(summaryFile, "");
  const steps: Record<string, Record<string, string>> = {};
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      let m: RegExpMatchArray | null;
      if ((m = expr.match(/^inputs\.([\w-]+)$/))) return inputs[m[1]!] ?? "";
      if (expr === "github.action_path") return PACKAGE_ROOT;
      if ((m = expr.match(/^steps\.([\w-]+)\.outputs\.([\w-]+)$/))) return steps[m[1]!]?.[m[2]!] ?? "";
      throw new Error(`expression not supported by this runner: ${expr}`);
    });
  const result: ActionRun = { outputs: {}, summary: "", uploads: [], codes: {}, log: "" };
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")),
  ) as Record<string, string>;
  for (const step of action.runs.steps) {
    if (step.uses) {
      result.uploads.push({
        ...step,
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(v)])),
      });
      continue;
    }
    const outputFile = join(root, `output-${step.id ?? step.name.replace(/\W+/g, "-")}`);
    writeFileSync(outputFile, "");
    const env = {
      ...baseEnv,
      ...secretEnv,
      CI: "true",
      NO_COLOR: "1",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])),
    };
    expect(step.shell).toBe("bash");
    // what the runner runs for `shell: bash`
    const ran = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step.run!)], {
      cwd: workspace,
      env,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    result.log += `--- ${step.name}\n${ran.stdout}${ran.stderr}`;
    result.codes[step.name] = ran.status ?? -1;
    if (step.id)
      steps[step.id] = Object.fromEntries(
        readFileSync(outputFile, "utf8")
          .split("\n")
          .filter((l) => l.includes("="))
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
    if (ran.status !== 0) break; // a failing step ends the job
  }
  result.outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, expand(o.value)]));
  result.summary = readFileSync(summaryFile, "utf8");
  return result;
}

it("is a composite action with the inputs and outputs CI needs", () => {
  expect(action.runs.using).toBe("composite");
  expect(Object.keys(action.inputs)).toEqual(
    expect.arrayContaining([
      "target",
      "token-env",
      "suites",
      "idps",
      "tags",
      "shard",
      "fail-on",
      "baseline",
      "reporters",
    ]),
  );
  expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(["verdict", "report-dir"]));
  // inputs reach scripts through env only, never spliced into the script text (no injection)
  for (const step of action.runs.steps) expect(step.run ?? "").not.toMatch(/\$\{\{/);
});

it("against a correct SP: verdict pass, reports in the workspace, a job summary, the reports uploaded", () => {
  const run = runAction({ target: "fake", scenarios: "entra/e5-disable", out: "reports/scim" });
  expect(run.outputs["verdict"], run.log).toBe("pass");
  expect(run.outputs["exit-code"]).toBe("0");
  expect(run.codes["Verdict"]).toBe(0);
  const dir = run.outputs["report-dir"]!;
  expect(dir).toMatch(/workspace\/reports\/scim$/);
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
    scenarios: { id: string; status: string }[];
  };
  expect(report.scenarios.length).toBeGreaterThan(0);
  expect(report.scenarios.every((s) => s.id === "entra/e5-disable" && s.status === "passed")).toBe(true);
  expect(existsSync(join(dir, "junit.xml"))).toBe(true);
  expect(run.summary).toContain("## scim-harness: pass");
  expect(run.summary).toMatch(/\| scenarios \| \d+ \| \d+ \| 0 \| 0 \|/);
  expect(run.uploads).toHaveLength(1);
  expect(run.uploads[0]!.uses).toMatch(/^actions\/upload-artifact@/);
  expect(run.uploads[0]!.with).toMatchObject({ name: "scim-report", path: dir });
}, 240_000);

it("against an SP with bug B1, sharded: verdict fail, the failing rule in the summary, the job fails", () => {
  const run = runAction({
    target: "fake:generic+active-string-ignored",
    scenarios: "entra/e5-disable",
    shard: "1/1",
    idps: "entra",
  });
  expect(run.outputs["verdict"], run.log).toBe("fail");
  expect(run.outputs["exit-code"]).toBe("1");
  expect(run.outputs["artifact-name"]).toBe("scim-report-shard-1-of-1");
  expect(run.summary).toContain("## scim-harness: fail");
  expect(run.summary).toContain("`entra.patch-applied`");
  expect(run.codes["Verdict"]).toBe(1);
}, 240_000);

it("a target that cannot be reached is an error, not a failure of the SP", () => {
  const run = runAction(
    { target: "http://127.0.0.1:9/scim/v2", scenarios: "entra/e5-disable" },
    { SCIM_TOKEN: "t" },
  );
  expect(run.outputs["verdict"], run.log).toBe("error");
  expect(run.outputs["exit-code"]).toBe("2");
  expect(run.summary).toContain("## scim-harness: error");
  expect(run.codes["Verdict"]).toBe(2);
}, 240_000);
