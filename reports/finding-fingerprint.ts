/**
 * Stable identities for findings across runs, so a baseline, a waiver or a diff can recognise "the same
 * finding" although ids, run prefixes, ports and timings differ from run to run.
 */

import type { Finding, RunReport } from "./report.ts";

/** A finding with where it sits in the report. */
export interface LocatedFinding {
  finding: Finding;
  scenarioId?: string;
  variant?: string;
  /** `run`, `scenario`, `step <index>:<action>` or `property <id>`. */
  where: string;
}

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Names the harness generates per run: scimh-<runId>-<n>-<scenario>-<key>…
  [/\bscimh-[A-Za-z0-9._%@+-]*/g, "scimh-*"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
  [/\bhttps?:\/\/[^/\s'"]+/g, "<origin>"],
  [/\b(?:127\.0\.0\.1|localhost|\[::1\]):\d+/g, "<host>"],
  [/\b[0-9a-f]{24}\b/gi, "<hex>"],
  [/\b\d+(?:\.\d+)?\s?(?:ms|s)\b/g, "<duration>"],
];

/** A message without run-specific parts (run-prefixed names, uuids, timestamps, origins, durations). */
export function normaliseMessage(message: string): string {
  let out = message;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, " ").trim();
}

/** Every finding of a report with its location: run-level, then per scenario (steps, then scenario), then properties. */
export function locatedFindings(report: RunReport): LocatedFinding[] {
  const out: LocatedFinding[] = report.findings.map((finding) => ({ finding, where: "run" }));
  for (const scenario of report.scenarios) {
    const at = { scenarioId: scenario.id, variant: scenario.variant };
    for (const step of scenario.steps) {
      for (const finding of step.findings) {
        out.push({ finding, ...at, where: `step ${step.index}:${step.action}` });
      }
    }
    for (const finding of scenario.findings) out.push({ finding, ...at, where: "scenario" });
  }
  for (const property of report.properties ?? []) {
    for (const finding of property.findings) out.push({ finding, where: `property ${property.id}` });
  }
  return out;
}

/** `ruleId | scenarioId | variant | where | normalised message`: equal for "the same finding" in two runs. */
export function findingFingerprint(located: LocatedFinding): string {
  const { finding } = located;
  return [
    finding.ruleId,
    located.scenarioId ?? finding.scenarioId ?? "-",
    located.variant ?? finding.variant ?? "-",
    located.where,
    normaliseMessage(finding.message),
  ].join(" | ");
}

/** A multiset of fingerprints: how many findings of each fingerprint a report holds. */
export function fingerprintCounts(report: RunReport): Map<string, LocatedFinding[]> {
  const counts = new Map<string, LocatedFinding[]>();
  for (const located of locatedFindings(report)) {
    const key = findingFingerprint(located);
    const list = counts.get(key);
    if (list === undefined) counts.set(key, [located]);
    else list.push(located);
  }
  return counts;
}
