/**
 * The contract and property rules of the catalogue (`scim-harness rules`), derived from the checks and
 * suites themselves: a contract check's severity follows from its RFC keyword and the grade of the IdP
 * evidence it cites (`severityOf`, the policy of `reports/rule.ts`); a property fails when the target
 * breaks the RFC behaviour the harness's own SCIM core implements. Checks that the scenario runner makes
 * too (the media type, POST 201, DELETE 204) share the harness's definition: one id, one severity.
 */
import type { RuleDefinition } from "../reports/index.ts";
import { defineRule, STATUS_SEVERITY } from "../reports/index.ts";
import { gradeOfEvidence, SHARED_RFC_RULES } from "../harness/rules/index.ts";
import { CONTRACT_CHECKS } from "./checks/catalogue.ts";
import type { ContractCheck } from "./checks/contract-check.ts";
import { sourceOf } from "./checks/contract-check.ts";
import { PROPERTY_SUITES } from "./properties/run-property-suites.ts";
import type { PropertySuite } from "./properties/run-property-suites.ts";

/** The per-occurrence severities every contract check and property suite may use, as the catalogue says. */
export const STATUS_OVERRIDE = `status findings only: not applicable and stopped early are ${STATUS_SEVERITY.notApplicable}, could not run is ${STATUS_SEVERITY.couldNotRun}`;

const SHARED = new Map(Object.values(SHARED_RFC_RULES).map((rule) => [rule.id, rule]));

/** The catalogue entry of one contract check (the shared harness definition where there is one). */
export function ruleOfCheck(check: ContractCheck): RuleDefinition {
  const shared = SHARED.get(check.id);
  const source = shared?.source ?? sourceOf(check);
  const grade = gradeOfEvidence(source.evidence);
  return defineRule({
    id: check.id,
    title: check.title,
    area: "contract",
    source,
    ...(grade !== undefined ? { grade } : {}),
    severityOverride: STATUS_OVERRIDE,
  });
}

/** The catalogue entry of one property suite. */
export function ruleOfProperty(suite: Pick<PropertySuite, "id" | "title" | "rfc">): RuleDefinition {
  return defineRule({
    id: suite.id,
    title: suite.title,
    area: "property",
    source: { rfc: suite.rfc, keyword: "MUST", basis: "the harness's SCIM core as oracle" },
    severityOverride: STATUS_OVERRIDE,
  });
}

/** Every contract check as a rule, in run order. */
export const CONTRACT_RULES: readonly RuleDefinition[] = Object.freeze(CONTRACT_CHECKS.map(ruleOfCheck));

/** Every property suite as a rule, in run order. */
export const PROPERTY_RULES: readonly RuleDefinition[] = Object.freeze(PROPERTY_SUITES.map(ruleOfProperty));
