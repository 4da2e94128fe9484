/**
 * The harness's rules: every rule id the scenario runner can emit (exchange checks, scenario expectations,
 * the Entra, JumpCloud and Okta models), with its severity from the catalogue policy (`reports/rule.ts`). The
 * CLI adds the contract and property rules (contracts/) to make the full catalogue (`scim-harness rules`).
 */
import type { FindingDraft, RuleDefinition, Severity } from "../../reports/index.ts";
import { findingSeverity } from "../../reports/index.ts";
import { ENTRA_RULES } from "./entra-rules.ts";
import { EXCHANGE_RULES, SHARED_RFC_RULES } from "./http-rules.ts";
import { JC_RULES } from "./jumpcloud-rules.ts";
import { OKTA_RULES } from "./okta-rules.ts";
import { SCENARIO_RULES } from "./scenario-rules.ts";

export { SHARED_RFC_RULES } from "./http-rules.ts";
export { SCENARIO_RULE } from "./scenario-rules.ts";
export { gradeOfEvidence } from "./evidence-grades.ts";

/** Every rule the scenario runner emits, in catalogue order. */
export const HARNESS_RULES: readonly RuleDefinition[] = Object.freeze([
  ...Object.values(EXCHANGE_RULES),
  ...Object.values(SHARED_RFC_RULES),
  ...Object.values(SCENARIO_RULES),
  ...Object.values(ENTRA_RULES),
  ...Object.values(JC_RULES),
  ...Object.values(OKTA_RULES),
]);

const INDEX = new Map(HARNESS_RULES.map((rule) => [rule.id, rule]));

/** A draft with the catalogue's title and severity filled in (an uncatalogued id keeps its own, or error). */
export type CompletedDraft = FindingDraft & { title: string; severity: Severity };

/** Fills in title, severity and RFC section of a draft from the harness catalogue. */
export function completeDraft(draft: FindingDraft): CompletedDraft {
  const rule = INDEX.get(draft.ruleId);
  const rfc = draft.rfc ?? rule?.source.rfc;
  return {
    ...draft,
    title: draft.title ?? rule?.title ?? draft.ruleId,
    severity: rule !== undefined ? findingSeverity(rule, draft.severity) : (draft.severity ?? "error"),
    ...(rfc !== undefined ? { rfc } : {}),
  };
}
