#!/usr/bin/env node
// Markdown job summary of a scim-harness run, for the GitHub Action (action.yml) and other CI pages:
//   node harness/ci/job-summary.mjs <report folder> <verdict>  >> "$GITHUB_STEP_SUMMARY"
// Reads only report.json's summary, scenarios and findings; a missing report is said, not hidden.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir = "scim-report", verdict = "unknown"] = process.argv.slice(2);
const file = join(dir, "report.json");
const out = [`## scim-harness: ${verdict}`, ""];
if (!existsSync(file)) {
  out.push(`No report.json in \`${dir}\`: the run stopped before writing reports (see the step log).`);
} else {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const s = report.summary ?? {};
  out.push(
    `scim-harness ${report.tool?.version ?? "?"} · target \`${report.target?.baseUrl ?? report.target?.kind ?? "?"}\``,
    "",
  );
  out.push("| | total | passed | failed | errored | not applicable |", "|---|---|---|---|---|---|");
  for (const [name, c] of [
    ["scenarios", s.scenarios],
    ["contracts", s.contracts],
    ["properties", s.properties],
  ])
    if (c)
      out.push(
        `| ${name} | ${c.total ?? ""} | ${c.passed ?? ""} | ${c.failed ?? ""} | ${c.errored ?? ""} | ${c.notApplicable ?? ""} |`,
      );
  const f = s.findings ?? {};
  out.push("", `Findings: ${f.error ?? 0} error, ${f.warning ?? 0} warning, ${f.info ?? 0} info.`);
  const bad = (report.scenarios ?? []).filter((x) => x.status === "failed" || x.status === "errored");
  if (bad.length > 0) {
    out.push("", "| scenario | variant | status |", "|---|---|---|");
    for (const x of bad.slice(0, 50)) out.push(`| \`${x.id}\` | ${x.variant} | ${x.status} |`);
    if (bad.length > 50) out.push(`| … ${bad.length - 50} more | | |`);
  }
  const errors = [
    ...(report.scenarios ?? []).flatMap((x) => [
      ...(x.steps ?? []).flatMap((st) => st.findings ?? []),
      ...(x.findings ?? []),
    ]),
    ...(report.findings ?? []),
  ].filter((x) => x.severity === "error" && x.baseline !== "known" && x.baseline !== "waived");
  const rules = [...new Set(errors.map((x) => `\`${x.ruleId}\` ${x.title ?? ""}`.trim()))];
  if (rules.length > 0) out.push("", "Failing rules:", ...rules.slice(0, 30).map((r) => `- ${r}`));
}
process.stdout.write(out.join("\n") + "\n");
