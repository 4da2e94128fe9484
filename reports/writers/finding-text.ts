/**
 * Plain-text pieces shared by the writers: durations, values, and a finding as lines of text.
 */

import type { ExchangeRecord, Finding } from "../report.ts";
import { severityRank } from "../report.ts";

/** `850ms` below one second, `1.25s` from one second on. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/** A value as compact text: strings as-is, everything else as JSON (`undefined` stays `undefined`). */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Findings sorted worst severity first; equal severities keep their order. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** The worst finding, or `undefined` for none. */
export function worstFinding(findings: readonly Finding[]): Finding | undefined {
  return bySeverity(findings)[0];
}

/** `(RFC 7644 §3.1) [S1] B7`: where the rule comes from, or "" when nothing is cited. */
export function findingSources(finding: Finding): string {
  const parts = [finding.rfc === undefined ? "" : `(${finding.rfc})`, ...(finding.evidence ?? [])];
  if (finding.inferred === true) parts.push("(inferred step)");
  return parts.filter((part) => part !== "").join(" ");
}

function indent(text: string): string[] {
  return text.split(/\r?\n/).map((line) => `  ${line}`);
}

/**
 * How the baseline sees a finding: `known`, `waived: <reason> (until <date>)`, `new`, or
 * `new: waiver expired <date> (<reason>)`; "" when no baseline was applied.
 */
export function baselineTag(finding: Finding): string {
  const waiver = finding.waiver;
  switch (finding.baseline) {
    case undefined:
      return "";
    case "known":
      return "known";
    case "waived":
      return `waived: ${waiver?.reason ?? "no reason given"}${waiver?.expires ? ` (until ${waiver.expires})` : ""}`;
    case "new":
      return waiver?.expired ? `new: waiver expired ${waiver.expires ?? "?"} (${waiver.reason})` : "new";
  }
}

/**
 * A finding as indented lines: a head line (`[error] rule: title (RFC …) [S1]`), the message, the step,
 * expected/actual when given, and the curl line.
 */
export function findingLines(finding: Finding): string[] {
  const sources = findingSources(finding);
  const tag = baselineTag(finding);
  const lines = [
    `[${finding.severity}] ${finding.ruleId}: ${finding.title}${sources ? ` ${sources}` : ""}${tag ? ` [${tag}]` : ""}`,
  ];
  if (finding.message !== "" && finding.message !== finding.title) lines.push(...indent(finding.message));
  if (finding.stepIndex !== undefined) lines.push(`  step: ${finding.stepIndex}`);
  if (finding.expected !== undefined) lines.push(`  expected: ${formatValue(finding.expected)}`);
  if (finding.actual !== undefined) lines.push(`  actual:   ${formatValue(finding.actual)}`);
  if (finding.curl !== undefined) lines.push(...indent(finding.curl));
  return lines;
}

/** One line for an exchange that failed at the transport level, or `undefined` if it did not. */
export function exchangeErrorLine(exchange: ExchangeRecord): string | undefined {
  if (exchange.error === undefined) return undefined;
  return `exchange ${exchange.id} (${exchange.label}): ${exchange.error.kind}: ${exchange.error.message}`;
}
