import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, inject, it } from "vitest";
import type { RunReport } from "../../../reports/index.ts";
import { listContainers } from "./docker-api.ts";
import { HARNESS_LABEL, HOST_LABEL, PID_LABEL, RUN_LABEL } from "./harness-labels.ts";
import { isProcessAlive } from "./reaper.ts";
import { removeTempDirs, ROOT, spawnCli, tempDir, writeSlowScenarios } from "../testdata/spawn-cli.ts";

const docker = inject("docker");
/** Container tests run concurrently: most of their time is waiting for Docker. */
const dockerIt = docker ? it.concurrent : it.skip;
const runId = inject("runId");
const IMAGE_TARGET = ["--target", "image:scim-harness/fake-sp:local", "--base-path", "/scim/v2"];
const tmp = () => tempDir("scim-harness-cli-");
afterAll(removeTempDirs);
const containersOf = (id: string) => listContainers([`${HARNESS_LABEL}=true`, `${RUN_LABEL}=${id}`]);

dockerIt("a target that never gets ready exits 2 with its log lines and the time waited", async () => {
  const id = `${runId}-never`;
  const cli = spawnCli([
    "run",
    ...IMAGE_TARGET.slice(0, 2),
    "--base-path",
    "/not/the/scim/path",
    "--startup-timeout",
    "6000", // the server boots (even on a busy machine), then answers 404s
    "--run-id",
    id,
    "--out",
    tmp(),
  ]);
  expect(await cli.exited).toBe(2);
  expect(cli.stderr()).toMatch(
    /container scim-harness\/fake-sp:local not ready after [6-9]\.\d s: GET http:\/\/127\.0\.0\.1:\d+\/not\/the\/scim\/path\/ServiceProviderConfig never answered 200 or 401 \(last: HTTP 404\) \(is --base-path right\?\)/,
  );
  expect(cli.stderr()).toContain("  | listening on http://0.0.0.0:8080/scim/v2");
  expect(await containersOf(id)).toEqual([]);
});

dockerIt("SIGKILL mid-run leaves the container; the next run's cleanup removes it", async () => {
  const id = `${runId}-kill`;
  // a host name of its own: no other test's reaper can take this orphan before the assertions
  const host = `kill-test-${id}`;
  const cli = spawnCli(
    [
      "run",
      ...IMAGE_TARGET,
      "--env",
      "SCIM_TOKEN={token}",
      "--scenario-dir",
      writeSlowScenarios(join(tmp(), "slow"), 30, 40),
      "--concurrency",
      "1",
      "--run-id",
      id,
      "--out",
      tmp(),
    ],
    { SCIM_HARNESS_HOST: host },
  );
  await cli.waitFor(/30 scenario variant\(s\) against container http/);
  const [left] = await containersOf(id);
  expect(left?.Labels).toMatchObject({ [PID_LABEL]: String(cli.child.pid), [HOST_LABEL]: host });
  cli.child.kill("SIGKILL");
  expect(await cli.exited).toBe(null);
  expect(isProcessAlive(cli.child.pid!)).toBe(false);
  expect((await containersOf(id)).map((c) => c.Id)).toEqual([left!.Id]); // nothing cleaned up after a SIGKILL

  const cleanup = spawnCli(["cleanup"], { SCIM_HARNESS_HOST: host });
  expect(await cleanup.exited).toBe(0);
  expect(cleanup.stdout()).toContain("removed 1 orphaned container(s)");
  expect(await containersOf(id)).toEqual([]);
  const orphans = (await listContainers([`${HARNESS_LABEL}=true`, `${HOST_LABEL}=${host}`])).filter(
    (c) => !isProcessAlive(Number(c.Labels[PID_LABEL])),
  );
  expect(orphans).toEqual([]);
});

dockerIt("SIGTERM mid-run: exit 130, an incomplete report, the container removed", async () => {
  const id = `${runId}-term`;
  const out = tmp();
  const cli = spawnCli([
    "run",
    ...IMAGE_TARGET,
    "--env",
    "SCIM_TOKEN={token}",
    "--scenario-dir",
    writeSlowScenarios(join(tmp(), "slow"), 30, 15),
    "--concurrency",
    "1",
    "--run-id",
    id,
    "--reporter",
    "console,json",
    "--out",
    out,
  ]);
  await cli.waitFor(/30 scenario variant\(s\) against container http/);
  expect(await containersOf(id)).toHaveLength(1);
  cli.child.kill("SIGTERM");
  expect(await cli.exited).toBe(130);
  expect(await containersOf(id)).toEqual([]);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport;
  expect(report.run.incomplete).toBe(true);
  expect(report.target.kind).toBe("container");
  expect(report.scenarios.length).toBeLessThan(30);
});

/** `--expired-token-env` on launched targets: the fake's image gets a second, expired token (FAKE_EXPIRED_TOKEN). */
const DOCKERFILE_TARGET = [
  "--target",
  `dockerfile:${join(ROOT, "harness/targets/docker/testdata/fake-dockerfile")}`,
  "--base-path",
  "/scim/v2",
];
const TOKEN_GATE = [
  ...["tokens/*", "entra/e9-*", "cinode/c4-*", "cinode/c6-*"].flatMap((s) => ["--scenario", s]),
  "--check",
  "rfc7644.auth.*",
  "--num-runs",
  "3",
];
for (const [kind, target, quirks, expected] of [
  ["image:", IMAGE_TARGET, undefined, 0],
  ["dockerfile:", DOCKERFILE_TARGET, undefined, 0],
  ["image: (expired-token-accepted)", IMAGE_TARGET, "expired-token-accepted", 1],
] as const) {
  dockerIt(
    `${kind} --expired-token-env: the token scenarios and the refused-credential checks run (exit ${expected})`,
    async () => {
      const out = tmp();
      const env = {
        SCIMH_CT_GOOD: "good-token-container-81c3",
        FAKE_EXPIRED_TOKEN: "expired-token-container-3f0d",
      };
      const cli = spawnCli(
        [
          "run",
          ...target,
          "--token-env",
          "SCIMH_CT_GOOD",
          "--env",
          "SCIM_TOKEN={token}",
          "--env",
          "FAKE_EXPIRED_TOKEN", // copied from the harness's environment: never on a command line
          ...(quirks !== undefined ? ["--env", `FAKE_QUIRKS=${quirks}`] : []),
          "--expired-token-env",
          "FAKE_EXPIRED_TOKEN",
          ...TOKEN_GATE,
          "--run-id",
          `${runId}-exp${expected}${kind.length}`,
          "--reporter",
          "console,json",
          "--out",
          out,
        ],
        env,
      );
      expect(await cli.exited, cli.stderr()).toBe(expected);
      const text = readFileSync(join(out, "report.json"), "utf8");
      const report = JSON.parse(text) as RunReport;
      const status = (id: string) => report.contracts?.find((c) => c.id === id)?.status;
      const tokenScenarios = report.scenarios.filter((s) =>
        /^(tokens\/|entra\/e9-|cinode\/c[46]-)/.test(s.id),
      );
      expect(tokenScenarios.length).toBeGreaterThanOrEqual(3);
      if (expected === 0) {
        expect(status("rfc7644.auth.expired-token-401")).toBe("passed");
        expect(status("rfc7644.auth.refused-credential-no-change")).toBe("passed");
        expect(tokenScenarios.filter((s) => s.status !== "passed").map((s) => s.id)).toEqual([]);
      } else {
        expect(status("rfc7644.auth.expired-token-401")).toBe("failed");
        expect(report.scenarios.find((s) => s.id === "entra/e9-token-expiry")?.status).toBe("failed");
      }
      for (const output of [text, cli.stdout(), cli.stderr()])
        expect(output).not.toContain(env.FAKE_EXPIRED_TOKEN);
    },
  );
}
