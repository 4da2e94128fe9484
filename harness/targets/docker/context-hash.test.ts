import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { hashBuildContext, isIgnored, parseDockerignore } from "./context-hash.ts";

it("reads .dockerignore like Docker: globs, folders cover their contents, ! re-includes, last match wins", () => {
  const rules = parseDockerignore("# comment\n\nnode_modules\n/dist/\n*.log\n!keep.log\ndocs/**/*.md\n");
  expect(isIgnored("node_modules", rules)).toBe(true);
  expect(isIgnored("node_modules/express/index.js", rules)).toBe(true);
  expect(isIgnored("dist/server.js", rules)).toBe(true);
  expect(isIgnored("debug.log", rules)).toBe(true);
  expect(isIgnored("keep.log", rules)).toBe(false);
  expect(isIgnored("docs/a/b/x.md", rules)).toBe(true);
  expect(isIgnored("src/server.ts", rules)).toBe(false);
  expect(isIgnored("src/debug.log", rules)).toBe(false); // `*` stays within one path segment
});

it("the context hash changes with what docker build would send, and only with that", () => {
  const ctx = mkdtempSync(join(tmpdir(), "scim-harness-ctx-"));
  mkdirSync(join(ctx, "src"));
  writeFileSync(join(ctx, "Dockerfile"), "FROM scratch\nCOPY src /src\n");
  writeFileSync(join(ctx, "src", "server.js"), "listen()\n");
  writeFileSync(join(ctx, ".dockerignore"), "*.log\n");
  const dockerfile = join(ctx, "Dockerfile");
  const h0 = hashBuildContext(ctx, dockerfile);
  expect(h0).toMatch(/^[0-9a-f]{16}$/);
  expect(hashBuildContext(ctx, dockerfile)).toBe(h0);

  writeFileSync(join(ctx, "build.log"), "noise");
  expect(hashBuildContext(ctx, dockerfile)).toBe(h0); // ignored

  writeFileSync(join(ctx, "src", "server.js"), "listen(8080)\n");
  const h1 = hashBuildContext(ctx, dockerfile);
  expect(h1).not.toBe(h0);

  chmodSync(join(ctx, "src", "server.js"), 0o755);
  const h2 = hashBuildContext(ctx, dockerfile);
  expect(h2).not.toBe(h1);

  writeFileSync(join(ctx, "Dockerfile"), "FROM scratch\nCOPY src /srv\n");
  expect(hashBuildContext(ctx, dockerfile)).not.toBe(h2);
});
