/**
 * `scim-harness merge-reports <dir|report.json…> --out <dir>`: reads the shards' `report.json`, writes
 * the merged report (JSON, JUnit re-rendered, optionally HTML) and exits like `run` would have for the
 * whole suite: 0, 1 on failing findings, 2 when a report is missing or unreadable.
 */
import { readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  exitCodeFor,
  formatSummary,
  REPORT_FILE_NAMES,
  writeReports,
  type ReportFormat,
  type RunReport,
} from "../../reports/index.ts";
import { isHarnessError } from "../errors.ts";
import { mergeReports } from "./merge-reports.ts";

export interface MergeReportsOptions {
  out: string;
  reporter: string[];
  failOn: "error" | "warning";
}

const FORMATS = new Set<string>(["json", "junit", "html"]);

async function readReport(path: string): Promise<RunReport> {
  const file = (await stat(path)).isDirectory() ? join(path, REPORT_FILE_NAMES.json) : path;
  const report = JSON.parse(await readFile(file, "utf8")) as RunReport;
  if (typeof report !== "object" || report === null || !Array.isArray(report.scenarios))
    throw new Error(`${file} is not a scim-harness report`);
  return report;
}

/** Runs the command; resolves to the exit code. */
export async function mergeReportsCommand(paths: string[], opts: MergeReportsOptions): Promise<number> {
  const err = (m: string) => process.stderr.write(`scim-harness: ${m}\n`);
  const unknown = opts.reporter.filter((r) => !FORMATS.has(r));
  if (unknown.length > 0) {
    err(`merge-reports writes json, junit and html, not ${unknown.join(", ")}`);
    return 2;
  }
  const reports: RunReport[] = [];
  for (const path of paths) {
    try {
      reports.push(await readReport(path));
    } catch (e) {
      err(`cannot read a report from ${path}: ${(e as Error).message}`);
      return 2;
    }
  }
  let merged: RunReport;
  try {
    merged = mergeReports(reports);
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(e.message);
    return 2;
  }
  const written = await writeReports(merged, {
    outDir: opts.out,
    formats: opts.reporter as ReportFormat[],
    secrets: [],
  });
  process.stdout.write(formatSummary(merged, { color: false, secrets: [] }) + "\n");
  process.stdout.write(
    `merged ${reports.length} report(s) → ${written.map((p) => relative(process.cwd(), p)).join(", ")}\n`,
  );
  return exitCodeFor(merged, opts.failOn);
}
