/**
 * Console writer: a vitest-like end-of-run summary for the terminal. The caller decides on color (TTY,
 * `NO_COLOR`); this module only emits ANSI codes when told to.
 */

import { painter, SEVERITY_STYLE, STATUS_MARK, type Paint, type Style } from "./palette.ts";
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type { BaselineSummary, Finding, PropertyResult, RunReport, ScenarioResult } from "../report.ts";
import { exitCodeFor, isExcused, isSuppressed, scenarioFindings } from "../report.ts";
import { coverageConsoleLines } from "./coverage-text.ts";
import {
  baselineTag,
  bySeverity,
  exchangeErrorLine,
  findingSources,
  formatDuration,
  formatValue,
} from "./finding-text.ts";

/** Options of `formatSummary`. */
export interface ConsoleOptions extends RedactOptions {
  color: boolean;
  /** `false`: the tallies only, without the per-scenario lines and finding blocks (default true). */
  detail?: boolean;
  /** The run's `--fail-on` (default error): with warning, a scenario passed with warnings shows as failing. */
  failOn?: "error" | "warning";
}

/** Unsuppressed warnings that fail the run under `--fail-on warning`. */
const countingWarnings = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.severity === "warning" && !isSuppressed(f));

const SCENARIO_MARK = STATUS_MARK;

function scenarioLine(scenario: ScenarioResult, paint: Paint, failOn: "error" | "warning"): string {
  const name = `${scenario.id} ${paint("gray", `[${scenario.variant}]`)}`;
  const warnings = scenario.status === "passed" && failOn === "warning";
  const counted = warnings ? countingWarnings(scenarioFindings(scenario)).length : 0;
  if (counted > 0)
    return ` ${paint("yellow", "✗")} ${name} ${paint("gray", formatDuration(scenario.durationMs))} ${paint("yellow", `${counted} warning(s), failing with --fail-on warning`)}`;
  const [mark, style] = SCENARIO_MARK[scenario.status];
  if (scenario.status === "notApplicable") {
    return ` ${paint(style, mark)} ${name} ${paint("gray", `not applicable: ${scenario.reason ?? "no reason given"}`)}`;
  }
  const reason = scenario.status === "errored" && scenario.reason ? ` ${paint("red", scenario.reason)}` : "";
  const broken = scenario.status === "failed" || scenario.status === "errored";
  const known = broken && isExcused(scenarioFindings(scenario)) ? ` ${paint("yellow", "(known)")}` : "";
  return ` ${paint(broken && known ? "yellow" : style, mark)} ${name} ${paint("gray", formatDuration(scenario.durationMs))}${known}${reason}`;
}

/** `42 of 100 runs`, yellow when fewer runs were done than asked. */
function runsText(property: PropertyResult, paint: Paint): string {
  const text = `${property.numRuns} of ${property.numRunsRequested} runs`;
  return property.numRuns < property.numRunsRequested ? paint("yellow", text) : text;
}

function propertyLine(property: PropertyResult, paint: Paint): string {
  const [mark, style] = SCENARIO_MARK[property.status];
  const replay = `seed ${property.seed}${property.path === undefined ? "" : `, path ${property.path}`}`;
  const line = ` ${paint(style, mark)} property ${property.id} ${paint("gray", `(${replay}, `)}${runsText(property, paint)}${paint("gray", ")")}`;
  if (property.status !== "notApplicable") return line;
  return `${line} ${paint("gray", `not applicable: ${property.reason ?? "no reason given"}`)}`;
}

function findingBlock(finding: Finding, curlFallback: string | undefined, paint: Paint): string[] {
  const suppressed = isSuppressed(finding);
  const label = paint(
    suppressed ? "gray" : SEVERITY_STYLE[finding.severity],
    finding.severity.toUpperCase().padEnd(7),
  );
  const sources = findingSources(finding);
  const tag = baselineTag(finding);
  const shownTag = tag === "" ? "" : `  ${paint(suppressed ? "gray" : "yellow", `[${tag}]`)}`;
  const lines = [`   ${label} ${paint("bold", finding.ruleId)}  ${finding.title}${shownTag}`];
  if (sources !== "") lines.push(`           ${paint("gray", sources)}`);
  const detail = (text: string) => `           ${text}`;
  if (finding.message !== "" && finding.message !== finding.title)
    lines.push(...finding.message.split("\n").map(detail));
  if (finding.stepIndex !== undefined) lines.push(detail(paint("gray", `step ${finding.stepIndex}`)));
  if (finding.expected !== undefined)
    lines.push(detail(`expected: ${paint("green", formatValue(finding.expected))}`));
  if (finding.actual !== undefined)
    lines.push(detail(`actual:   ${paint("red", formatValue(finding.actual))}`));
  const curl = finding.curl ?? curlFallback;
  if (curl !== undefined) lines.push(detail(paint("gray", `$ ${curl}`)));
  return lines;
}

/** Error and warning findings only: info findings are counted in the tally, not listed. */
function listed(findings: readonly Finding[]): Finding[] {
  return bySeverity(findings.filter((finding) => finding.severity !== "info"));
}

function scenarioDetails(scenario: ScenarioResult, paint: Paint): string[] {
  const findings = listed(scenarioFindings(scenario));
  const broken = scenario.status === "failed" || scenario.status === "errored";
  if (findings.length === 0 && !broken) return [];
  const head = !broken
    ? paint("yellow", "WARN")
    : isExcused(scenarioFindings(scenario))
      ? paint("yellow", "KNOWN")
      : paint("red", scenario.status === "failed" ? "FAIL" : "ERROR");
  const lines = [
    ` ${head} ${paint("bold", scenario.id)} [${scenario.variant}] ${paint("gray", scenario.title)}`,
  ];
  if (broken && scenario.reason) lines.push(`   ${scenario.reason}`);
  if (scenario.status === "errored") {
    for (const exchange of scenario.exchanges) {
      const line = exchangeErrorLine(exchange);
      if (line !== undefined) lines.push(`   ${paint("red", line)}`);
    }
  }
  const curlOf = (finding: Finding) => scenario.exchanges.find((e) => e.id === finding.exchangeIds[0])?.curl;
  for (const finding of findings) lines.push(...findingBlock(finding, curlOf(finding), paint));
  return [...lines, ""];
}

function propertyDetails(property: PropertyResult, paint: Paint): string[] {
  if (property.status === "passed" || property.status === "notApplicable") return [];
  const head = paint("red", property.status === "failed" ? "FAIL" : "ERROR");
  const lines = [` ${head} property ${paint("bold", property.id)} ${paint("gray", property.title)}`];
  lines.push(
    `   replay: seed ${property.seed}${property.path === undefined ? "" : `, path ${property.path}`}`,
  );
  if (property.reason !== undefined) lines.push(`   ${property.reason}`);
  if (property.counterexample !== undefined) {
    // The suites store { case, scenario }: the shrunk case reads well; the replay scenario is in the JSON report.
    const shown = (property.counterexample as { case?: unknown } | null)?.case ?? property.counterexample;
    lines.push(`   counterexample: ${formatValue(shown)}`);
  }
  for (const finding of listed(property.findings)) lines.push(...findingBlock(finding, undefined, paint));
  return [...lines, ""];
}

function baselineDetails(baseline: BaselineSummary, paint: Paint): string[] {
  const lines: string[] = [];
  if (baseline.fixed.length > 0) {
    lines.push(` ${paint("green", "FIXED")} ${paint("bold", "since the baseline")}`);
    for (const f of baseline.fixed) {
      const where = f.scenarioId === undefined ? "run" : `${f.scenarioId} [${f.variant ?? "default"}]`;
      lines.push(`   ${paint("green", "✓")} ${paint("bold", f.ruleId)}  ${where}: ${f.title}`);
    }
    lines.push("");
  }
  for (const w of baseline.expiredWaivers) {
    const scope = w.scenario === undefined ? "" : ` in ${w.scenario}`;
    lines.push(
      ` ${paint("red", "EXPIRED")} waiver for ${paint("bold", w.rule)}${scope} ended ${w.expires ?? "?"}: ${w.reason}; its findings count again`,
    );
  }
  if (baseline.expiredWaivers.length > 0) lines.push("");
  return lines;
}

function tally(parts: [number, string, Style][], paint: Paint, total?: number): string {
  const shown = parts
    .filter(([count]) => count > 0)
    .map(([count, word, style]) => paint(style, `${count} ${word}`));
  const body = shown.length === 0 ? "none" : shown.join(paint("gray", " | "));
  return total === undefined ? body : `${body} ${paint("gray", `(${total})`)}`;
}

/**
 * The end-of-run summary: one line per scenario (✓ passed, ✗ failed, ! errored, – not applicable) and
 * per property (seed, runs done of asked, the reason when not applicable); then the error and warning
 * findings of each scenario, worst first, with rule, RFC, evidence, expected vs actual and curl; then
 * the tallies (scenarios, contract checks, properties, findings). The report is redacted first.
 */
export function formatSummary(report: RunReport, options: ConsoleOptions): string {
  const paint = painter(options.color);
  const safe = redact(report, options.secrets);
  const out: string[] = [];

  const detail = options.detail !== false;
  const failOn = options.failOn ?? "error";
  if (detail) for (const scenario of safe.scenarios) out.push(scenarioLine(scenario, paint, failOn));
  if (detail) for (const property of safe.properties ?? []) out.push(propertyLine(property, paint));

  const details = [
    ...safe.scenarios.flatMap((scenario) => scenarioDetails(scenario, paint)),
    ...(safe.properties ?? []).flatMap((property) => propertyDetails(property, paint)),
  ];
  const runFindings = listed(safe.findings);
  if (runFindings.length > 0) {
    details.push(` ${paint("bold", "Run-level findings")}`);
    for (const finding of runFindings) details.push(...findingBlock(finding, undefined, paint));
    details.push("");
  }
  if (safe.baseline !== undefined) details.push(...baselineDetails(safe.baseline, paint));
  if (details.length > 0 && detail) out.push("", ...details);
  else if (detail) out.push("");

  const { scenarios, findings, properties, contracts, exchanges } = safe.summary;
  const label = (text: string) => paint("bold", ` ${text.padEnd(11)}`);
  if (safe.run.incomplete) {
    out.push(paint("yellow", ` ⚠ run incomplete: ${safe.run.incompleteReason ?? "no reason given"}`));
  }
  const scenarioParts: [number, string, Style][] = [
    [scenarios.failed, "failed", "red"],
    [scenarios.errored, "errored", "red"],
    [scenarios.passed, "passed", "green"],
    [scenarios.notApplicable, "not applicable", "gray"],
  ];
  out.push(`${label("Scenarios")}${tally(scenarioParts, paint, scenarios.total)}`);
  if (properties !== undefined) {
    const propertyParts: [number, string, Style][] = [
      [properties.failed, "failed", "red"],
      [properties.passed, "passed", "green"],
      [properties.notApplicable, "not applicable", "gray"],
    ];
    out.push(`${label("Properties")}${tally(propertyParts, paint, properties.total)}`);
  }
  if (contracts !== undefined) {
    const contractParts: [number, string, Style][] = [
      [contracts.failed, "failed", "red"],
      [contracts.errored, "errored", "red"],
      [contracts.passed, "passed", "green"],
      [contracts.notApplicable, "not applicable", "gray"],
    ];
    out.push(`${label("Contracts")}${tally(contractParts, paint, contracts.total)}`);
  }
  const findingParts: [number, string, Style][] = [
    [findings.error, "error", "red"],
    [findings.warning, "warning", "yellow"],
    [findings.info, "info", "cyan"],
  ];
  out.push(`${label("Findings")}${tally(findingParts, paint)}`);
  out.push(...coverageConsoleLines(safe.coverage, paint));
  if (safe.baseline !== undefined) {
    const b = safe.baseline;
    const baselineParts: [number, string, Style][] = [
      [b.new, "new", "red"],
      [b.known, "known", "yellow"],
      [b.waived, "waived", "gray"],
      [b.fixed.length, "fixed", "green"],
    ];
    out.push(`${label("Baseline")}${tally(baselineParts, paint)}`);
  }
  // The exit code's own verdict, so the console and the exit code cannot disagree.
  const fails = exitCodeFor(safe, failOn) === 1;
  const verdict = safe.run.incomplete
    ? paint("red", "! incomplete")
    : fails
      ? paint("red", "✗ fails")
      : paint("green", "✓ passes");
  out.push(
    `${label("Verdict")}${verdict}${failOn === "warning" ? paint("gray", " (--fail-on warning: warnings count)") : ""}`,
  );
  out.push(`${label("Exchanges")}${exchanges}`);
  out.push(`${label("Seed")}${safe.run.seed}`);
  out.push(`${label("Duration")}${formatDuration(safe.run.durationMs)}`);
  out.push(`${label("Target")}${[safe.target.kind, safe.target.url].filter(Boolean).join(" ")}`);
  return `${out.join("\n")}\n`;
}
