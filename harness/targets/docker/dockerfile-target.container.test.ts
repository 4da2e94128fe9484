import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, inject, it } from "vitest";
import { TargetStartError } from "../../errors.ts";
import { runScenarios } from "../../runner/run-suite.ts";
import { expandVariants } from "../../scenario/expand-variants.ts";
import { findScenarios } from "../../scenario/find-scenarios.ts";
import { inspectImage } from "./docker-api.ts";
import { buildDockerfileImage, DockerfileTarget } from "./dockerfile-target.ts";
import { HARNESS_LABEL, IMAGE_KIND_LABEL, RUN_LABEL } from "./harness-labels.ts";

const docker = inject("docker");
/** Container tests run concurrently: most of their time is waiting for Docker. */
const dockerIt = docker ? it.concurrent : it.skip;
const runId = inject("runId");
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

dockerIt("dockerfile: builds the image, runs it end to end, and reuses it when unchanged", async () => {
  const { scenarios } = await findScenarios(here("../testdata/scenarios/"));
  const variants = scenarios.flatMap(({ scenario, file }) => expandVariants(scenario, file));
  const target = new DockerfileTarget(here("./testdata/fake-dockerfile"))
    .withBasePath("/scim/v2")
    .withToken("dockerfile-token")
    .withEnv({ SCIM_TOKEN: "dockerfile-token" })
    .withRunId(runId);
  let firstImage = "";
  {
    await using started = await target.start();
    firstImage = started.details.image!;
    const report = await runScenarios({ target: started, variants, seed: 3 });
    expect(report.summary.scenarios).toMatchObject({ total: 1, passed: 1 });
    expect(report.target.image).toMatch(/^scim-harness\/fake-dockerfile:[0-9a-f]{16}$/);
    expect(started.logs()[0]).toMatch(
      /^\[scim-harness\] image scim-harness\/fake-dockerfile:\w+ (built|cached) in \d+ ms$/,
    );
    const image = await inspectImage(started.details.image!);
    expect(image?.labels).toMatchObject({ [HARNESS_LABEL]: "true", [IMAGE_KIND_LABEL]: "dockerfile" });
    expect(image?.labels[RUN_LABEL]).toBeTruthy();
  }
  const again = await buildDockerfileImage(here("./testdata/fake-dockerfile/Dockerfile"), runId);
  expect(again).toMatchObject({ built: false, image: firstImage });
});

dockerIt("a failing docker build is reported with its output", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-harness-badbuild-"));
  writeFileSync(join(dir, "Dockerfile"), "FROM scratch\nCOPY no-such-file /srv/\n");
  const error = await new DockerfileTarget(dir).start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetStartError);
  expect((error as TargetStartError).message).toMatch(
    /^docker build of .*\/Dockerfile failed \(exit 1\) after/,
  );
  const output = (error as TargetStartError).logs.join("\n");
  expect(output).toContain("COPY no-such-file /srv/");
  expect(output).toMatch(/no-such-file.*(not found|no such file|does not exist)/i);
});
