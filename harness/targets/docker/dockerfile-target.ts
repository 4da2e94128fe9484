/**
 * `dockerfile:<path>`: builds the image with `docker build` (context = the Dockerfile's folder) and runs
 * it as a ContainerTarget. Builds are cached by the context's content hash (the hash is the tag), and a
 * failed build is reported with its output — testcontainers' `fromDockerfile` would swallow it
 * (../shared/docs/testcontainers.md pitfall 6).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ConfigurationError, TargetStartError } from "../../errors.ts";
import { ContainerTarget } from "./container-target.ts";
import { hashBuildContext } from "./context-hash.ts";
import { inspectImage, listImages, removeImage } from "./docker-api.ts";
import { HASH_LABEL, imageLabels } from "./harness-labels.ts";
import { LogBuffer } from "../log-buffer.ts";
import type { StartedScimTarget } from "../scim-target.ts";

/** Label naming the Dockerfile an image was built from, to prune its superseded builds. */
const DOCKERFILE_LABEL = "scim-harness.dockerfile";
/** Build output lines shown with a failed build. */
export const BUILD_ERROR_LINES = 40;

export interface DockerfileBuild {
  image: string;
  built: boolean;
  durationMs: number;
  output: string[];
}

/** `path` may name the Dockerfile or its folder. */
export function locateDockerfile(path: string): { dockerfile: string; context: string } {
  const abs = resolve(path);
  const dockerfile = existsSync(abs) && statSync(abs).isDirectory() ? join(abs, "Dockerfile") : abs;
  if (!existsSync(dockerfile)) throw new ConfigurationError(`--target dockerfile:${path}: no ${dockerfile}`);
  return { dockerfile, context: dirname(dockerfile) };
}

/** `scim-harness/<folder name>:<content hash>`, e.g. `scim-harness/my-scim:3f2a9c…`. */
export function dockerfileImageTag(context: string, hash: string): string {
  const name = basename(context)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return `scim-harness/${name || "build"}:${hash}`;
}

/** Local ids of the `FROM` images, so a rebuilt base image invalidates the cache too. */
async function baseImageIds(dockerfile: string): Promise<string[]> {
  const refs = [...readFileSync(dockerfile, "utf8").matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map(
    (m) => m[1]!,
  );
  const ids = await Promise.all(refs.map(async (ref) => (await inspectImage(ref))?.id ?? ref));
  return ids;
}

function dockerBuild(args: string[], dockerfileText: string, output: LogBuffer): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.on("error", () => {}); // docker may exit before reading it; the exit code tells
    child.stdin.end(dockerfileText);
    child.stdout.on("data", (c: Buffer) => output.push(c));
    child.stderr.on("data", (c: Buffer) => output.push(c));
    child.on("error", (e) =>
      reject(new TargetStartError(`cannot run docker build: ${e.message}`, [], { cause: e })),
    );
    child.on("close", (code) => resolvePromise(code ?? 1));
  });
}

/** Builds (or reuses) the image of a Dockerfile; throws TargetStartError with the build output on failure. */
export async function buildDockerfileImage(path: string, runId: string): Promise<DockerfileBuild> {
  const t0 = performance.now();
  const { dockerfile, context } = locateDockerfile(path);
  const hash = createHash("sha256")
    .update(hashBuildContext(context, dockerfile))
    .update((await baseImageIds(dockerfile)).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const image = dockerfileImageTag(context, hash);
  const output = new LogBuffer(2000);
  const done = (built: boolean) => ({
    image,
    built,
    durationMs: Math.round(performance.now() - t0),
    output: output.lines(),
  });
  if ((await inspectImage(image)) !== undefined) return done(false);

  const fileId = createHash("sha256").update(dockerfile).digest("hex").slice(0, 12);
  const labels = { ...imageLabels(runId, "dockerfile", hash), [DOCKERFILE_LABEL]: fileId };
  // one LABEL line appended (the Dockerfile comes on stdin): each `--label` flag would be one more
  // classic-builder step, seconds each on the vfs storage driver
  const labelLine = `LABEL ${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(" ")}`;
  const text = `${readFileSync(dockerfile, "utf8").replace(/\s*$/, "")}\n${labelLine}\n`;
  const code = await dockerBuild(["build", "--force-rm", "-f", "-", "-t", image, context], text, output);
  if (code !== 0) {
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    throw new TargetStartError(
      `docker build of ${dockerfile} failed (exit ${code}) after ${secs} s`,
      output.tail(BUILD_ERROR_LINES),
    );
  }
  for (const old of await listImages([`${DOCKERFILE_LABEL}=${fileId}`]))
    if (old.Labels?.[HASH_LABEL] !== hash) await removeImage(old.Id);
  return done(true);
}

/** A SCIM server built from a Dockerfile, then run like `ContainerTarget`. */
export class DockerfileTarget extends ContainerTarget {
  constructor(readonly dockerfile: string) {
    super(`dockerfile:${dockerfile}`);
  }

  override async start(): Promise<StartedScimTarget> {
    const t0 = performance.now();
    const build = await buildDockerfileImage(this.dockerfile, this.launch.runId);
    this.imageRef = build.image;
    const started = await super.start();
    const note = `[scim-harness] image ${build.image} ${build.built ? "built" : "cached"} in ${build.durationMs} ms`;
    return {
      ...started,
      startupMs: Math.round(performance.now() - t0),
      logs: () => [note, ...started.logs()],
    };
  }
}
