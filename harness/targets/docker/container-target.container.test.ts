import { fileURLToPath } from "node:url";
import { expect, inject, it } from "vitest";
import { TargetStartError } from "../../errors.ts";
import { runScenarios } from "../../runner/run-suite.ts";
import { expandVariants } from "../../scenario/expand-variants.ts";
import { DEFAULT_SCENARIO_DIR, findScenarios } from "../../scenario/find-scenarios.ts";
import { ContainerTarget } from "./container-target.ts";
import { listContainers } from "./docker-api.ts";
import { fakeSpContainer } from "./fake-sp-container.ts";
import { HARNESS_LABEL, PID_LABEL, RUN_LABEL } from "./harness-labels.ts";

const docker = inject("docker");
/** Container tests run concurrently: most of their time is waiting for Docker. */
const dockerIt = docker ? it.concurrent : it.skip;
const runId = inject("runId");
const FIXTURES = fileURLToPath(new URL("../testdata/scenarios/", import.meta.url));

async function variantsOf(dir: string) {
  const found = await findScenarios(dir);
  expect(found.errors).toEqual([]);
  return found.scenarios.flatMap(({ scenario, file }) => expandVariants(scenario, file));
}

dockerIt(
  "the scenario library passes against the containerised fake SP; `await using` removes the container",
  async () => {
    const library = await variantsOf(DEFAULT_SCENARIO_DIR);
    const variants = library.length > 0 ? library : await variantsOf(FIXTURES);
    const id = `${runId}-library`; // its own run id: the other tests of this file run at the same time
    const mine = () => listContainers([`${HARNESS_LABEL}=true`, `${RUN_LABEL}=${id}`]);
    {
      await using target = await fakeSpContainer().withRunId(id).start();
      expect(target.kind).toBe("container");
      expect(target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const running = await mine();
      expect(running).toHaveLength(1);
      expect(running[0]?.Labels).toMatchObject({
        [PID_LABEL]: String(process.pid),
        "org.testcontainers": "true",
      });

      // token control through the fake's admin API makes the token-expiry scenarios applicable too
      const report = await runScenarios({ target, variants, seed: 7, concurrency: 4 });
      const broken = report.scenarios.filter((s) => s.status !== "passed");
      expect(broken.map((s) => `${s.id} [${s.variant}]: ${s.reason ?? s.status}`)).toEqual([]);
      expect(report.summary.scenarios.total).toBe(variants.length);
      expect(report.target).toMatchObject({ kind: "container", image: "scim-harness/fake-sp:local" });
      expect(report.target.startupMs).toBeGreaterThan(0);
      expect(report.target.logs?.join("\n")).toContain("listening on http://0.0.0.0:8080/scim/v2");
    }
    expect(await mine()).toEqual([]);
  },
);

dockerIt("a container that exits while starting fails at once, with its logs", async () => {
  const t0 = Date.now();
  const error = await new ContainerTarget("scim-harness/fake-sp:local")
    .withEnv({ FAKE_PROFILE: "no-such-profile" })
    .withRunId(runId)
    .withStartupTimeout(30_000)
    .start()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(TargetStartError);
  expect((error as TargetStartError).message).toMatch(/exited with code 1 after \d+\.\d s/);
  expect((error as TargetStartError).logs.join("\n")).toContain('unknown profile "no-such-profile"');
  expect(Date.now() - t0).toBeLessThan(15_000); // not the 30 s startup timeout
});
