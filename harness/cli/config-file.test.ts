import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { ConfigurationError } from "../errors.ts";
import { applyConfig, configValue, loadConfigFile } from "./config-file.ts";
import { buildProgram } from "./main.ts";
import { inGroup, killGroups } from "./test-support/process-groups.ts";

/** Parses `run` argv with a config applied, without running anything. */
function parseRun(argv: string[], config: Record<string, unknown>): Record<string, unknown> {
  const program = buildProgram();
  const run = program.commands.find((c) => c.name() === "run")!;
  run.action(() => {});
  program.parse(["run", ...argv], { from: "user" });
  applyConfig(run, config, "scim-harness.config.json");
  return run.opts();
}

it("fills options the command line did not give; a flag given on the command line wins", () => {
  const opts = parseRun(["--target", "image:cli:1", "--reporter", "json"], {
    target: "image:config:1",
    basePath: "/scim/v2",
    targetPort: 3000,
    startupTimeout: 90_000,
    reporter: ["junit", "json"],
    failOn: "warning",
  });
  expect(opts).toMatchObject({
    target: "image:cli:1",
    basePath: "/scim/v2",
    targetPort: 3000,
    startupTimeout: 90_000,
    reporter: ["json"],
    failOn: "warning",
  });
});

it("takes expiredTokenEnv (the variable's name) from a config file", () => {
  expect(parseRun([], { expiredTokenEnv: "SCIM_EXPIRED_TOKEN" }).expiredTokenEnv).toBe("SCIM_EXPIRED_TOKEN");
  expect(parseRun(["--expired-token-env", "CLI_VAR"], { expiredTokenEnv: "FILE_VAR" }).expiredTokenEnv).toBe(
    "CLI_VAR",
  );
});

it("merges env from the file and the command line, the command line's entries last", () => {
  expect(parseRun(["--env", "B=cli"], { env: { A: "1", B: "file" } }).env).toEqual([
    "A=1",
    "B=file",
    "B=cli",
  ]);
  expect(parseRun([], { env: ["API_TOKEN={token}"] }).env).toEqual(["API_TOKEN={token}"]);
});

it("rejects unknown keys and values of the wrong type, naming the file", () => {
  expect(() => configValue("targt", "x", "f.json")).toThrow(/f\.json: unknown option "targt"/);
  expect(() => configValue("targetPort", "8080", "f.json")).toThrow(
    /targetPort must be a non-negative integer/,
  );
  expect(() => configValue("failOn", "info", "f.json")).toThrow(ConfigurationError);
  expect(() => configValue("env", "A=1", "f.json")).toThrow(/env must be/);
  expect(configValue("reporter", "junit", "f.json")).toEqual(["junit"]);
  expect(configValue("bail", true, "f.json")).toBe(true);
});

it("finds scim-harness.config.json or .ts in the working directory, or the --config file", async () => {
  const json = mkdtempSync(join(tmpdir(), "scim-harness-config-"));
  expect(await loadConfigFile(undefined, json)).toBeUndefined();
  writeFileSync(join(json, "scim-harness.config.json"), '{ "target": "image:a:1" }');
  expect(await loadConfigFile(undefined, json)).toEqual({
    file: join(json, "scim-harness.config.json"),
    config: { target: "image:a:1" },
  });
  const ts = mkdtempSync(join(tmpdir(), "scim-harness-config-"));
  writeFileSync(
    join(ts, "scim-harness.config.ts"),
    "const port: number = 3000;\nexport default { targetPort: port };\n",
  );
  expect((await loadConfigFile(undefined, ts))?.config).toEqual({ targetPort: 3000 });
  writeFileSync(join(ts, "ci.json"), "[1]");
  await expect(loadConfigFile("ci.json", ts)).rejects.toThrow(/must hold an object/);
  writeFileSync(join(ts, "broken.json"), "{");
  await expect(loadConfigFile("broken.json", ts)).rejects.toThrow(/cannot read config file .*broken\.json/);
});

const BIN = fileURLToPath(new URL("./bin.js", import.meta.url));
const projects: string[] = [];
afterAll(() => {
  killGroups();
  for (const p of projects) rmSync(p, { recursive: true, force: true });
});

/** Runs `scim-harness run` in `cwd` as a user would there; resolves to the exit code and stderr. */
function runIn(cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run"], {
      cwd,
      env: { ...process.env, CI: "true" },
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    inGroup(child);
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

it("a TypeScript config file works in ESM and CommonJS projects: .ts either way, .mts and .cts by their own type", async () => {
  const options =
    'target: "fake", suite: "scenarios", scenario: ["entra/e2-new-user"], reporter: ["json"], out: reportDir';
  const esm = `const reportDir: string = "from-config";\nexport default { ${options} };\n`;
  const cjs = `const reportDir: string = "from-config";\nmodule.exports = { ${options} };\n`;
  const cases: [string, string | undefined, string, string][] = [
    ["ESM project, .ts", "module", "scim-harness.config.ts", esm],
    ["CommonJS project, .ts with export default", undefined, "scim-harness.config.ts", esm],
    ["CommonJS project, .ts with module.exports", "commonjs", "scim-harness.config.ts", cjs],
    ["CommonJS project, .mts", undefined, "scim-harness.config.mts", esm],
    ["ESM project, .cts", "module", "scim-harness.config.cts", cjs],
  ];
  const results = await Promise.all(
    cases.map(async ([label, type, name, source]) => {
      const project = mkdtempSync(join(tmpdir(), "scim-harness-config-project-"));
      projects.push(project);
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "consumer", private: true, ...(type !== undefined ? { type } : {}) }),
      );
      writeFileSync(join(project, name), source);
      const { code, stderr } = await runIn(project);
      return { label, project, code, stderr };
    }),
  );
  for (const { label, project, code, stderr } of results) {
    expect({ label, code, stderr: stderr.includes("config file") ? stderr : "" }).toEqual({
      label,
      code: 0,
      stderr: "",
    });
    // The config's own `out` took effect, and no temporary copy stayed behind.
    expect(existsSync(join(project, "from-config", "report.json")), label).toBe(true);
    expect(
      readdirSync(project).filter((f) => f.includes(".tmp.")),
      label,
    ).toEqual([]);
  }
}, 120_000);
