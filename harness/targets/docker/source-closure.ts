/**
 * What an entry file needs at run time, for copying into an image: the files reachable through relative
 * imports, and the npm packages (with their dependencies) it imports, found in node_modules.
 */
import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";

const STATIC_IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The module specifiers a source file imports at run time (`import type` / `export type` skipped). */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(STATIC_IMPORT)) if (m[2] === undefined) found.push(m[3]!);
  for (const m of source.matchAll(DYNAMIC_IMPORT)) found.push(m[1]!);
  return found;
}

/** `@scope/pkg/sub` → `@scope/pkg`, `pkg/sub` → `pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Files reachable from `entries` through relative imports, and the packages they import. */
export function sourceClosure(entries: readonly string[]): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => resolve(e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importSpecifiers(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) queue.push(resolve(dirname(file), spec));
      else if (!isBuiltin(spec)) packages.add(packageName(spec));
    }
  }
  return { files: [...files].sort(), packages };
}

/** The folder of package `name` as Node would find it from `fromDir`, or undefined. */
export function findPackageDir(name: string, fromDir: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/**
 * Package folders (relative to `root`) of `names` and everything they depend on (dependencies, and
 * optionalDependencies that are installed). Peer dependencies are the importer's business: they are in
 * the closure when the sources import them. Throws for a missing required package.
 */
export function packageClosure(names: Iterable<string>, root: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string, fromDir: string, required: boolean) => {
    const dir = findPackageDir(name, fromDir, root);
    if (dir === undefined) {
      if (required) throw new Error(`package ${name} is not installed (run npm ci)`);
      return;
    }
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    const deps = (key: string) => Object.keys((pkg[key] as Record<string, string> | undefined) ?? {});
    for (const dep of deps("dependencies")) visit(dep, dir, true);
    for (const dep of deps("optionalDependencies")) visit(dep, dir, false);
  };
  for (const name of names) visit(name, root, true);
  return [...seen].map((d) => relative(root, d).split(sep).join("/")).sort();
}
