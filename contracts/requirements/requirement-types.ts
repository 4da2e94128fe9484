/**
 * Types of the requirement catalogue (RFC 7643 / RFC 7644 normative statements mapped to checks), and the
 * reasons a statement cannot be tested from outside the service provider.
 */
import type { NormativeKeyword } from "./extract.ts";

export type { NormativeKeyword };

/** The SCIM feature a requirement belongs to (the optional ones are advertised in /ServiceProviderConfig). */
export type RequirementFeature =
  | "core"
  | "filter"
  | "patch"
  | "sort"
  | "etag"
  | "bulk"
  | "changePassword"
  | "me"
  | "schema discovery"
  | "auth";

/** One normative statement. Exactly one of `checks`, `notTestable`, `uncovered` is set. */
export interface RequirementEntry {
  /** `rfc<number>-<section>-<ordinal>`, the ordinal counting statements within the section (extract.ts). */
  id: string;
  keyword: NormativeKeyword;
  /** 1-based line in the published RFC text where the statement starts. */
  line: number;
  feature: RequirementFeature;
  /** What it requires, in a few words of our own. */
  summary: string;
  /** Rule ids (contract checks, property suites, harness rules) whose pass shows the statement holds. */
  checks?: readonly string[];
  /** Why nothing seen from outside the service provider can show it holds or not. */
  notTestable?: string;
  /** Testable, but no check covers it yet: what is missing. */
  uncovered?: string;
}

export const DEFINITION = "defines terms or notation: nothing to observe";
export const CLIENT_DUTY = "binds the SCIM client, not the service provider";
export const PERMISSION = "a permission or an open choice: every answer it allows conforms";
export const AUTHOR_DUTY = "binds schema or specification authors, not a running service";
export const INSIDE_THE_SP =
  "happens inside the service provider (storage, policy, thresholds of its own): not observable through SCIM";
export const DEPLOYMENT = "security or deployment practice outside the SCIM API";
export const REPEATED_IN_SCHEMA_TEXT =
  "the JSON form of the schemas (RFC 7643 §8.7) repeats a statement catalogued where it is defined";
export const REGISTRATION = "IANA registration procedure";
