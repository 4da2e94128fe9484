/**
 * What the JumpCloud model requires of answers (dossier Part 2): the rules of its findings
 * (harness/idp/jumpcloud). JumpCloud documents no retry policy, so a broken answer fails the operation
 * (a Directory Insights `*_provision` error [J1]).
 */
import type { RuleDefinition } from "../../reports/index.ts";
import { harnessRule, idsOf } from "./harness-rule.ts";

const jc = (id: string, title: string, source: RuleDefinition["source"]): RuleDefinition =>
  harnessRule({ id: `jumpcloud.${id}`, title, area: "jumpcloud", source });

export const JC_RULES = {
  lookupList: jc("lookup-list-response", "A lookup must answer 200 with a ListResponse", {
    rfc: "RFC 7644 §3.4.2",
    idpImpact: "fails",
    evidence: ["[J1]", "B9"],
  }),
  singleMatch: jc("single-match", "More than one match", { idpImpact: "fails", evidence: ["[J1]", "[J4]"] }),
  create201: jc("create-201-with-id", "Create must answer 2xx with the resource and its id", {
    rfc: "RFC 7644 §3.3",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[J1]"],
  }),
  putSupported: jc("put-supported", "User PUT rejected", {
    rfc: "RFC 7644 §3.5.1",
    idpImpact: "fails",
    evidence: ["[J6]", "B15"],
  }),
  putReplaces: jc("put-replaces", "PUT merged instead of replacing", {
    rfc: "RFC 7644 §3.5.1",
    idpImpact: "degrades",
    evidence: ["[J6]", "B16"],
  }),
  patch2xx: jc("patch-2xx", "PATCH rejected", {
    rfc: "RFC 7644 §3.5.2",
    idpImpact: "fails",
    evidence: ["[J1]"],
  }),
  delete2xx: jc("delete-2xx", "DELETE rejected", {
    rfc: "RFC 7644 §3.6",
    idpImpact: "fails",
    evidence: ["[J1]"],
  }),
  jsonResponse: jc("json-response", "Unparsable answer", {
    rfc: "RFC 7644 §3.1",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[J1]", "B12"],
  }),
  requestFailed: jc("request-failed", "Request failed (no retry policy documented)", {
    idpImpact: "fails",
    evidence: ["[J1]"],
  }),
} satisfies Record<string, RuleDefinition>;

/** The rule ids of JumpCloud findings. */
export const JC_RULE = idsOf(JC_RULES);
