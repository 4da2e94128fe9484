/**
 * Where the scim-harness package lives on disk, for the files the runtime reads by path (the scenario
 * library, the JSON Schemas, package.json, the command supervisor, the rootfs script). The same code runs
 * from the sources (`harness/…`, through tsx) and from the build (`dist/harness/…`, in the npm package),
 * so paths are taken from the package root, found by walking up to scim-harness's package.json, never
 * relative to the module file.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder at or above `from` whose package.json is named scim-harness. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "scim-harness"
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`scim-harness: no package.json of scim-harness above ${from}`);
  }
}

/** The package root: the repository checkout in development, `node_modules/scim-harness` when installed. */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, from `/`-separated segments relative to its root. */
export const packagePath = (relativePath: string): string => join(PACKAGE_ROOT, ...relativePath.split("/"));
