/**
 * The CLI's default run (every suite, default options) against a target, as a user types it, writing
 * report.json, report.html and junit.xml to a fresh folder: the artifacts the report tests look at.
 */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const TSX = join(ROOT, "node_modules/.bin/tsx");

/** `scim-harness run --target <target> --out <dir> --reporter json,html,junit`: its exit code and folder. */
export async function defaultRun(
  target: string,
): Promise<{ code: number | null; out: string; stderr: string }> {
  const out = await mkdtemp(join(tmpdir(), "scimh-artifacts-"));
  const args = [
    "harness/cli/main.ts",
    "run",
    "--target",
    target,
    "--out",
    out,
    "--reporter",
    "json,html,junit",
  ];
  return new Promise((resolve) => {
    const child = spawn(TSX, args, { cwd: ROOT, env: { ...process.env, CI: "true" } });
    let stderr = "";
    child.stdout.resume();
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, out, stderr }));
  });
}
