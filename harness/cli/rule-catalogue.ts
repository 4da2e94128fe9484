/**
 * The full rule catalogue: the harness's rules (exchange checks, scenario expectations, Entra and
 * JumpCloud models) plus the contract checks and property suites. Composed here because harness/cli is
 * the only harness code that may import contracts/. `scim-harness rules` lists it and
 * `harness/rules/RULES.md` is generated from it (`npm run gen:rules`).
 */
import type { RuleDefinition } from "../../reports/index.ts";
import { CONTRACT_RULES, PROPERTY_RULES } from "../../contracts/index.ts";
import { HARNESS_RULES } from "../rules/index.ts";

const CONTRACT_IDS = new Set(CONTRACT_RULES.map((rule) => rule.id));

/**
 * Every rule, in catalogue order: harness rules, then contract checks, then property suites. A rule the
 * scenario runner and a contract check share appears once, with the contract's entry (same id, title and
 * severity, plus the contract status override).
 */
export const RULE_CATALOGUE: readonly RuleDefinition[] = Object.freeze([
  ...HARNESS_RULES.filter((rule) => !CONTRACT_IDS.has(rule.id)),
  ...CONTRACT_RULES,
  ...PROPERTY_RULES,
]);

/** Where a rule comes from, in one line: RFC section and keyword, dossier tags with the grade, or basis. */
export function formatSource(rule: RuleDefinition): string {
  const { rfc, keyword, evidence, idpImpact, basis, record } = rule.source;
  const parts: string[] = [];
  if (rfc !== undefined) parts.push(keyword !== undefined ? `${rfc} ${keyword}` : rfc);
  else if (keyword !== undefined && basis === undefined) parts.push(keyword);
  if (evidence !== undefined && evidence.length > 0) {
    const impact = idpImpact === "fails" ? "IdP fails" : idpImpact === "degrades" ? "IdP degrades" : "";
    parts.push(
      `${evidence.join(" ")}${rule.grade !== undefined ? ` (grade ${rule.grade}${impact ? `, ${impact}` : ""})` : ""}`,
    );
  }
  if (basis !== undefined) parts.push(keyword !== undefined ? `${keyword}: ${basis}` : basis);
  if (record === true) parts.push("record of what happened");
  return parts.join("; ");
}

/** The catalogue as aligned text lines: id, severity, source. */
export function renderRulesText(rules: readonly RuleDefinition[] = RULE_CATALOGUE): string {
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${formatSource(r)}`);
  return `${lines.join("\n")}\n${rules.length} rules\n`;
}

/** The catalogue as JSON (for `scim-harness rules --json`). */
export function renderRulesJson(rules: readonly RuleDefinition[] = RULE_CATALOGUE): string {
  return `${JSON.stringify(rules, null, 2)}\n`;
}
