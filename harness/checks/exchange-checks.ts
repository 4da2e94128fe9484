/**
 * Checks that apply to every exchange of a scenario, whatever the IdP: the target answered, did not fail
 * with a 5xx, answered JSON with the SCIM media type, and shaped its errors as RFC 7644 §3.12 requires.
 * Rule ids and severities: harness/rules/http-rules.ts (the media type is the contract suite's rule too).
 */
import type { Exchange } from "../http/exchange.ts";
import { parseErrorBody, SCIM_ERROR_SCHEMA } from "../scim/scim-error.ts";
import type { FindingDraft } from "../../reports/index.ts";
import { EXCHANGE_RULE, SHARED_RULE } from "../rules/http-rules.ts";

/** A check over one exchange; returns the findings, empty when the exchange is fine. */
export type ExchangeCheck = (exchange: Exchange) => FindingDraft[];

const TRANSPORT_KINDS = new Set(["timeout", "connectionReset", "connectionRefused", "dns", "tls", "other"]);

/** The target answered at all (no timeout, reset, refused connection). */
export const targetAnswered: ExchangeCheck = (exchange) => {
  const error = exchange.error;
  if (error === undefined || !TRANSPORT_KINDS.has(error.kind)) return [];
  return [
    {
      ruleId: EXCHANGE_RULE.answered,
      title: `No answer from the target (${error.kind})`,
      message: `${exchange.request.method} ${exchange.request.url} failed after ${exchange.durationMs} ms: ${error.message}`,
      expected: "an HTTP response",
      actual: error.kind,
      ...(error.kind === "timeout" ? { evidence: ["[S19]", "B13"] } : {}),
      exchangeIds: [exchange.id],
    },
  ];
};

/** A 5xx is always a finding: the target failed while handling a valid IdP request. */
export const notAServerError: ExchangeCheck = (exchange) => {
  const status = exchange.response?.status;
  if (status === undefined || status < 500) return [];
  return [
    {
      ruleId: EXCHANGE_RULE.notServerError,
      title: `Server error ${status}`,
      message: `${exchange.request.method} ${exchange.request.url} answered ${status}`,
      expected: "< 500",
      actual: status,
      evidence: ["[S8]"],
      exchangeIds: [exchange.id],
    },
  ];
};

/** SCIM bodies are JSON (RFC 7644 §3.1); an HTML page or garbage breaks every IdP parser ([S8], B12). */
export const jsonBody: ExchangeCheck = (exchange) => {
  const kind = exchange.error?.kind;
  if (kind !== "invalidJson" && kind !== "htmlBody" && kind !== "emptyBody") return [];
  return [
    {
      ruleId: EXCHANGE_RULE.jsonBody,
      title:
        kind === "htmlBody"
          ? "HTML instead of a SCIM JSON body"
          : kind === "emptyBody"
            ? "Empty body"
            : "Body is not JSON",
      message: `${exchange.request.method} ${exchange.request.url} → ${exchange.response?.status ?? "?"}: ${exchange.error?.message ?? ""}`,
      rfc: "RFC 7644 §3.1",
      evidence: kind === "htmlBody" ? ["[S8]", "B12"] : ["[S8]"],
      actual: (exchange.response?.bodyText ?? "").slice(0, 200),
      exchangeIds: [exchange.id],
    },
  ];
};

/** Responses with a body use `application/scim+json` ([S1], RFC 7644 §3.1, B21). */
export const scimContentType: ExchangeCheck = (exchange) => {
  const response = exchange.response;
  if (response === undefined || response.bodyText.length === 0 || exchange.error !== undefined) return [];
  const type = (response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/scim+json") return [];
  return [
    {
      ruleId: SHARED_RULE.scimContentType,
      title: "Response is not application/scim+json",
      message: `${exchange.request.method} ${exchange.request.url} answered Content-Type ${JSON.stringify(type || "(none)")}`,
      expected: "application/scim+json",
      actual: type || null,
      rfc: "RFC 7644 §3.1",
      evidence: ["[S1]", "B21"],
      exchangeIds: [exchange.id],
    },
  ];
};

/**
 * The rule a §3.12 problem of `parseErrorBody` breaks: the contract suite's rule for the same behaviour
 * (status as a string, the Error schema, scimType), or the harness's own for the rest (`detail`).
 */
export function errorProblemRule(problem: string): string {
  if (problem.includes(`"status"`)) return SHARED_RULE.errorStatusString;
  if (problem.includes(SCIM_ERROR_SCHEMA) || problem.includes("not a JSON object"))
    return SHARED_RULE.errorSchema;
  if (problem.includes(`"scimType"`)) return SHARED_RULE.errorScimType;
  return EXCHANGE_RULE.errorResponseShape;
}

/** Error responses carry the §3.12 body: the Error schema, `status` as a string, a valid scimType. */
export const errorResponseShape: ExchangeCheck = (exchange) => {
  const response = exchange.response;
  if (response === undefined || response.status < 400 || exchange.error !== undefined) return [];
  if (response.body === undefined) return [];
  const parsed = parseErrorBody(response.body, response.status);
  const byRule = new Map<string, string[]>();
  for (const problem of parsed.problems) {
    const rule = errorProblemRule(problem);
    byRule.set(rule, [...(byRule.get(rule) ?? []), problem]);
  }
  return [...byRule].map(([ruleId, problems]) => ({
    ruleId,
    title: "Error body is not an RFC 7644 §3.12 error",
    message: `${exchange.request.method} ${exchange.request.url} → ${response.status}: ${problems.join("; ")}`,
    rfc: "RFC 7644 §3.12",
    actual: response.body,
    exchangeIds: [exchange.id],
  }));
};

/** The checks run on every scenario exchange, in order. */
export const builtInExchangeChecks: readonly ExchangeCheck[] = [
  targetAnswered,
  notAServerError,
  jsonBody,
  scimContentType,
  errorResponseShape,
];

/** Rules that describe the target as a whole: one finding per scenario is enough, not one per exchange. */
const ONCE_PER_SCENARIO = new Set([SHARED_RULE.scimContentType]);

/**
 * Runs every built-in check over one exchange. `reported` (one set per scenario) keeps target-wide rules
 * such as the content type to their first finding.
 */
export function checkExchange(exchange: Exchange, reported?: Set<string>): FindingDraft[] {
  const findings = builtInExchangeChecks.flatMap((check) => check(exchange));
  if (reported === undefined) return findings;
  return findings.filter((f) => {
    if (!ONCE_PER_SCENARIO.has(f.ruleId)) return true;
    if (reported.has(f.ruleId)) return false;
    reported.add(f.ruleId);
    return true;
  });
}
