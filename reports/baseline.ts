/**
 * Baselines and waivers: marks each finding of a run as `new`, `known` (already in a baseline report) or
 * `waived` (accepted by a waiver), and lists the baseline's findings this run no longer produces as fixed.
 * Pure: the caller reads the baseline report and the waiver file.
 */

import picomatch from "picomatch";
import type { LocatedFinding } from "./finding-fingerprint.ts";
import { fingerprintCounts, findingFingerprint, locatedFindings } from "./finding-fingerprint.ts";
import type { BaselineStatus, BaselineSummary, Finding, RunReport, WaiverRef } from "./report.ts";

/** One entry of `scim-harness.waivers.yaml`: a deviation the vendor accepts. */
export interface Waiver {
  /**
   * Rule id or glob (`*` any run of characters, `?` one character), or a root-cause id (`rc-…` of the
   * report's `rootCauses`): then it covers every finding of that root cause.
   */
  rule: string;
  /** Scenario id or glob; absent: every scenario and run-level findings. */
  scenario?: string;
  reason: string;
  /** Last day the waiver applies, `YYYY-MM-DD` (UTC); from the next day on it no longer applies. */
  expires?: string;
  /** Line of the entry in the waiver file, for messages. */
  line?: number;
}

/** Options of `applyBaseline`. */
export interface ApplyBaselineOptions {
  /** A previous report; its findings are `known`. */
  baseline?: RunReport;
  /** Where the baseline came from, recorded in the report. */
  baselineFile?: string;
  waivers?: readonly Waiver[];
  waiverFile?: string;
  /** "Today" for waiver expiry; defaults to now. */
  today?: Date;
}

/**
 * Whether `text` matches a glob where `*` is any run of characters (across `/` too: picomatch's `bash`
 * mode) and `?` one character (whole string).
 */
export function globMatch(glob: string, text: string): boolean {
  return picomatch.isMatch(text, glob, { bash: true, dot: true });
}

/** Whether the waiver's rule and scenario globs cover the finding (its date is not considered). */
export function waiverCovers(waiver: Waiver, located: LocatedFinding, rootCauseId?: string): boolean {
  const byRule = globMatch(waiver.rule, located.finding.ruleId);
  if (!byRule && (rootCauseId === undefined || !globMatch(waiver.rule, rootCauseId))) return false;
  if (waiver.scenario === undefined) return true;
  const scenarioId = located.scenarioId ?? located.finding.scenarioId;
  return scenarioId !== undefined && globMatch(waiver.scenario, scenarioId);
}

/** Whether the waiver's last day (`expires`, inclusive, UTC) is before `today`. */
export function isWaiverExpired(waiver: Waiver, today: Date): boolean {
  return waiver.expires !== undefined && today.toISOString().slice(0, 10) > waiver.expires;
}

function refOf(waiver: Waiver, expired: boolean): WaiverRef {
  return {
    rule: waiver.rule,
    ...(waiver.scenario !== undefined ? { scenario: waiver.scenario } : {}),
    reason: waiver.reason,
    ...(waiver.expires !== undefined ? { expires: waiver.expires } : {}),
    ...(expired ? { expired: true } : {}),
  };
}

/**
 * A copy of `report` with every finding marked: `waived` when a waiver in force covers it, `known` when
 * the baseline holds a finding with the same fingerprint (each baseline finding matches once), else `new`.
 * A finding covered only by an expired waiver is `new` even if the baseline knows it (an expired waiver
 * fails again) and carries the waiver with `expired: true`. `report.baseline` gets the counts, the fixed
 * findings (in the baseline, not in this run) and the expired waivers that matched.
 */
export function applyBaseline(report: RunReport, options: ApplyBaselineOptions): RunReport {
  const out = structuredClone(report);
  const today = options.today ?? new Date();
  const waivers = options.waivers ?? [];
  const remaining = options.baseline === undefined ? new Map() : fingerprintCounts(options.baseline);
  const expired = new Map<Waiver, WaiverRef>();
  const counts = { new: 0, known: 0, waived: 0 };
  const rootCauseOf = new Map<string, string>();
  for (const cause of out.rootCauses ?? []) for (const id of cause.findingIds) rootCauseOf.set(id, cause.id);

  for (const located of locatedFindings(out)) {
    const { finding } = located;
    delete finding.baseline;
    delete finding.waiver;
    const key = findingFingerprint(located);
    const matches = remaining.get(key);
    const inBaseline = matches !== undefined && matches.length > 0;
    if (inBaseline) matches.shift();
    const covering = waivers.filter((w) => waiverCovers(w, located, rootCauseOf.get(finding.id)));
    const valid = covering.find((w) => !isWaiverExpired(w, today));
    const stale = covering.find((w) => isWaiverExpired(w, today));
    if (valid !== undefined) {
      finding.baseline = "waived";
      finding.waiver = refOf(valid, false);
    } else if (stale !== undefined) {
      finding.baseline = "new";
      finding.waiver = refOf(stale, true);
      expired.set(stale, refOf(stale, true));
    } else finding.baseline = inBaseline ? "known" : "new";
    counts[finding.baseline] += 1;
  }

  // A root cause is new when any of its findings is, else waived when all are waived, else known.
  const statusOf = new Map(locatedFindings(out).map((l) => [l.finding.id, l.finding.baseline]));
  for (const cause of out.rootCauses ?? []) {
    const statuses = cause.findingIds.map((id) => statusOf.get(id));
    const status: BaselineStatus = statuses.some((s) => s === "new" || s === undefined)
      ? "new"
      : statuses.every((s) => s === "waived")
        ? "waived"
        : "known";
    cause.baseline = status;
  }

  const fixed: Finding[] = [];
  for (const rest of remaining.values()) {
    for (const located of rest as LocatedFinding[]) {
      const copy = structuredClone(located.finding);
      delete copy.baseline;
      delete copy.waiver;
      if (located.scenarioId !== undefined) copy.scenarioId = located.scenarioId;
      if (located.variant !== undefined) copy.variant = located.variant;
      fixed.push(copy);
    }
  }
  const summary: BaselineSummary = {
    ...(options.baselineFile !== undefined ? { file: options.baselineFile } : {}),
    ...(options.waiverFile !== undefined ? { waiverFile: options.waiverFile } : {}),
    ...counts,
    fixed,
    expiredWaivers: [...expired.values()],
  };
  out.baseline = summary;
  return out;
}
