/**
 * The fake SP as a container image, built offline (`npm run fake:image`): a `FROM scratch` root
 * filesystem with the host's node, its libraries, the entry's source closure and the npm packages it
 * needs, loaded with `docker import` (~1 s, one layer; ../shared/docs/testcontainers.md §1 option A).
 * A content-hash label skips the build when nothing changed.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { inspectImage, listImages, removeImage } from "./docker-api.ts";
import { defaultRunId, HASH_LABEL, IMAGE_KIND_LABEL, imageLabels } from "./harness-labels.ts";
import { packageClosure, sourceClosure } from "./source-closure.ts";
import { PACKAGE_ROOT, packagePath } from "../../package-root.ts";

/** The tag `npm run fake:image` builds. */
export const FAKE_SP_IMAGE = "scim-harness/fake-sp:local";

const root = PACKAGE_ROOT;
// from the sources (tsx) the image runs the TypeScript entry through tsx; from the build (dist/), the JavaScript
const fromSources = import.meta.url.endsWith(".ts");
const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  `fake-container-entry.${fromSources ? "ts" : "js"}`,
);
/** The rootfs script, shipped as is (not built). */
export const MAKE_ROOTFS = packagePath("harness/targets/docker/make-rootfs.sh");
const run = promisify(execFile);

/** The image's entry point: node on the entry file (with the tsx loader, from the copied node_modules, for sources). */
export const FAKE_SP_ENTRYPOINT = [
  "/usr/bin/node",
  ...(fromSources ? ["--import", "tsx"] : []),
  `/app/${relative(root, entry).split(sep).join("/")}`,
];

/** Project-relative files and package folders that go into `/app`. */
export function fakeImageContents(): { files: string[]; packages: string[] } {
  const { files, packages } = sourceClosure([entry]);
  const rel = (f: string) => relative(root, f).split(sep).join("/");
  return {
    files: ["package.json", ...(fromSources ? ["tsconfig.json"] : []), ...files.map(rel)],
    packages: packageClosure(fromSources ? [...packages, "tsx"] : packages, root),
  };
}

/** Content hash of the image: node, the rootfs script, the entry point, the sources and package versions. */
export function fakeImageHash(contents = fakeImageContents()): string {
  const h = createHash("sha256").update(`${process.execPath}\n${process.version}\n`);
  h.update(readFileSync(MAKE_ROOTFS)).update(JSON.stringify(FAKE_SP_ENTRYPOINT));
  for (const f of contents.files) h.update(`\n${f}\n`).update(readFileSync(join(root, f)));
  for (const p of contents.packages) h.update(`\n${p}\n`).update(readFileSync(join(root, p, "package.json")));
  return h.digest("hex").slice(0, 16);
}

export interface FakeImageBuild {
  image: string;
  hash: string;
  /** False when an image with the same content hash already existed. */
  built: boolean;
  durationMs: number;
}

const FAKE_SP_INSTRUCTIONS = [
  `ENTRYPOINT ${JSON.stringify(FAKE_SP_ENTRYPOINT)}`,
  "WORKDIR /app",
  "ENV NODE_ENV=production",
  "EXPOSE 8080",
];

/** Loads a root filesystem folder as `image` (`docker import`) with Dockerfile `instructions` and `labels`. */
export async function importRootfs(
  rootfs: string,
  image: string,
  labels: Record<string, string>,
  instructions: readonly string[] = FAKE_SP_INSTRUCTIONS,
): Promise<void> {
  const changes = [
    ...instructions,
    `LABEL ${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}`,
  ].flatMap((c) => ["--change", c]);
  const script = 'dir=$1; shift; tar -C "$dir" -c . | docker import "$@"';
  try {
    await run("bash", ["-c", script, "bash", rootfs, ...changes, "-", image], { maxBuffer: 16 << 20 });
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string };
    throw new Error(
      `docker import of ${image} failed: ${(stderr || stdout || (e as Error).message).trim()}`,
      {
        cause: e,
      },
    );
  }
}

/** Builds the fake SP image unless an image with the same content hash exists; prunes superseded ones. */
export async function buildFakeSpImage(
  options: { image?: string; force?: boolean; runId?: string } = {},
): Promise<FakeImageBuild> {
  const image = options.image ?? FAKE_SP_IMAGE;
  const t0 = performance.now();
  const contents = fakeImageContents();
  const hash = fakeImageHash(contents);
  const done = (built: boolean) => ({ image, hash, built, durationMs: Math.round(performance.now() - t0) });
  if (!options.force && (await inspectImage(image))?.labels[HASH_LABEL] === hash) return done(false);

  const rootfs = mkdtempSync(join(tmpdir(), "scim-harness-rootfs-"));
  try {
    await run("bash", [MAKE_ROOTFS, rootfs]);
    for (const f of contents.files) {
      mkdirSync(dirname(join(rootfs, "app", f)), { recursive: true });
      cpSync(join(root, f), join(rootfs, "app", f));
    }
    for (const p of contents.packages)
      cpSync(join(root, p), join(rootfs, "app", p), { recursive: true, dereference: true });
    const labels = imageLabels(options.runId ?? defaultRunId(), "fake-sp", hash);
    await importRootfs(rootfs, image, labels);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  // the previous build lost its tag: remove it (vfs keeps a full copy of every image); one that a
  // Dockerfile build still uses as its base is refused by the daemon and stays
  const current = (await inspectImage(image))?.id;
  for (const old of await listImages([`${IMAGE_KIND_LABEL}=fake-sp`]))
    if (old.Id !== current && (old.RepoTags ?? []).every((t) => t === "<none>:<none>"))
      await removeImage(old.Id);
  return done(true);
}

const isEntryPoint = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntryPoint) {
  const force = process.argv.includes("--force");
  const result = await buildFakeSpImage({ force });
  console.log(
    result.built
      ? `built ${result.image} (content ${result.hash}) in ${result.durationMs} ms`
      : `${result.image} is up to date (content ${result.hash}), ${result.durationMs} ms`,
  );
}
