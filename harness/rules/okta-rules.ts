/**
 * What the Okta model requires of answers (harness/idp/okta, evidence tags in harness/idp/okta/EVIDENCE.md).
 * Okta documents no retry: a failed request fails the operation, and a failed group push is lost [O7].
 */
import type { RuleDefinition } from "../../reports/index.ts";
import { harnessRule, idsOf } from "./harness-rule.ts";

const okta = (id: string, title: string, source: RuleDefinition["source"]): RuleDefinition =>
  harnessRule({ id: `okta.${id}`, title, area: "okta", source });

export const OKTA_RULES = {
  listResponse: okta("list-response", "A query must answer 200 with a ListResponse", {
    rfc: "RFC 7644 §3.4.2",
    idpImpact: "fails",
    evidence: ["[O1]", "[O2]"],
  }),
  pagingIntegers: okta("paging-integers", "Paging values must be integers", {
    rfc: "RFC 7644 §3.4.2",
    idpImpact: "fails",
    evidence: ["[O1]", "[O2]"],
  }),
  stableOrder: okta("import-stable-order", "Import pages must keep one order", {
    rfc: "RFC 7644 §3.4.2.4",
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  singleMatch: okta("single-match", "More than one user matches the userName", {
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  create201: okta("create-201-with-id", "Create must answer 201 with the resource and its id", {
    rfc: "RFC 7644 §3.3",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  passwordAccepted: okta("password-accepted", "Create rejected for its placeholder password", {
    idpImpact: "fails",
    evidence: ["[O4]"],
  }),
  getUserShape: okta("get-user-resource", "GET /Users/{id} must answer the User resource", {
    rfc: "RFC 7644 §3.4.1",
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  putSupported: okta("put-supported", "User PUT rejected", {
    rfc: "RFC 7644 §3.5.1",
    idpImpact: "fails",
    evidence: ["[O1]", "B15"],
  }),
  patch2xx: okta("patch-2xx", "PATCH rejected", {
    rfc: "RFC 7644 §3.5.2",
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  // A record, not a requirement: refusing a member the SP does not know is RFC-correct and PATCH is atomic
  // (RFC 7644 §3.5.2), so every correct SP refuses the whole push; what is lost is Okta's doing (no retry
  // [O7]), reported apart as info so that it never colours a correct server's verdict.
  groupPushLost: okta(
    "group-push-lost",
    "Group push rejected: Okta does not retry it, the changes are lost",
    {
      rfc: "RFC 7644 §3.5.2",
      evidence: ["[O7]"],
      record: true,
      basis: "Okta's impact of an RFC-allowed refusal (no retry [O7])",
    },
  ),
  delete2xx: okta("delete-2xx", "DELETE rejected", {
    rfc: "RFC 7644 §3.6",
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  jsonResponse: okta("json-response", "Unparsable answer", {
    rfc: "RFC 7644 §3.1",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
  requestFailed: okta("request-failed", "Request failed (no retry documented)", {
    idpImpact: "fails",
    evidence: ["[O1]"],
  }),
} satisfies Record<string, RuleDefinition>;

/** The rule ids of Okta findings. */
export const OKTA_RULE = idsOf(OKTA_RULES);
