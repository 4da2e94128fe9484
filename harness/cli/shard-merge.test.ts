import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { removeTempDirs, tempDir, writeSlowScenarios } from "../targets/testdata/spawn-cli.ts";

afterAll(removeTempDirs);
import { main } from "./main.ts";

const quiet = async (argv: string[]) => {
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    process.exitCode = undefined;
    return await main(argv);
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
};
const ids = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as RunReport).scenarios.map((s) => s.id);

const report = (dir: string) => JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as RunReport;

/** `run … --shard <shard> --reporter json --out <root>/<i>-of-<n>`. */
const runShard = (root: string, shard: string, args: string[]) =>
  quiet([
    "run",
    ...args,
    "--shard",
    shard,
    "--reporter",
    "json",
    "--out",
    join(root, shard.replace("/", "-of-")),
  ]);

it("--shard 1/2 and 2/2 split the scenarios, contracts and properties run in shard 1 only; merge-reports puts the whole run back together", async () => {
  const root = tempDir("scim-harness-shards-");
  const scenarios = writeSlowScenarios(join(root, "scenarios"), 5, 1);
  const run = (shard: string) =>
    runShard(root, shard, ["--scenario-dir", scenarios, "--check", "rfc7644.auth.*", "--num-runs", "3"]);
  expect(await run("1/2")).toBe(0);
  expect(await run("2/2")).toBe(0);
  expect(ids(join(root, "1-of-2"))).toEqual(["slow/s01", "slow/s03", "slow/s05"]);
  expect(ids(join(root, "2-of-2"))).toEqual(["slow/s02", "slow/s04"]);

  const merged = join(root, "merged");
  expect(await quiet(["merge-reports", join(root, "1-of-2"), join(root, "2-of-2"), "--out", merged])).toBe(0);
  expect(ids(merged)).toEqual(["slow/s01", "slow/s02", "slow/s03", "slow/s04", "slow/s05"]);
  const first = report(join(root, "1-of-2"));
  const second = report(join(root, "2-of-2"));
  const checks = first.contracts?.map((c) => c.id) ?? [];
  expect(checks).toEqual(
    expect.arrayContaining(["rfc7644.auth.no-token-401", "rfc7644.auth.wrong-token-401"]),
  );
  expect(first.properties?.map((p) => p.id)).toEqual([
    "property.filters",
    "property.patch",
    "property.stateful",
  ]);
  expect(second.contracts).toBeUndefined();
  expect(second.properties).toBeUndefined();
  const whole = report(merged);
  expect(whole.contracts?.map((c) => c.id)).toEqual(checks); // each check once
  expect(whole.properties?.map((p) => p.id)).toEqual([
    "property.filters",
    "property.patch",
    "property.stateful",
  ]);
  expect(whole.summary.contracts?.total).toBe(checks.length);
  expect(readFileSync(join(merged, "junit.xml"), "utf8").match(/<testcase /g)).toHaveLength(
    5 + checks.length + 3,
  );
}, 60_000);

it("a shard with nothing to run writes an empty report and exits 0; a bad --shard exits 2", async () => {
  const root = tempDir("scim-harness-shards-");
  const scenarios = writeSlowScenarios(join(root, "scenarios"), 2, 1);
  const out = join(root, "3-of-3");
  expect(
    await quiet(["run", "--scenario-dir", scenarios, "--shard", "3/3", "--reporter", "json", "--out", out]),
  ).toBe(0);
  expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8"))).toMatchObject({
    target: { kind: "fake" },
    summary: { scenarios: { total: 0 } },
    scenarios: [],
  });
  expect(await quiet(["run", "--scenario-dir", scenarios, "--shard", "4/3"])).toBe(2);
}, 30_000);

it("a scenario file that cannot be loaded is in every shard's report, and once in the merged one", async () => {
  const root = tempDir("scim-harness-shards-");
  const scenarios = writeSlowScenarios(join(root, "scenarios"), 3, 1);
  writeFileSync(join(scenarios, "broken.yaml"), "id: x/broken\ntitle: b\nidp: entra\nsteps:\n  - do: nope\n");
  const run = (shard: string) => runShard(root, shard, ["--scenario-dir", scenarios, "--suite", "scenarios"]);
  expect(await run("1/2")).toBe(2);
  expect(await run("2/2")).toBe(2);
  const broken = (r: RunReport) => r.scenarios.filter((s) => s.file?.endsWith("broken.yaml") === true);
  for (const shard of ["1-of-2", "2-of-2"]) expect(broken(report(join(root, shard)))).toHaveLength(1);

  const merged = join(root, "merged");
  await quiet(["merge-reports", join(root, "1-of-2"), join(root, "2-of-2"), "--out", merged]);
  const whole = report(merged);
  expect(broken(whole)).toEqual([
    expect.objectContaining({ status: "errored", title: "scenario file could not be loaded" }),
  ]);
  expect(whole.scenarios.filter((s) => s.id.startsWith("slow/")).map((s) => s.id)).toEqual([
    "slow/s01",
    "slow/s02",
    "slow/s03",
  ]);
  expect(whole.summary.scenarios).toMatchObject({ total: 4, errored: 1 });
  expect(whole.run.incompleteReason?.match(/could not be loaded/g)).toHaveLength(1);
  const junit = readFileSync(join(merged, "junit.xml"), "utf8");
  expect(junit.match(/<testcase [^>]*broken\.yaml/g)).toHaveLength(1);
}, 60_000);
