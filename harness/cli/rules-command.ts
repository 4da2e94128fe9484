/** `scim-harness rules [--json]`: lists the rule catalogue (id, severity, source). */
import { RULE_CATALOGUE, renderRulesJson, renderRulesText } from "./rule-catalogue.ts";

export function rulesCommand(opts: { json?: boolean }): number {
  process.stdout.write(
    opts.json === true ? renderRulesJson(RULE_CATALOGUE) : renderRulesText(RULE_CATALOGUE),
  );
  return 0;
}
