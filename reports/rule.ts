/**
 * The rule vocabulary: every finding names a rule, and one catalogue (`scim-harness rules`) holds each rule
 * with its title, severity, source and evidence grade. `reports/` owns the types and the severity policy; the
 * harness and the contract suites declare their rules with them.
 *
 * Severity policy (one rule id, one severity, decided by the keyword and the evidence grade):
 *
 * | Source of the rule                                                  | Severity  |
 * |---------------------------------------------------------------------|-----------|
 * | `MAY`, or a record of what happened (`record`, no requirement)              | info      |
 * | RFC `MUST` / `SHALL`, or a `MUST` of the harness or scenario itself         | error     |
 * | an IdP fails the object or quarantines (`idpImpact: "fails"`), grade A–C    | error     |
 * | the same, but the best evidence is grade D (a hypothesis), and no RFC MUST  | warning   |
 * | `SHOULD`, or an IdP that only degrades (`idpImpact: "degrades"`)            | warning   |
 *
 * Evidence grades are those of the dossier (§0.1): A vendor documentation, B vendor samples or staff, C
 * third-party reports quoting captured traffic, D claims without a capture (hypotheses, which never fail
 * a run on their own). A rule carries the best grade among its tags.
 *
 * A finding takes its rule's severity. A rule may document a per-occurrence severity in
 * `severityOverride` (the reason is shown in the catalogue); status findings of the contract and property
 * suites (not applicable → info, could not run → warning) are covered by `STATUS_SEVERITY`.
 */
import type { Severity } from "./report.ts";

/** Dossier evidence grade (§0.1): A vendor docs, B vendor samples/staff, C captured traffic, D claims. */
export type EvidenceGrade = "A" | "B" | "C" | "D";

/** The RFC 2119 keyword of a requirement (of the RFC, or of the IdP document's own wording). */
export type RuleKeyword = "MUST" | "SHOULD" | "MAY";

/** Where a rule comes from. */
export interface RuleSource {
  /** e.g. `RFC 7644 §3.4.2`. */
  rfc?: string;
  keyword?: RuleKeyword;
  /** Dossier tags and bug ids, e.g. `["[S1]", "B9"]`. */
  evidence?: readonly string[];
  /** What the IdP does when the target breaks the rule: fails the object / quarantines, or only degrades. */
  idpImpact?: "fails" | "degrades";
  /** No requirement: the finding records what happened (e.g. the IdP quarantined the app). */
  record?: boolean;
  /** Where the requirement comes from when it is neither the RFC nor the dossier, e.g. the scenario file. */
  basis?: string;
}

/** Which part of scim-harness emits the rule. */
export type RuleArea =
  "transport" | "http" | "scenario" | "idp" | "entra" | "jumpcloud" | "okta" | "contract" | "property";

/** One catalogued rule. */
export interface RuleDefinition {
  /** Stable id (baselines and waivers key on it). */
  id: string;
  title: string;
  severity: Severity;
  source: RuleSource;
  /** Best dossier grade among `source.evidence`; absent when the source is the RFC alone. */
  grade?: EvidenceGrade;
  area: RuleArea;
  /** Set when an occurrence may carry another severity than `severity`: why, in one sentence. */
  severityOverride?: string;
}

/** Severities of the status findings every contract check and property suite may emit. */
export const STATUS_SEVERITY = {
  /** The check or property does not apply to this target (reason in the message). */
  notApplicable: "info",
  /** The check or property could not run (prerequisite failed, harness error, fast-check gave up). */
  couldNotRun: "warning",
  /** A property stopped early (time limit or interruption) with no failing case. */
  stoppedEarly: "info",
} as const satisfies Record<string, Severity>;

/** The severity the policy above gives a rule with this source and grade. */
export function severityFor(source: RuleSource, grade: EvidenceGrade | undefined): Severity {
  if (source.record === true || source.keyword === "MAY") return "info";
  const hypothesis = grade === "D";
  if (source.keyword === "MUST") return source.rfc === undefined && hypothesis ? "warning" : "error";
  if (source.idpImpact === "fails") return hypothesis ? "warning" : "error";
  return "warning";
}

/** The best (strongest) grade of a list, or undefined for none. */
export function bestGrade(grades: readonly (EvidenceGrade | undefined)[]): EvidenceGrade | undefined {
  return (["A", "B", "C", "D"] as const).find((g) => grades.includes(g));
}

/** Declares a rule: fills in the severity from the policy unless `severity` is given, and checks the id. */
export function defineRule(
  rule: Omit<RuleDefinition, "severity" | "grade"> & { grade?: EvidenceGrade },
): RuleDefinition {
  if (!/^[a-z][a-z0-9]*(\.[A-Za-z0-9-]+)+$/.test(rule.id)) {
    throw new TypeError(`defineRule: "${rule.id}" is not a dotted lower-case rule id`);
  }
  return Object.freeze({ ...rule, severity: severityFor(rule.source, rule.grade) });
}

/**
 * The severity a finding of this rule gets: the catalogue's, unless the rule documents a per-occurrence
 * override and the emitter gave one.
 */
export function findingSeverity(rule: RuleDefinition, requested: Severity | undefined): Severity {
  return requested !== undefined && rule.severityOverride !== undefined ? requested : rule.severity;
}
