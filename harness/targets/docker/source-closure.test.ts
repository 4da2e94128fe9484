import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { importSpecifiers, packageClosure, packageName, sourceClosure } from "./source-closure.ts";

it("finds run-time imports and skips type-only ones", () => {
  const source = [
    'import express from "express";',
    'import type { Express } from "express-serve-static-core";',
    'import { a, type B } from "./a.ts";',
    'export { c } from "../c.ts";',
    'export type { D } from "./d.ts";',
    'import "./side-effect.ts";',
    'const m = await import("node:fs");',
  ].join("\n");
  expect(importSpecifiers(source)).toEqual(["express", "./a.ts", "../c.ts", "./side-effect.ts", "node:fs"]);
  expect(packageName("@scope/pkg/sub/path")).toBe("@scope/pkg");
  expect(packageName("express/lib/router")).toBe("express");
});

it("follows relative imports through files and collects the packages, not built-ins", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-harness-closure-"));
  mkdirSync(join(dir, "lib"));
  writeFileSync(
    join(dir, "entry.ts"),
    'import { x } from "./lib/x.ts";\nimport { createServer } from "node:http";\n',
  );
  writeFileSync(join(dir, "lib", "x.ts"), 'import cmd from "commander";\nexport { y } from "./y.ts";\n');
  writeFileSync(join(dir, "lib", "y.ts"), 'import { x } from "./x.ts";\nexport const y = 1;\n'); // a cycle
  writeFileSync(join(dir, "unused.ts"), "export {};\n");
  const { files, packages } = sourceClosure([join(dir, "entry.ts")]);
  expect(files).toEqual([join(dir, "entry.ts"), join(dir, "lib", "x.ts"), join(dir, "lib", "y.ts")]);
  expect([...packages]).toEqual(["commander"]);
});

it("collects a package's dependencies from node_modules, nested copies included, missing optional ones skipped", () => {
  const root = mkdtempSync(join(tmpdir(), "scim-harness-pkgs-"));
  const pkg = (dir: string, deps: Record<string, string> = {}, optional: Record<string, string> = {}) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ dependencies: deps, optionalDependencies: optional }),
    );
  };
  pkg(join(root, "node_modules/app"), { lib: "1", shared: "2" }, { "not-installed": "1" });
  pkg(join(root, "node_modules/lib"), { shared: "1" });
  pkg(join(root, "node_modules/lib/node_modules/shared")); // lib's own version
  pkg(join(root, "node_modules/shared"));
  pkg(join(root, "node_modules/unrelated"));
  expect(packageClosure(["app"], root)).toEqual([
    "node_modules/app",
    "node_modules/lib",
    "node_modules/lib/node_modules/shared",
    "node_modules/shared",
  ]);
  expect(() => packageClosure(["nope"], root)).toThrow(/package nope is not installed/);
});
