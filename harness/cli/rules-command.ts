/** `scim-harness rules [--json] [--coverage [--report <report.json>] [--markdown]]`: the rule catalogue, or requirement coverage. */
import { readFile } from "node:fs/promises";
import {
  coverageBySection,
  renderCoverageMarkdown,
  renderCoverageText,
  requirementResults,
} from "../../contracts/index.ts";
import { validateReport } from "../../reports/validate-report.ts";
import type { RunReport } from "../../reports/index.ts";
import { RULE_CATALOGUE, renderRulesJson, renderRulesText } from "./rule-catalogue.ts";

export interface RulesOptions {
  json?: boolean;
  coverage?: boolean;
  report?: string;
  markdown?: boolean;
}

export async function rulesCommand(opts: RulesOptions): Promise<number> {
  if (opts.coverage !== true) {
    if (opts.report !== undefined || opts.markdown === true) {
      process.stderr.write("--report and --markdown go with --coverage\n");
      return 2;
    }
    process.stdout.write(
      opts.json === true ? renderRulesJson(RULE_CATALOGUE) : renderRulesText(RULE_CATALOGUE),
    );
    return 0;
  }
  let results;
  if (opts.report !== undefined) {
    let report: unknown;
    try {
      report = JSON.parse(await readFile(opts.report, "utf8"));
    } catch (e) {
      process.stderr.write(`cannot read ${opts.report}: ${(e as Error).message}\n`);
      return 2;
    }
    const errors = validateReport(report);
    if (errors.length > 0) {
      process.stderr.write(`${opts.report} is not a scim-harness report: ${errors.slice(0, 3).join("; ")}\n`);
      return 2;
    }
    // A report written before requirements were recorded still has its checks: derive the statuses.
    results = (report as RunReport).requirements ?? requirementResults(report as RunReport);
  }
  const rows = coverageBySection(undefined, results);
  if (opts.json === true) process.stdout.write(`${JSON.stringify(results ?? rows, null, 2)}\n`);
  else process.stdout.write(opts.markdown === true ? renderCoverageMarkdown(rows) : renderCoverageText(rows));
  return 0;
}
