import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { loadScenario } from "../scenario/load-scenario.ts";
import { csvCompanions, importCommand } from "./import-command.ts";

const examples = fileURLToPath(new URL("../import/examples/", import.meta.url));
let dir = "";
let stdout: string[] = [];
let stderr: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scimh-import-"));
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

it("imports the Entra JSON example, writes a loadable scenario and prints skipped entries and the next command", async () => {
  const out = join(dir, "b1.yaml");
  const code = await importCommand("entra-log", join(examples, "entra-b1-removed-from-group.json"), { out });
  expect(code).toBe(0);
  const { scenario } = await loadScenario(out);
  expect(scenario.id).toBe("imported/entra-b1-removed-from-group");
  const text = stdout.join("");
  expect(text).toContain(`wrote ${out}: scenario imported/entra-b1-removed-from-group, 6 steps\n`);
  expect(text).toContain("skipped 1 entry:\n  entry 0 (change e6a9c2f5): Entra skipped this change: ");
  expect(text).toContain(
    `  npm run scenarios -- --scenario ${out} --target <https://…/scim/v2> --reporter console,json,html\n`,
  );
  expect((await readFile(out, "utf8")).split("\n")[0]).toMatch(
    /^# yaml-language-server: \$schema=(\.\.\/)+.*scenarios\/scenario\.schema\.json$/,
  );
});

it("finds the CSV download's companion files next to the main file", async () => {
  const names = [
    "ProvisioningLogs_b1-removed-from-group.csv",
    "ProvisioningLogs_ModifiedProperties_b1-removed-from-group.csv",
    "ProvisioningLogs_ProvisioningSteps_b1-removed-from-group.csv",
  ];
  for (const n of names) await copyFile(join(examples, n), join(dir, n));
  expect((await csvCompanions(join(dir, names[0]!))).sort()).toEqual([
    join(dir, names[1]!),
    join(dir, names[2]!),
  ]);
  const out = join(dir, "csv.yaml");
  expect(await importCommand("entra-log", join(dir, names[0]!), { out })).toBe(0);
  expect(stdout.join("")).toContain(`using the CSV download's other files: ${names[1]}, ${names[2]}\n`);
  expect((await loadScenario(out)).scenario.steps.map((s) => s.do)).toContain("removeMembers");
});

it("imports a HAR with --keep-pii and says not to commit it", async () => {
  const out = join(dir, "har.yaml");
  expect(
    await importCommand("har", join(examples, "b1-disable-ignored.har"), { out, keepPii: true, seed: 9 }),
  ).toBe(0);
  const text = await readFile(out, "utf8");
  expect(text).toContain("${runPrefix}-alex.wong@contoso.com");
  expect(text).not.toContain("eyJ0eXAi");
  expect(stdout.join("")).toContain(
    "note: --keep-pii kept the customer's personal data in the file; do not commit it\n",
  );
});

it("exits 2 on an unreadable or foreign input, naming the file, and writes nothing", async () => {
  const out = join(dir, "never.yaml");
  expect(await importCommand("har", join(dir, "missing.har"), { out })).toBe(2);
  expect(stderr.join("")).toMatch(/^scim-harness import har: .*missing\.har: cannot read: ENOENT/);
  const foreign = join(dir, "log.json");
  await writeFile(foreign, '{"value":[{"provisioningAction":"create"}]}');
  stderr = [];
  expect(await importCommand("har", foreign, { out })).toBe(2);
  expect(stderr.join("")).toContain("scim-harness import har: log.json: not a HAR file");
  await expect(readFile(out)).rejects.toThrow(/ENOENT/);
});

it("exits 2 when no entry can be imported and lists the entries it skipped", async () => {
  const bad = join(dir, "bad.json");
  await writeFile(
    bad,
    JSON.stringify([{ provisioningAction: "create", changeId: "abcdef12-0000", activityDateTime: "x" }]),
  );
  expect(await importCommand("entra-log", bad, { out: join(dir, "x.yaml") })).toBe(2);
  expect(stderr.join("")).toBe(
    "scim-harness import entra-log: bad.json: no importable entry (1 skipped)\n" +
      "skipped 1 entry:\n  entry 0 (change abcdef12): activityDateTime missing or not a date (x)\n",
  );
});
