/**
 * What a check emits before the runner turns it into a `Finding`: every check of every suite (IdP models,
 * exchange checks, scenario expectations, contract checks, property suites) produces this one draft type.
 * The runner adds `id`, scenario, variant, step, curl and the rule's title / severity / RFC section from
 * the rule catalogue (`RuleDefinition`, `reports/rule.ts`).
 */
import type { Severity } from "./report.ts";

/** One finding as a check reports it, before the runner places it in a report. */
export interface FindingDraft {
  /** The catalogued rule this breaks, e.g. `entra.filter-miss-empty-list`. */
  ruleId: string;
  /** Occurrence title; default: the rule's title. */
  title?: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Dossier tags and bug ids of this occurrence, e.g. `["[S4]", "B9"]`. */
  evidence?: readonly string[];
  /** The exchanges that show the problem; the first one gives the curl line. */
  exchangeIds?: readonly string[];
  /** RFC section of this occurrence, when it is narrower than the rule's. */
  rfc?: string;
  /**
   * Only where the rule documents a per-occurrence severity (`RuleDefinition.severityOverride`); otherwise
   * the catalogue decides and this stays unset.
   */
  severity?: Severity;
}
