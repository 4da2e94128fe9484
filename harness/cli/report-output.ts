/**
 * Where `run` writes its report files, checked before the run (so a bad `--out` costs no run) and written
 * without a stack trace after it: when the folder cannot take them (a file in the way, no permission, a
 * full disk), one line says why and the report goes to a fresh folder under the system temp folder instead.
 */
import { mkdir, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeReports, type RunReport, type WriteReportsOptions } from "../../reports/index.ts";

const reason = (e: unknown): string => {
  const { code, message } = e as { code?: string; message?: string };
  return code !== undefined ? `${code}: ${String(message).replace(/^\w+: /, "")}` : String(message ?? e);
};

/** Why `outDir` cannot hold the report files (it is created when missing), or undefined when it can. */
export async function checkOutDir(outDir: string): Promise<string | undefined> {
  const existing = await stat(outDir).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory())
    return `--out ${outDir} is a file, not a folder: give a folder for report.json, junit.xml and report.html`;
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    return `--out ${outDir}: cannot create the folder (${reason(e)})`;
  }
  return undefined;
}

/** What `writeReportsOrFallback` did. */
export interface WrittenReports {
  paths: string[];
  /** The files did not go where `outDir` says (written to a temp folder instead, or not at all). */
  failed: boolean;
}

/** Writes the reports; on failure prints one line and writes them under the temp folder instead. */
export async function writeReportsOrFallback(
  report: RunReport,
  options: WriteReportsOptions & { outDir: string },
  err: (line: string) => void,
): Promise<WrittenReports> {
  try {
    return { paths: await writeReports(report, options), failed: false };
  } catch (e) {
    err(`could not write the reports to ${options.outDir} (${reason(e)})`);
  }
  try {
    const fallback = await mkdtemp(join(tmpdir(), "scim-harness-report-"));
    const paths = await writeReports(report, { ...options, outDir: fallback });
    err(`reports written to ${fallback} instead`);
    return { paths, failed: true };
  } catch (e) {
    err(`could not write the reports anywhere (${reason(e)})`);
    return { paths: [], failed: true };
  }
}
