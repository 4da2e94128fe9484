/**
 * vitest globalSetup of the `containers` project: decides once whether Docker tests can run, builds the
 * fake SP image (skipped when its content hash is unchanged), and removes the session's containers at
 * the end. Without Docker the tests skip with the reason, unless `HARNESS_REQUIRE_DOCKER=1` (CI), where
 * a missing Docker fails the run.
 */
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dockerEndpoint, dockerPing } from "./docker-api.ts";
import { buildFakeSpImage } from "./fake-image.ts";
import { reapOrphanContainers, removeRunContainers } from "./reaper.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Docker is usable and the fake SP image is built. */
    docker: boolean;
    /** Why the container tests are skipped ("" when they run). */
    dockerSkipReason: string;
    /** The fake SP image tag. */
    fakeImage: string;
    /** Run id of this test session: its containers carry `scim-harness.run=<id>`. */
    runId: string;
  }
}

const log = (line: string) => console.log(`[containers] ${line}`);

async function prepare(runId: string): Promise<{ ok: true; image: string } | { ok: false; reason: string }> {
  if (process.env["SKIP_DOCKER_TESTS"] === "1") return { ok: false, reason: "SKIP_DOCKER_TESTS=1" };
  if (!(await dockerPing())) {
    const where = JSON.stringify(dockerEndpoint());
    return { ok: false, reason: `Docker is not reachable (${where}); start it with bash .ci/docker-up.sh` };
  }
  try {
    await reapOrphanContainers();
    const build = await buildFakeSpImage({ runId });
    log(
      `${build.image} ${build.built ? "built" : "up to date"} (content ${build.hash}) in ${build.durationMs} ms`,
    );
    return { ok: true, image: build.image };
  } catch (e) {
    return { ok: false, reason: `building the fake SP image failed: ${(e as Error).message}` };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `test-${randomBytes(3).toString("hex")}`;
  process.env["SCIM_HARNESS_RUN_ID"] = runId; // inherited by the workers: ContainerTarget's default run id
  const prepared = await prepare(runId);
  if (!prepared.ok) {
    if (process.env["HARNESS_REQUIRE_DOCKER"] === "1")
      throw new Error(`HARNESS_REQUIRE_DOCKER=1 but the container tests cannot run: ${prepared.reason}`);
    log(`container tests SKIPPED: ${prepared.reason} (HARNESS_REQUIRE_DOCKER=1 makes this a failure)`);
  }
  project.provide("docker", prepared.ok);
  project.provide("dockerSkipReason", prepared.ok ? "" : prepared.reason);
  project.provide("fakeImage", prepared.ok ? prepared.image : "");
  project.provide("runId", runId);
  return async () => {
    if (!prepared.ok) return;
    const left = await removeRunContainers(runId);
    if (left.length > 0) log(`removed ${left.length} container(s) the tests left behind`);
  };
}
