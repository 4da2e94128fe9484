/**
 * The shape of one contract check: an RFC 7643 / RFC 7644 requirement with a stable id, its section and
 * keyword, which IdPs depend on it, and a small async function that probes the target and returns findings.
 */
import type { Finding, FindingDraft, RuleSource, Severity } from "../../reports/index.ts";
import { severityFor } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { gradeOfEvidence } from "../../harness/rules/index.ts";
import type { ContractContext } from "./contract-context.ts";

/** The RFC 2119 keyword of the requirement; MUST → error, SHOULD → warning (unless an IdP depends on it). */
export type Keyword = "MUST" | "SHOULD";

/** An IdP that breaks when the SP breaks this rule (dossier `../shared/docs/idp-behaviour.md`). */
export interface IdpDependence {
  idp: "Entra ID" | "JumpCloud";
  /** Dossier tags and bug ids, e.g. `["[S1]", "B21"]`. */
  evidence: readonly string[];
  /** What the IdP does with it, in a few words. */
  why: string;
  /** The IdP fails the object or quarantines (default), or only degrades (severity warning, `reports/rule.ts`). */
  impact?: "fails" | "degrades";
}

/**
 * What a check needs from the target. Optional SCIM features (`etag`, `bulk`, `sort`, `changePassword`)
 * must be advertised in `/ServiceProviderConfig`; `attr:<name>` needs the attribute in the User schema.
 */
export type Requirement =
  | "groups"
  | "patch"
  | "filter"
  | "etag"
  | "bulk"
  | "sort"
  | "changePassword"
  | "tokenControl"
  | "enterpriseUser"
  | `attr:${string}`;

/**
 * What went wrong, as a check describes it: the finding draft every suite emits (`reports/finding-draft.ts`)
 * with the check's own rule id and severity. The runner adds id, rule, severity, RFC and the check's
 * evidence; `exchanges` become `exchangeIds` and the curl line.
 */
export interface Problem extends Omit<FindingDraft, "ruleId" | "exchangeIds" | "severity"> {
  /** The exchanges that show the problem; the first one gives the `curl`. */
  exchanges?: readonly (Exchange | undefined)[];
  /** Extra evidence tags for this occurrence, e.g. `B9` for a 404 on a filter miss. */
  evidence?: readonly string[];
}

/** The context a running check sees: the suite context plus finding builders bound to the check. */
export interface CheckContext extends ContractContext {
  readonly check: ContractCheck;
  /** A finding of this check (severity from the keyword and the IdP dependence). */
  finding(problem: Problem): Finding;
  /** Stops the check: it does not apply to this target (reported as not applicable). */
  notApplicable(reason: string): never;
  /** Stops the check: a prerequisite failed (reported as errored, e.g. POST /Users did not answer 201). */
  setupFailed(reason: string, exchange?: Exchange): never;
}

/** One catalogued requirement. */
export interface ContractCheck {
  /**
   * Stable id, `rfc7644.<area>.<rule>`, or `idp.<rule>` for a constraint the RFC does not have but an IdP
   * trips over; never renamed (baselines and waivers key on it).
   */
  id: string;
  title: string;
  /** e.g. `RFC 7644 §3.4.2.4`. */
  rfc: string;
  keyword: Keyword;
  idpDependence?: readonly IdpDependence[];
  /**
   * Set on an `idp.*` check, a constraint the RFC does not have: where the rule comes from. The catalogue
   * entry then carries no RFC keyword (`rfc` names the sections that permit the server's behaviour).
   */
  basis?: string;
  requires?: readonly Requirement[];
  /** Probes the target; returns the findings (empty when the target conforms). */
  run(ctx: CheckContext): Promise<Finding[]>;
}

/** Why a check stopped early. */
export class CheckAbort extends Error {
  constructor(
    readonly kind: "notApplicable" | "setupFailed",
    readonly reason: string,
    readonly exchange?: Exchange,
  ) {
    super(reason);
    this.name = "CheckAbort";
  }
}

/** The catalogue source of a check: its RFC section and keyword, and the IdPs that fail without it. */
export function sourceOf(
  check: Pick<ContractCheck, "keyword" | "idpDependence" | "basis"> & { rfc?: string },
): RuleSource {
  const evidence = [...new Set((check.idpDependence ?? []).flatMap((d) => d.evidence))];
  return {
    ...(check.rfc !== undefined ? { rfc: check.rfc } : {}),
    ...(check.basis !== undefined ? { basis: check.basis } : { keyword: check.keyword }),
    ...(evidence.length > 0
      ? {
          idpImpact: (check.idpDependence ?? []).some((d) => (d.impact ?? "fails") === "fails")
            ? ("fails" as const)
            : ("degrades" as const),
          evidence,
        }
      : {}),
  };
}

/**
 * The catalogue policy (`reports/rule.ts`): MUST → error; SHOULD → warning, or error when an IdP depends on
 * it with evidence of grade A–C (the finding says so).
 */
export function severityOf(check: Pick<ContractCheck, "keyword" | "idpDependence" | "basis">): Severity {
  const source = sourceOf(check);
  return severityFor(source, gradeOfEvidence(source.evidence));
}

/** The sentence a finding carries when an IdP dependence raised its severity, or names the IdP. */
export function dependenceNote(check: Pick<ContractCheck, "keyword" | "idpDependence">): string {
  const deps = check.idpDependence ?? [];
  if (deps.length === 0) return "";
  const who = deps.map((d) => `${d.idp} ${d.why} (${d.evidence.join(", ")})`).join("; ");
  return check.keyword === "SHOULD" && severityOf(check) === "error"
    ? ` ${who}: an error although the RFC says SHOULD.`
    : ` ${who}.`;
}

/** Declares a check (identity with a sanity check on the id). */
export function defineCheck(check: ContractCheck): ContractCheck {
  if (!/^(rfc(7643|7644)\.[a-z0-9-]+|idp)\.[A-Za-z0-9-]+$/.test(check.id)) {
    throw new TypeError(`defineCheck: "${check.id}" is not rfc7643|rfc7644.<area>.<rule> or idp.<rule>`);
  }
  return Object.freeze(check);
}
