/**
 * The npm package as a user gets it: `npm pack` (prepack builds dist/), installed from the tarball with
 * production dependencies only into a fresh project outside the repository (no tsx, no TypeScript), then
 * the CLI, the vitest helper and a plain ESM import, as a consumer would use them. `npm run test:package`.
 * Needs the npm registry for the tarball's dependencies and vitest.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../package-root.ts";
import { sourceClosure } from "../targets/docker/source-closure.ts";

/**
 * Tarball budget: 562 files, 429 kB packed, 1.62 MB unpacked when this was written; 677 files, 583 kB,
 * 2.27 MB after the Okta model, the requirement catalogue, root causes and coverage joined the package;
 * 786 files, 695 kB, 2.69 MB after record mode, load, 39 more contract checks and the stateful invariants.
 */
const BUDGET = { files: 860, packedBytes: 780_000, unpackedBytes: 3_000_000 };

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scimHarness: { scenarioLibraryVersion: string };
};
const VITEST_VERSION = manifest.devDependencies["vitest"]!;

// the child npm must not inherit `npm test`'s own configuration (npm_config_*, npm_package_*)
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")),
);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: { ...cleanEnv, CI: "true", NO_COLOR: "1", ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
const ok = (r: Ran) => (r.code === 0 ? r : expect.fail(`exit ${r.code}\n${r.stdout}\n${r.stderr}`));

interface PackedFile {
  path: string;
  size: number;
}
let work: string;
let project: string;
let packed: { filename: string; entryCount: number; size: number; unpackedSize: number; files: PackedFile[] };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "scim-harness-package-"));
  const pack = ok(await sh("npm", ["pack", "--json", "--pack-destination", work], PACKAGE_ROOT));
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as (typeof packed)[])[0]!;
  project = join(work, "consumer");
  ok(await sh("mkdir", ["-p", project], work));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
  );
  ok(
    await sh(
      "npm",
      [
        "install",
        "--omit=dev",
        "--no-audit",
        "--no-fund",
        join(work, packed.filename),
        `vitest@${VITEST_VERSION}`,
      ],
      project,
    ),
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it("ships built JavaScript, types, the scenario library and schemas, and no tests, fixtures or benches", () => {
  const paths = packed.files.map((f) => f.path);
  expect(
    paths.filter(
      (p) => /\.test\.|test-support|testdata|\/fixtures\/|\/bench\/|\.ts$/.test(p) && !p.endsWith(".d.ts"),
    ),
  ).toEqual([]);
  expect(paths).toContain("dist/harness/cli/entry.js");
  expect(paths).toContain("scenarios/scenario.schema.json");
  expect(paths).toContain("dist/reports/report.schema.json");
  expect(paths.filter((p) => p.startsWith("scenarios/") && p.endsWith(".yaml")).length).toBeGreaterThan(50);
  expect({
    files: packed.entryCount,
    packedBytes: packed.size,
    unpackedBytes: packed.unpackedSize,
  }).toSatisfy(
    (m: typeof BUDGET) =>
      m.files <= BUDGET.files &&
      m.packedBytes <= BUDGET.packedBytes &&
      m.unpackedBytes <= BUDGET.unpackedBytes,
    `within the budget ${JSON.stringify(BUDGET)}`,
  );
});

it("declares exactly the packages its runtime code imports as dependencies (vitest as a peer)", () => {
  const installed = join(project, "node_modules", "scim-harness");
  const entries = [
    "harness/cli/entry.js",
    "harness/index.js",
    "harness/vitest/describe-scim-target.js",
    "fakes/index.js",
    "reports/index.js",
  ];
  const { packages } = sourceClosure(entries.map((e) => join(installed, "dist", e)));
  expect([...packages].sort()).toEqual(
    [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)].sort(),
  );
  // production install: the consumer has neither tsx nor TypeScript
  expect(existsSync(join(project, "node_modules", "tsx"))).toBe(false);
  expect(existsSync(join(project, "node_modules", "typescript"))).toBe(false);
});

it("npx scim-harness --version prints the tool and scenario-library versions", async () => {
  const r = ok(await sh("npx", ["--no", "--", "scim-harness", "--version"], project));
  expect(r.stdout.trim()).toBe(
    `${manifest.version}\nscenario library ${manifest.scimHarness.scenarioLibraryVersion}`,
  );
}, 60_000);

it("npx scim-harness run --target fake --suite scenarios exits 0 and writes report.json", async () => {
  const out = join(work, "report");
  const r = await sh(
    "npx",
    [
      "--no",
      "scim-harness",
      "run",
      "--target",
      "fake",
      "--suite",
      "scenarios",
      "--reporter",
      "console,json",
      "--out",
      out,
    ],
    project,
  );
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
    tool: { version: string };
    scenarios: { status: string }[];
  };
  expect(report.tool.version).toBe(manifest.version);
  expect(report.scenarios.length).toBeGreaterThan(50);
  expect(report.scenarios.filter((s) => s.status === "passed").length).toBeGreaterThan(50);
}, 120_000);

it("a consumer's vitest suite runs the library through describeScimTarget, and fails on a broken SP", async () => {
  writeFileSync(
    join(project, "scim.test.mjs"),
    [
      'import { describeScimTarget } from "scim-harness/vitest";',
      'import { FakeTarget } from "scim-harness";',
      'const quirks = (process.env.CONSUMER_QUIRKS ?? "").split("+").filter(Boolean);',
      'describeScimTarget("our SCIM API", {',
      '  target: () => new FakeTarget({ profile: "generic", quirks }),',
      '  scenarios: ["entra/e5-disable"],',
      "});",
      "",
    ].join("\n"),
  );
  const clean = await sh("npx", ["--no", "--", "vitest", "run"], project);
  expect(clean.code, `${clean.stdout}\n${clean.stderr}`).toBe(0);
  expect(clean.stdout).toMatch(/Tests\s+\d+ passed/);
  // the B1 quirk (an SP ignoring "active":"False") must turn the same suite red
  const broken = await sh("npx", ["--no", "--", "vitest", "run"], project, {
    CONSUMER_QUIRKS: "active-string-ignored",
  });
  expect(broken.code).toBe(1);
  expect(`${broken.stdout}\n${broken.stderr}`).toContain("entra.patch-applied");
}, 120_000);

it("a plain .mjs file imports the library, the fakes and the reports entry points", async () => {
  writeFileSync(
    join(project, "use.mjs"),
    [
      'import { parseFilter, evaluateFilter, USER_RESOURCE_TYPE, DEFAULT_SCENARIO_DIR, findScenarios } from "scim-harness";',
      'import { createFakeServiceProvider } from "scim-harness/fakes";',
      'import * as reports from "scim-harness/reports";',
      'const match = evaluateFilter(parseFilter(\'userName eq "Ada"\'), { userName: "ada" }, USER_RESOURCE_TYPE);',
      "const { scenarios } = await findScenarios(DEFAULT_SCENARIO_DIR, {});",
      'const fake = createFakeServiceProvider({ profile: "generic" });',
      "console.log(JSON.stringify({ match, scenarios: scenarios.length, basePath: fake.basePath, reports: Object.keys(reports).length > 0 }));",
      "",
    ].join("\n"),
  );
  const r = ok(await sh("node", ["use.mjs"], project));
  const printed = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
  expect(printed).toMatchObject({ match: true, basePath: "/scim/v2", reports: true });
  expect(printed["scenarios"]).toBeGreaterThan(50);
  // every "types" of the exports map exists in the installed package
  const installed = join(project, "node_modules", "scim-harness");
  const exported = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
    exports: Record<string, string | { types: string; default: string }>;
  };
  for (const target of Object.values(exported.exports))
    for (const file of typeof target === "string" ? [target] : [target.types, target.default])
      expect(existsSync(join(installed, file)), file).toBe(true);
}, 60_000);
