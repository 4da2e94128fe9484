/**
 * JSON writer: `report.json`, the machine-readable report described by `report.schema.json`.
 */

import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type { RunReport } from "../report.ts";

/** Renders the report as pretty-printed JSON (2-space indent, trailing newline), redacted first. */
export function renderJsonReport(report: RunReport, options: RedactOptions): string {
  return `${JSON.stringify(redact(report, options.secrets), null, 2)}\n`;
}

/** Writes the redacted JSON report to `path`, creating its directory; resolves to `path`. */
export async function writeJsonReport(
  report: RunReport,
  path: string,
  options: RedactOptions,
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderJsonReport(report, options), "utf8");
  return path;
}
