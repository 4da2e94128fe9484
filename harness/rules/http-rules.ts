/**
 * Rules of the checks run on every scenario exchange (harness/checks/exchange-checks.ts), and the RFC
 * rules that the IdP models and the contract suite both check: one id per behaviour, so a DELETE that
 * answers 200 or a response without `application/scim+json` is the same finding (and severity) whether a
 * scenario or a contract check saw it. The contract suite reuses these definitions for its checks of the
 * same id.
 */
import type { RuleDefinition } from "../../reports/index.ts";
import { harnessRule, idsOf } from "./harness-rule.ts";

/** Checks of every exchange, whatever the IdP. */
export const EXCHANGE_RULES = {
  answered: harnessRule({
    id: "transport.answered",
    title: "The target answers",
    area: "transport",
    source: { idpImpact: "fails", evidence: ["[S8]", "[S19]", "B13"] },
  }),
  notServerError: harnessRule({
    id: "http.not-server-error",
    title: "No 5xx answer to a valid IdP request",
    area: "http",
    source: { idpImpact: "fails", evidence: ["[S8]"] },
  }),
  jsonBody: harnessRule({
    id: "http.json-body",
    title: "SCIM bodies are JSON",
    area: "http",
    source: { rfc: "RFC 7644 §3.1", keyword: "MUST", idpImpact: "fails", evidence: ["[S8]", "B12"] },
  }),
  errorResponseShape: harnessRule({
    id: "rfc7644.error-response-shape",
    title: "Error bodies follow RFC 7644 §3.12 (detail is a string)",
    area: "http",
    source: { rfc: "RFC 7644 §3.12", keyword: "SHOULD" },
  }),
} satisfies Record<string, RuleDefinition>;

/** RFC rules checked both by the scenario runner (IdP models, exchange checks) and by a contract check. */
export const SHARED_RFC_RULES = {
  scimContentType: harnessRule({
    id: "rfc7644.http.scim-content-type",
    title: "Responses use Content-Type application/scim+json",
    area: "http",
    source: {
      rfc: "RFC 7644 §3.1, §8.1",
      keyword: "SHOULD",
      idpImpact: "fails",
      evidence: ["[S1]", "B21"],
    },
  }),
  createStatus201: harnessRule({
    id: "rfc7644.create.status-201",
    title: "POST creates a resource and answers 201",
    area: "http",
    source: { rfc: "RFC 7644 §3.3", keyword: "MUST", idpImpact: "fails", evidence: ["[S1]"] },
  }),
  errorStatusString: harnessRule({
    id: "rfc7644.error.status-string",
    title: "Error bodies carry status as a string equal to the HTTP status",
    area: "http",
    source: { rfc: "RFC 7644 §3.12", keyword: "MUST", idpImpact: "fails", evidence: ["[S8]"] },
  }),
  errorSchema: harnessRule({
    id: "rfc7644.error.schema",
    title: "Error bodies carry the Error schema URN",
    area: "http",
    source: { rfc: "RFC 7644 §3.12", keyword: "MUST", idpImpact: "fails", evidence: ["[S8]"] },
  }),
  errorScimType: harnessRule({
    id: "rfc7644.error.scim-type-matches-status",
    title: "scimType is an RFC 7644 keyword allowed with the HTTP status",
    area: "http",
    source: { rfc: "RFC 7644 §3.12", keyword: "MUST", idpImpact: "fails", evidence: ["[S8]", "B14"] },
  }),
  deleteStatus204: harnessRule({
    id: "rfc7644.delete.status-204",
    title: "DELETE answers 204",
    area: "http",
    source: { rfc: "RFC 7644 §3.6", keyword: "MUST", idpImpact: "fails", evidence: ["[S1]"] },
  }),
} satisfies Record<string, RuleDefinition>;

export const EXCHANGE_RULE = idsOf(EXCHANGE_RULES);
export const SHARED_RULE = idsOf(SHARED_RFC_RULES);
