/**
 * The waiver example of harness/import/README.md, run for real: the README's import line, its waiver file
 * and its run line, taken from the README text (as the container README examples are tested).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it, vi } from "vitest";
import { allFindings, type RunReport } from "../../reports/index.ts";
import { inGroup, killGroups } from "./test-support/process-groups.ts";

vi.setConfig({ testTimeout: 240_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const README = readFileSync(join(ROOT, "harness/import/README.md"), "utf8");
const out = mkdtempSync(join(tmpdir(), "scimh-readme-waiver-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The README line that contains `needle`, with `npm run …` turned into this checkout's CLI. */
function readmeLine(needle: string): string {
  const line = README.split("\n").find((l) => l.includes(needle));
  expect(line, needle).toBeDefined();
  return line!
    .replace(/\s+#.*$/, "")
    .replace("npm run scenarios --", "node harness/cli/bin.js run --suite scenarios")
    .replace("npm run harness --", "node harness/cli/bin.js")
    .replaceAll("scim-report/", `${out}/`)
    .replaceAll("scim-harness.waivers.yaml", join(out, "scim-harness.waivers.yaml"));
}

afterAll(() => {
  killGroups();
});

function sh(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], {
      cwd: ROOT,
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
      detached: true,
    });
    inGroup(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it("the README's waiver accepts the whole bug: the run passes with every finding waived, and fails without it", async () => {
  const imported = await sh(
    `${readmeLine("import entra-log harness/import/examples/entra-b1-removed-from-group.json")} --out ${out}/imported/entra-b1-removed-from-group.yaml`,
  );
  expect(imported.code, imported.stderr).toBe(0);
  const waivers = /```yaml\n([\s\S]*?)```/.exec(README.slice(README.indexOf("## 4.")))?.[1];
  expect(waivers).toBeDefined();
  writeFileSync(join(out, "scim-harness.waivers.yaml"), waivers!);

  const run = readmeLine("--waivers scim-harness.waivers.yaml");
  const waived = await sh(`${run} --reporter console,json --out ${out}/waived`);
  expect(waived.code, `${waived.stdout}\n${waived.stderr}`).toBe(0);
  expect(waived.stdout).toMatch(/Verdict\s+✓ passes/);
  const report = JSON.parse(readFileSync(join(out, "waived/report.json"), "utf8")) as RunReport;
  const findings = allFindings(report).filter((f) => f.severity !== "info");
  expect(findings.length).toBeGreaterThanOrEqual(2); // the PATCH finding and its follow-on
  expect(findings.every((f) => f.baseline === "waived")).toBe(true);
  expect(report.baseline?.expiredWaivers).toEqual([]);

  const unwaived = await sh(
    `${run.replace(/--waivers \S+/, "--no-waivers")} --reporter json --out ${out}/plain`,
  );
  expect(unwaived.code).toBe(1);
});
