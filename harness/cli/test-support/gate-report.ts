/**
 * Test support: the whole gate (`scim-harness run --suite all`) in-process through the CLI's own run
 * code path, returning the report.json it wrote (the output folder is removed afterwards).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunReport } from "../../../reports/index.ts";
import { runCommand } from "../run-command.ts";
import type { RunOptions } from "../run-command.ts";

export async function gateReport(
  options: Pick<RunOptions, "target" | "seed"> & Partial<RunOptions>,
): Promise<RunReport> {
  const out = await mkdtemp(join(tmpdir(), "scimh-gate-"));
  try {
    await runCommand({
      tokenEnv: "SCIM_TOKEN",
      suite: "all",
      reporter: ["json"],
      failOn: "error",
      bail: false,
      timeout: 10_000,
      concurrency: 4,
      list: false,
      waivers: false,
      ...options,
      out,
    });
    return JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
