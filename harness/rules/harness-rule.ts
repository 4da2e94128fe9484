/** Declares a harness rule: the grade comes from its evidence tags, the severity from the policy. */
import type { RuleDefinition } from "../../reports/index.ts";
import { defineRule } from "../../reports/index.ts";
import { gradeOfEvidence } from "./evidence-grades.ts";

export function harnessRule(rule: Omit<RuleDefinition, "severity" | "grade">): RuleDefinition {
  const grade = gradeOfEvidence(rule.source.evidence);
  return defineRule({ ...rule, ...(grade !== undefined ? { grade } : {}) });
}

/** The ids of a family of rules, by the same keys (what emitters write as `ruleId`). */
export function idsOf<K extends string>(rules: Record<K, RuleDefinition>): { readonly [P in K]: string } {
  return Object.freeze(
    Object.fromEntries(Object.entries<RuleDefinition>(rules).map(([key, rule]) => [key, rule.id])),
  ) as { readonly [P in K]: string };
}
