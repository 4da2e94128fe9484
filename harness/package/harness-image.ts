/**
 * scim-harness itself as a container image, `scim-harness:<version>`, for vendors whose CI has Docker but
 * no Node (`npm run image`). Built offline like the fake SP image (../targets/docker/fake-image.ts): a
 * `FROM scratch` root filesystem with the host's node, the built CLI (dist/, from `npm run build`), the
 * scenario library, the JSON Schemas and the production packages the CLI imports, loaded with
 * `docker import`. The entry point is the CLI; the working directory is /work (mount the workspace there:
 * reports go to /work/scim-report, a scim-harness.config.* there is read); the token comes from the
 * environment (`-e SCIM_TOKEN`, or `--token-env`).
 *
 *   docker run --rm --network host -e SCIM_TOKEN -v "$PWD:/work" scim-harness:0.1.0 run --target https://…/scim/v2
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../package-root.ts";
import { inspectImage } from "../targets/docker/docker-api.ts";
import { importRootfs, MAKE_ROOTFS } from "../targets/docker/fake-image.ts";
import { defaultRunId, HASH_LABEL, imageLabels } from "../targets/docker/harness-labels.ts";
import { packageClosure, sourceClosure } from "../targets/docker/source-closure.ts";
import { HARNESS_VERSION } from "../version.ts";

/** The tag `npm run image` builds. */
export const HARNESS_IMAGE = `scim-harness:${HARNESS_VERSION}`;

const root = PACKAGE_ROOT;
const cliEntry = join(root, "dist", "harness", "cli", "entry.js");
const run = promisify(execFile);

export const HARNESS_IMAGE_INSTRUCTIONS = [
  `ENTRYPOINT ${JSON.stringify(["/usr/bin/node", "/app/dist/harness/cli/entry.js"])}`,
  'CMD ["--help"]',
  "WORKDIR /work",
  "ENV NODE_ENV=production",
];

const rel = (f: string) => relative(root, f).split(sep).join("/");

/** Package-relative files and package folders that go into `/app`. Needs the build (dist/). */
export function harnessImageContents(): { files: string[]; packages: string[] } {
  if (!existsSync(cliEntry)) throw new Error(`${rel(cliEntry)} is missing: run npm run build first`);
  const { files, packages } = sourceClosure([cliEntry]);
  // read by path at run time: the scenario library with its schema, the command: target's supervisor
  const library = readdirSync(join(root, "scenarios"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (/\.ya?ml$/.test(e.name) || e.name === "scenario.schema.json"))
    .map((e) => rel(join(e.parentPath, e.name)));
  return {
    files: ["package.json", "harness/targets/command-supervisor.js", ...library, ...files.map(rel)].sort(),
    packages: packageClosure(packages, root),
  };
}

/** Content hash: node, the rootfs script, the image instructions, the files and the package versions. */
export function harnessImageHash(contents = harnessImageContents()): string {
  const h = createHash("sha256").update(`${process.execPath}\n${process.version}\n`);
  h.update(readFileSync(MAKE_ROOTFS)).update(JSON.stringify(HARNESS_IMAGE_INSTRUCTIONS));
  for (const f of contents.files) h.update(`\n${f}\n`).update(readFileSync(join(root, f)));
  for (const p of contents.packages) h.update(`\n${p}\n`).update(readFileSync(join(root, p, "package.json")));
  return h.digest("hex").slice(0, 16);
}

export interface HarnessImageBuild {
  image: string;
  hash: string;
  /** False when an image with the same content hash already existed. */
  built: boolean;
  durationMs: number;
}

/** Builds `scim-harness:<version>` unless an image with the same content hash exists. */
export async function buildHarnessImage(
  options: { image?: string; force?: boolean; runId?: string } = {},
): Promise<HarnessImageBuild> {
  const image = options.image ?? HARNESS_IMAGE;
  const t0 = performance.now();
  const contents = harnessImageContents();
  const hash = harnessImageHash(contents);
  const done = (built: boolean) => ({ image, hash, built, durationMs: Math.round(performance.now() - t0) });
  if (!options.force && (await inspectImage(image))?.labels[HASH_LABEL] === hash) return done(false);
  const rootfs = mkdtempSync(join(tmpdir(), "scim-harness-rootfs-"));
  try {
    await run("bash", [MAKE_ROOTFS, rootfs]);
    mkdirSync(join(rootfs, "work"));
    for (const f of contents.files) {
      mkdirSync(dirname(join(rootfs, "app", f)), { recursive: true });
      cpSync(join(root, f), join(rootfs, "app", f));
    }
    for (const p of contents.packages)
      cpSync(join(root, p), join(rootfs, "app", p), { recursive: true, dereference: true });
    const labels = imageLabels(options.runId ?? defaultRunId(), "harness", hash);
    await importRootfs(rootfs, image, labels, HARNESS_IMAGE_INSTRUCTIONS);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return done(true);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await buildHarnessImage({ force: process.argv.includes("--force") });
  console.log(
    result.built
      ? `built ${result.image} (content ${result.hash}) in ${result.durationMs} ms`
      : `${result.image} is up to date (content ${result.hash}), ${result.durationMs} ms`,
  );
}
