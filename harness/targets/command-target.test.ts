import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { TargetStartError } from "../errors.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { findScenarios } from "../scenario/find-scenarios.ts";
import { CommandTarget } from "./command-target.ts";
import { isProcessAlive } from "./docker/reaper.ts";
import { removeTempDirs, ROOT, spawnCli, tempDir, writeSlowScenarios } from "./testdata/spawn-cli.ts";

const FAKE = "node --import tsx harness/targets/docker/fake-container-entry.ts";
const tmp = () => tempDir("scim-harness-cmd-");
afterAll(removeTempDirs);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as TargetStartError,
  );

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < withinMs; await sleep(50))
    if (!isProcessAlive(pid)) return true;
  return false;
}

it("command: runs a scenario end to end against a local process on the PORT it was given", async () => {
  const { scenarios } = await findScenarios(fileURLToPath(new URL("./testdata/scenarios/", import.meta.url)));
  await using target = await new CommandTarget(FAKE)
    .withCwd(ROOT)
    .withBasePath("/scim/v2")
    .withToken("cmd-token")
    .withEnv({ SCIM_TOKEN: "cmd-token", FAKE_HOST: "127.0.0.1" })
    .start();
  expect(target.kind).toBe("command");
  const port = new URL(target.baseUrl).port;
  const report = await runScenarios({
    target,
    variants: scenarios.flatMap((s) => expandVariants(s.scenario, s.file)),
    seed: 5,
  });
  expect(report.summary.scenarios).toMatchObject({ total: 1, passed: 1 });
  expect(report.target).toMatchObject({ kind: "command", url: `http://127.0.0.1:${port}/scim/v2` });
  expect(target.startupMs).toBeGreaterThan(0);
  expect(target.logs()).toContain(`listening on http://127.0.0.1:${port}/scim/v2`);
}, 30_000);

it("stop() kills the command's whole process group, background children included", async () => {
  const dir = tmp();
  const target = await new CommandTarget(
    `sleep 300 & echo $! > ${dir}/bg.pid; echo $$ > ${dir}/main.pid; exec ${FAKE}`,
  )
    .withCwd(ROOT)
    .withBasePath("/scim/v2")
    .withEnv({ FAKE_HOST: "127.0.0.1" })
    .start();
  const bg = Number(readFileSync(join(dir, "bg.pid"), "utf8"));
  const main = Number(readFileSync(join(dir, "main.pid"), "utf8"));
  expect([isProcessAlive(bg), isProcessAlive(main)]).toEqual([true, true]);
  await target.stop();
  expect(await gone(main, 2000)).toBe(true);
  expect(await gone(bg, 2000)).toBe(true);
}, 30_000);

it("a command that exits while starting fails at once with its output", async () => {
  const t0 = Date.now();
  const error = await failure(
    new CommandTarget("echo booting; echo 'config missing: DATABASE_URL' >&2; exit 3")
      .withStartupTimeout(20_000)
      .start(),
  );
  expect(error).toBeInstanceOf(TargetStartError);
  expect(error?.message).toMatch(/^command `echo booting.*` exited with code 3 after \d+\.\d s/);
  expect(error?.logs).toEqual(["booting", "config missing: DATABASE_URL"]);
  expect(Date.now() - t0).toBeLessThan(10_000); // not the 20 s timeout
}, 30_000);

it("a command that never answers discovery fails after the startup timeout, saying how long it waited", async () => {
  const error = await failure(
    new CommandTarget("echo up but not SCIM; exec sleep 30").withStartupTimeout(800).start(),
  );
  expect(error?.message).toMatch(
    /^command `echo up but not SCIM; exec sleep 30` not ready after 0\.[89] s: GET http:\/\/127\.0\.0\.1:\d+\/ServiceProviderConfig never answered 200 or 401 \(last: ECONNREFUSED\)$/,
  );
  expect(error?.logs).toEqual(["up but not SCIM"]);
}, 30_000);

it("a harness killed with SIGKILL takes its command target down with it", async () => {
  const dir = tmp();
  const cli = spawnCli([
    "run",
    "--target",
    `command:echo $$ > ${dir}/server.pid; exec ${FAKE}`,
    "--base-path",
    "/scim/v2",
    "--env",
    "SCIM_TOKEN={token}",
    "--env",
    "FAKE_HOST=127.0.0.1",
    "--scenario-dir",
    writeSlowScenarios(join(dir, "slow"), 20, 40),
    "--concurrency",
    "1",
    "--out",
    join(dir, "out"),
  ]);
  await cli.waitFor(/20 scenario variant\(s\) against command http/);
  const server = Number(readFileSync(join(dir, "server.pid"), "utf8"));
  expect(isProcessAlive(server)).toBe(true);
  cli.child.kill("SIGKILL");
  await cli.exited;
  expect(await gone(server, 5000)).toBe(true);
}, 30_000);
