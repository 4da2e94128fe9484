/**
 * Removes what scim-harness left in Docker. Ryuk is disabled (it would have to be pulled from a
 * registry), so the harness reaps by its own labels: at start, containers whose owner process
 * (`scim-harness.pid` on this host) is gone; at stop, this run's; at exit, this process's.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { listContainers, listImages, removeContainer, removeImage } from "./docker-api.ts";
import { HARNESS_LABEL, harnessHost, HOST_LABEL, PID_LABEL, RUN_LABEL } from "./harness-labels.ts";

/** Linux: a zombie (exited, not yet reaped by its parent) counts as dead. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** Is there a live process with this pid on this host? (EPERM: it exists but belongs to someone else.) */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return !isZombie(pid);
}

export interface ReapOptions {
  /** Default: `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
  /** Default: `harnessHost()`; containers of other hosts are never touched. */
  host?: string;
}

/**
 * Removes harness containers whose owner process is no longer alive on this host; resolves to their
 * ids. Containers without a pid label (e.g. `docker run` of the fake image by hand) are left alone.
 */
export async function reapOrphanContainers(options: ReapOptions = {}): Promise<string[]> {
  const isAlive = options.isAlive ?? isProcessAlive;
  const host = options.host ?? harnessHost();
  const orphans = (await listContainers([`${HARNESS_LABEL}=true`])).filter((c) => {
    const pid = c.Labels[PID_LABEL];
    return pid !== undefined && c.Labels[HOST_LABEL] === host && !isAlive(Number(pid));
  });
  await Promise.all(orphans.map((c) => removeContainer(c.Id)));
  return orphans.map((c) => c.Id);
}

/** Removes every container of run `runId`; resolves to their ids. */
export async function removeRunContainers(runId: string): Promise<string[]> {
  const found = await listContainers([`${HARNESS_LABEL}=true`, `${RUN_LABEL}=${runId}`]);
  await Promise.all(found.map((c) => removeContainer(c.Id)));
  return found.map((c) => c.Id);
}

/** Removes every image scim-harness built (fake SP image, Dockerfile build cache). */
export async function removeHarnessImages(): Promise<string[]> {
  const images = await listImages([`${HARNESS_LABEL}=true`]);
  const removed = await Promise.all(images.map(async (i) => ((await removeImage(i.Id)) ? i.Id : "")));
  return removed.filter(Boolean);
}

/**
 * Synchronous last resort for `process.on("exit")`: force-removes the containers this process owns in
 * run `runId` with the `docker` CLI (an exit handler cannot wait for HTTP). Never throws.
 */
export function removeOwnContainersSync(runId: string): void {
  const script =
    'ids=$(docker ps -aq --filter "label=$1" --filter "label=$2" --filter "label=$3"); ' +
    '[ -z "$ids" ] || docker rm -f -v $ids';
  try {
    execFileSync(
      "sh",
      [
        "-c",
        script,
        "sh",
        `${RUN_LABEL}=${runId}`,
        `${PID_LABEL}=${process.pid}`,
        `${HOST_LABEL}=${harnessHost()}`,
      ],
      { stdio: "ignore", timeout: 15_000 },
    );
  } catch {
    // no docker CLI, or the daemon is gone: the next run's reaper removes them
  }
}
