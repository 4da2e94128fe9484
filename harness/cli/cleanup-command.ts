/**
 * `scim-harness cleanup [--images]`: removes the containers of scim-harness runs whose process is gone
 * (a run killed with SIGKILL, a crashed CI job), and with `--images` the images it built. Every run
 * does the container part by itself when it starts a container; this is for CI's last step.
 * `scim-harness cleanup --kept <kept.json>` instead deletes what a `run --keep` left on its target.
 */
import { dockerPing } from "../targets/docker/docker-api.ts";
import { reapOrphanContainers, removeHarnessImages } from "../targets/docker/reaper.ts";
import { cleanupKept } from "./kept-resources.ts";

export async function cleanupCommand(opts: {
  images: boolean;
  kept?: string;
  tokenEnv?: string;
}): Promise<number> {
  if (opts.kept !== undefined)
    return cleanupKept(opts.kept, opts.tokenEnv !== undefined ? { tokenEnv: opts.tokenEnv } : {}, {
      out: (line) => void process.stdout.write(`${line}\n`),
      err: (line) => void process.stderr.write(`scim-harness: ${line}\n`),
    });
  if (!(await dockerPing())) {
    process.stderr.write("scim-harness: Docker is not reachable (DOCKER_HOST or /var/run/docker.sock)\n");
    return 2;
  }
  const containers = await reapOrphanContainers();
  process.stdout.write(`removed ${containers.length} orphaned container(s)\n`);
  if (opts.images) process.stdout.write(`removed ${(await removeHarnessImages()).length} image(s)\n`);
  return 0;
}
