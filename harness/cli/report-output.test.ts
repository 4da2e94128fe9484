import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { summarize, REPORT_SCHEMA_VERSION, type RunReport } from "../../reports/index.ts";
import { checkOutDir, writeReportsOrFallback } from "./report-output.ts";

const report: RunReport = {
  schemaVersion: REPORT_SCHEMA_VERSION,
  tool: { name: "scim-harness", version: "0.0.0" },
  run: { id: "out1", startedAt: new Date(0).toISOString(), durationMs: 0, seed: 1, incomplete: false },
  target: { kind: "url" },
  summary: summarize([]),
  scenarios: [],
  findings: [],
};

const tmp = () => mkdtemp(join(tmpdir(), "scimh-out-"));

it("checkOutDir: a file in the way and a folder under a file are refused with one line; a new folder is made", async () => {
  const dir = await tmp();
  const file = join(dir, "report.json");
  await writeFile(file, "{}");
  expect(await checkOutDir(file)).toMatch(/^--out \S+report\.json is a file, not a folder/);
  expect(await checkOutDir(join(file, "sub"))).toMatch(/^--out \S+: cannot create the folder \(ENOTDIR/);
  expect(await checkOutDir(join(dir, "new", "deeper"))).toBeUndefined();
  expect(await readdir(join(dir, "new"))).toEqual(["deeper"]);
});

it("writeReportsOrFallback: a folder that cannot take the files gets one line, and the report goes to a temp folder", async () => {
  const dir = await tmp();
  const blocked = join(dir, "blocked");
  await writeFile(blocked, "not a folder");
  const lines: string[] = [];
  const written = await writeReportsOrFallback(
    report,
    { outDir: blocked, formats: ["json"], secrets: [] },
    (l) => lines.push(l),
  );
  expect(written.failed).toBe(true);
  expect(lines[0]).toMatch(/^could not write the reports to \S+blocked \(E[A-Z]+/);
  expect(lines[1]).toMatch(/^reports written to \S+ instead$/);
  expect(written.paths).toHaveLength(1);
  expect(JSON.parse(await readFile(written.paths[0]!, "utf8"))).toMatchObject({ run: { id: "out1" } });
});

it("writeReportsOrFallback: a writable folder gets the files and no line", async () => {
  const dir = await tmp();
  const lines: string[] = [];
  const written = await writeReportsOrFallback(
    report,
    { outDir: dir, formats: ["json", "junit"], secrets: [] },
    (l) => lines.push(l),
  );
  expect(written).toEqual({ paths: [join(dir, "report.json"), join(dir, "junit.xml")], failed: false });
  expect(lines).toEqual([]);
});
