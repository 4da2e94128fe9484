/**
 * The requirement catalogue: every normative statement of RFC 7643 and RFC 7644 (MUST, MUST NOT, SHALL,
 * SHALL NOT, REQUIRED, SHOULD, SHOULD NOT, RECOMMENDED, MAY), found by keyword with `extract.ts`, each
 * mapped to the checks that cover it or to the reason it cannot be tested from outside. `scim-harness
 * rules --coverage` prints it per section; report.json carries it after a run (`requirementStatuses`).
 */
import { REQUIREMENT_DATA } from "./requirements-data.ts";
import type { NormativeKeyword, RequirementEntry } from "./requirement-types.ts";

export type { RequirementEntry, RequirementFeature } from "./requirement-types.ts";

/** A catalogued statement with its RFC and section spelled out. */
export interface Requirement extends RequirementEntry {
  rfc: "RFC 7643" | "RFC 7644";
  section: string;
}

const ID = /^rfc(7643|7644)-(\d+(?:\.\d+)*)-(\d+)$/;

function expand(entry: RequirementEntry): Requirement {
  const m = ID.exec(entry.id);
  if (m === null) throw new TypeError(`requirement id ${entry.id} is not rfc<7643|7644>-<section>-<ordinal>`);
  return { ...entry, rfc: `RFC ${m[1]}` as Requirement["rfc"], section: m[2]! };
}

/** Every requirement, in RFC and reading order. */
export const REQUIREMENTS: readonly Requirement[] = Object.freeze(REQUIREMENT_DATA.map(expand));

/** MUST-class keywords (errors when broken); the rest are SHOULD-class or permissions. */
export const MUST_KEYWORDS: ReadonlySet<NormativeKeyword> = new Set([
  "MUST",
  "MUST NOT",
  "SHALL",
  "SHALL NOT",
  "REQUIRED",
]);
export const SHOULD_KEYWORDS: ReadonlySet<NormativeKeyword> = new Set([
  "SHOULD",
  "SHOULD NOT",
  "RECOMMENDED",
]);

/** Testable from outside: it has checks, or it is listed as not covered yet. */
export const isTestable = (r: RequirementEntry): boolean => r.notTestable === undefined;

/**
 * Checks whose subject the RFC states without an RFC 2119 keyword (so no catalogued statement holds it):
 * the operation semantics of RFC 7644 §3.5.2.1 and §3.5.2.3 are bullet lists, startIndex is defined as
 * 1-based in Table 6 of §3.4.2.4, and RFC 7643 §4.1.1 / §5 describe password changes without one.
 */
export const KEYWORDLESS_CHECKS: Readonly<Record<string, string>> = Object.freeze({
  "rfc7644.patch.add-attribute": "RFC 7644 §3.5.2.1: what add does to a missing attribute (no keyword)",
  "rfc7644.patch.add-multi-valued-appends":
    "RFC 7644 §3.5.2.1: add appends to a multi-valued attribute (no keyword)",
  "rfc7644.patch.replace-active": "RFC 7644 §3.5.2.3: replace of a present single value (no keyword)",
  "rfc7644.change-password.patch":
    "RFC 7643 §4.1.1, §5: setting a password, advertised by changePassword (no keyword)",
  // IdP constraints: what the RFC allows but an IdP trips over; no RFC requirement to cite.
  "idp.emails-shared": "an IdP constraint (emails shared between users), not an RFC requirement",
  "idp.group-displayName-shared": "an IdP constraint (group displayNames shared), not an RFC requirement",
  "idp.userName-capitals-kept": "an IdP constraint (userName capitals kept), not an RFC requirement",
});

/** The requirements a rule (check, property suite, harness rule) covers. */
export function requirementsOfCheck(ruleId: string): Requirement[] {
  return REQUIREMENTS.filter((r) => r.checks?.includes(ruleId) === true);
}

/** Problems with the catalogue itself; empty when it is sound (the test asserts that). */
export function catalogueProblems(
  requirements: readonly RequirementEntry[],
  knownRuleIds: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of requirements) {
    if (!ID.test(r.id)) problems.push(`${r.id}: not rfc<7643|7644>-<section>-<ordinal>`);
    if (seen.has(r.id)) problems.push(`${r.id}: listed twice`);
    seen.add(r.id);
    const kinds = [r.checks !== undefined, r.notTestable !== undefined, r.uncovered !== undefined].filter(
      Boolean,
    ).length;
    if (kinds !== 1)
      problems.push(`${r.id}: needs exactly one of checks, notTestable (with the reason), uncovered`);
    if (r.checks !== undefined && r.checks.length === 0) problems.push(`${r.id}: empty checks`);
    for (const id of r.checks ?? [])
      if (!knownRuleIds.has(id)) problems.push(`${r.id}: cites ${id}, which is not in the rule catalogue`);
    if (r.notTestable?.trim() === "" || r.uncovered?.trim() === "") problems.push(`${r.id}: empty reason`);
    if (r.summary.trim() === "") problems.push(`${r.id}: no summary`);
  }
  return problems;
}
