import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, expect, it, vi } from "vitest";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import { scenarioFindings, type RunReport } from "../../reports/index.ts";
import { cleanupCommand } from "./cleanup-command.ts";
import { runCommand } from "./run-command.ts";

vi.setConfig({ testTimeout: 120_000 });

const TOKEN = "keep-test-token-0c6f";
const TOKEN_ENV = "SCIMH_KEEP_TEST_TOKEN";
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  delete process.env[TOKEN_ENV];
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "scimh-keep-"));
  closers.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A still-running SP with bug B1 (a PATCH of active: "False" answered 200 and ignored). */
async function b1Target(): Promise<string> {
  const fake = await createFakeServiceProvider({
    tokens: { value: TOKEN },
    quirks: ["active-string-ignored"],
  }).listen();
  closers.push(() => fake.close());
  return fake.baseUrl;
}

async function run(target: string, keep: boolean, out: string) {
  process.env[TOKEN_ENV] = TOKEN;
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await runCommand({
    target,
    tokenEnv: TOKEN_ENV,
    scenario: ["entra/e5-disable"],
    suite: "scenarios",
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["json"],
    out,
    failOn: "error",
    bail: false,
    keep,
    timeout: 10_000,
    concurrency: 2,
    list: false,
    seed: 11,
  });
  vi.restoreAllMocks();
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  return { code, stderr, report };
}

/** The curl line of the run's first B1 finding (a PATCH of a created user). */
function b1Curl(report: RunReport): string {
  const finding = report.scenarios.flatMap(scenarioFindings).find((f) => f.ruleId === "entra.patch-applied");
  expect(finding?.curl).toBeDefined();
  return finding!.curl!;
}

/** Runs a finding's curl line in a shell whose --token-env variable holds the token; the status and the body. */
async function execute(curl: string): Promise<{ status: number; body: string }> {
  const { stdout } = await promisify(execFile)("bash", ["-c", `${curl} -s -w '\\n%{http_code}'`], {
    env: { ...process.env, [TOKEN_ENV]: TOKEN },
  });
  const cut = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

it("--keep leaves the run's resources: a finding's curl line, run with the token from the --token-env variable, gets its user; cleanup --kept removes them", async () => {
  const target = await b1Target();
  const out = await tempDir();
  const { code, stderr, report } = await run(target, true, out);
  expect(code).toBe(1);

  const curl = b1Curl(report);
  expect(curl).not.toContain(TOKEN); // the token goes by variable, never by value
  expect(curl).toContain(`$${TOKEN_ENV}`); // the variable the run took its token from (--token-env)
  const userId = /\/Users\/([^'"\s?]+)/.exec(curl)?.[1];
  const answer = await execute(curl);
  expect(answer.status).toBe(200);
  expect((JSON.parse(answer.body) as { id?: string }).id).toBe(userId);

  const keptFile = join(out, "kept.json");
  expect(stderr).toContain(`remove them with: scim-harness cleanup --kept ${keptFile}`);
  const kept = JSON.parse(await readFile(keptFile, "utf8")) as {
    target: string;
    tokenEnv: string;
    resources: { kind: string; id: string }[];
  };
  expect(kept.target).toBe(target);
  expect(kept.tokenEnv).toBe(TOKEN_ENV);
  expect(JSON.stringify(kept)).not.toContain(TOKEN);
  expect(kept.resources).toContainEqual({ kind: "Users", id: userId });
  expect(report.scenarios.every((s) => s.cleanup === undefined)).toBe(true);

  // The printed cleanup command removes what was kept; after it the same curl line gets 404.
  process.env[TOKEN_ENV] = TOKEN;
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  expect(await cleanupCommand({ images: false, kept: keptFile })).toBe(0);
  vi.restoreAllMocks();
  expect((await execute(curl)).status).toBe(404);
});

it("without --keep the same curl line finds nothing: the run deleted its user at teardown", async () => {
  const target = await b1Target();
  const { code, report } = await run(target, false, await tempDir());
  expect(code).toBe(1);
  expect((await execute(b1Curl(report))).status).toBe(404);
});

it("--keep with a target the run starts and stops is a usage error, not a silent no-op", async () => {
  const { code, stderr } = await (async () => {
    let stderr = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const out = await tempDir();
    const code = await runCommand({
      target: "fake",
      tokenEnv: TOKEN_ENV,
      targetPort: 8080,
      startupTimeout: 60_000,
      reporter: ["json"],
      out,
      failOn: "error",
      bail: false,
      keep: true,
      timeout: 10_000,
      concurrency: 2,
      list: false,
    });
    vi.restoreAllMocks();
    return { code, stderr };
  })();
  expect(code).toBe(2);
  expect(stderr).toMatch(/--keep: the fake target stops with the run/);
});

it("cleanup --kept without the token's variable set: exit 2 naming the variable", async () => {
  const dir = await tempDir();
  const file = join(dir, "kept.json");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(
    file,
    JSON.stringify({ target: "http://127.0.0.1:9/scim/v2", tokenEnv: TOKEN_ENV, runId: "r", resources: [] }),
  );
  let stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await cleanupCommand({ images: false, kept: file });
  vi.restoreAllMocks();
  expect(code).toBe(2);
  expect(stderr).toContain(`$${TOKEN_ENV} is not set`);
});

it("a saved counterexample's replay hint names the target it failed on and the token's variable, and replaying it fails again", async () => {
  const target = await b1Target();
  const cx = await tempDir();
  process.env[TOKEN_ENV] = TOKEN;
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await runCommand({
    target,
    tokenEnv: TOKEN_ENV,
    suite: "properties",
    numRuns: 30,
    timeBudget: 5,
    saveCounterexamples: cx,
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["json"],
    out: await tempDir(),
    failOn: "error",
    bail: false,
    timeout: 10_000,
    concurrency: 2,
    list: false,
    seed: 7,
  });
  vi.restoreAllMocks();
  expect(code).toBe(1);
  const hint = /counterexample: \S+ \(replay: (scim-harness run [^)]*)\)/.exec(stderr)?.[1];
  expect(hint).toBeDefined();
  expect(hint).toContain(`--target ${JSON.stringify(target)}`);
  expect(hint).toContain(`--token-env ${TOKEN_ENV}`);
  expect(stderr).not.toContain(TOKEN);

  // The hint as a user would paste it: against the same target it fails again.
  const argv = [...hint!.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const { main } = await import("./main.ts");
  const replayed = await main([...argv, "--reporter", "json", "--out", await tempDir()]);
  vi.restoreAllMocks();
  process.exitCode = undefined;
  expect(replayed).toBe(1);
});
