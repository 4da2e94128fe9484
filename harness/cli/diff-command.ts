/**
 * `scim-harness diff <old.json> <new.json>`: what changed between two runs — scenario status changes,
 * new and fixed findings, summary deltas. Exit 1 when the new run has findings the old one did not,
 * 0 otherwise, 2 when a file is not a readable report.
 */
import { diffReports, formatReportDiff } from "../../reports/index.ts";
import { loadBaselineReport } from "../baseline/load-baseline.ts";
import { isHarnessError } from "../errors.ts";

/** Compares two `report.json` files and prints the differences; resolves to the exit code. */
export async function diffCommand(oldFile: string, newFile: string): Promise<number> {
  try {
    const [a, b] = await Promise.all([loadBaselineReport(oldFile), loadBaselineReport(newFile)]);
    const diff = diffReports(a, b);
    process.stdout.write(formatReportDiff(diff));
    return diff.newFindings.length > 0 ? 1 : 0;
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    process.stderr.write(`scim-harness diff: ${e.message}\n`);
    return e.exitCode;
  }
}
