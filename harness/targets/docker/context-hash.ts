/**
 * Content hash of a Docker build context: what `docker build` would send (minus `.dockerignore`d
 * paths), so an unchanged context reuses the image it built before.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { globToRegExp } from "../../scenario/find-scenarios.ts";

export interface IgnoreRule {
  pattern: RegExp;
  negate: boolean;
}

/** Parses `.dockerignore`: one pattern a line, `#` comments, `!` re-includes; last match wins. */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negate = line.startsWith("!");
      const glob = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, "").replace(/^\.\//, "");
      return { pattern: globToRegExp(glob), negate };
    });
}

/** Whether a context-relative path (forward slashes) is ignored: a pattern also covers what is below it. */
export function isIgnored(rel: string, rules: readonly IgnoreRule[]): boolean {
  const prefixes = rel.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of rules) if (prefixes.some((p) => rule.pattern.test(p))) ignored = !rule.negate;
  return ignored;
}

/**
 * Hashes every file of the context (path, executable bit, content; symlinks by target) that
 * `.dockerignore` keeps, plus the Dockerfile, which Docker always reads. 16 hex characters.
 */
export function hashBuildContext(context: string, dockerfile: string): string {
  const ignorePath = join(context, ".dockerignore");
  const rules = existsSync(ignorePath) ? parseDockerignore(readFileSync(ignorePath, "utf8")) : [];
  const h = createHash("sha256").update("dockerfile\0").update(readFileSync(dockerfile));
  const entries = readdirSync(context, { recursive: true, withFileTypes: true })
    .map((e) => join(e.parentPath, e.name))
    .map((abs) => ({ abs, rel: relative(context, abs).split(sep).join("/") }))
    .filter(({ rel }) => !isIgnored(rel, rules))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const { abs, rel } of entries) {
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) h.update(`\0link\0${rel}\0${readlinkSync(abs)}`);
    else if (stat.isFile())
      h.update(`\0file\0${rel}\0${stat.mode & 0o111 ? "x" : "-"}\0`).update(readFileSync(abs));
  }
  return h.digest("hex").slice(0, 16);
}
