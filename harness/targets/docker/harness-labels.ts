/**
 * Labels on every container and image scim-harness creates, so a later run (or `scim-harness cleanup`)
 * can find and remove what a killed run left behind (Ryuk is disabled: no registry to pull it from).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** `scim-harness=true` marks everything the harness created. */
export const HARNESS_LABEL = "scim-harness";
/** The run that created it. */
export const RUN_LABEL = "scim-harness.run";
/** The pid of the harness process that owns it (containers only); the reaper checks it is alive. */
export const PID_LABEL = "scim-harness.pid";
/** The host of that process: a pid means nothing on another machine sharing the daemon. */
export const HOST_LABEL = "scim-harness.host";
/** What kind of image the harness built: `fake-sp` or `dockerfile`. */
export const IMAGE_KIND_LABEL = "scim-harness.image";
/** Content hash of a built image (fake SP image, Dockerfile builds), for the build cache. */
export const HASH_LABEL = "scim-harness.hash";

/**
 * The host name in `scim-harness.host`: `SCIM_HARNESS_HOST` when set (CI jobs in containers that share
 * one daemon may give a stable name; tests use it to keep their orphans apart), else the hostname.
 */
export function harnessHost(): string {
  return process.env["SCIM_HARNESS_HOST"] || hostname();
}

let processRunId: string | undefined;

/**
 * The run id of this process: `SCIM_HARNESS_RUN_ID` when set (the container tests' globalSetup sets it
 * for its workers), else a random id fixed for the life of the process.
 */
export function defaultRunId(): string {
  processRunId ??= process.env["SCIM_HARNESS_RUN_ID"] || randomBytes(4).toString("hex");
  return processRunId;
}

/** Labels of a container owned by this process in run `runId`. */
export function containerLabels(runId: string): Record<string, string> {
  return {
    [HARNESS_LABEL]: "true",
    [RUN_LABEL]: runId,
    [PID_LABEL]: String(process.pid),
    [HOST_LABEL]: harnessHost(),
  };
}

/** Labels of an image of `kind` built in run `runId` with content hash `hash`. */
export function imageLabels(runId: string, kind: string, hash: string): Record<string, string> {
  return { [HARNESS_LABEL]: "true", [RUN_LABEL]: runId, [IMAGE_KIND_LABEL]: kind, [HASH_LABEL]: hash };
}
