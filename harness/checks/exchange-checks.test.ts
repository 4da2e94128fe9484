import { expect, it } from "vitest";
import type { Exchange } from "../http/exchange.ts";
import { completeDraft } from "../rules/index.ts";
import { checkExchange } from "./exchange-checks.ts";

const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

function exchange(status: number, body: unknown, contentType = "application/scim+json"): Exchange {
  const bodyText = JSON.stringify(body);
  return {
    id: "x1",
    label: "GET /Users/nope",
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 3,
    request: { method: "GET", url: "http://sp.test/scim/v2/Users/nope", headers: {} },
    response: { status, headers: { "content-type": contentType }, bodyText, body },
    intent: { label: "GET /Users/nope", method: "GET", path: "/Users/nope" },
  };
}

const rulesOf = (e: Exchange) => checkExchange(e).map((f) => [f.ruleId, completeDraft(f).severity]);

it("a well-formed §3.12 error body raises nothing", () => {
  expect(rulesOf(exchange(404, { schemas: [SCIM_ERROR], status: "404", detail: "gone" }))).toEqual([]);
});

it("error-body problems are the contract suite's rules, at their severity (one behaviour, one rule)", () => {
  expect(rulesOf(exchange(404, { schemas: [SCIM_ERROR], status: 404 }))).toEqual([
    ["rfc7644.error.status-string", "error"],
  ]);
  expect(rulesOf(exchange(409, { schemas: ["urn:x"], status: "409", scimType: "nope" }))).toEqual([
    ["rfc7644.error.schema", "error"],
    ["rfc7644.error.scim-type-matches-status", "error"],
  ]);
  expect(rulesOf(exchange(400, { schemas: [SCIM_ERROR], status: "400", detail: 7 }))).toEqual([
    ["rfc7644.error-response-shape", "warning"],
  ]);
});

it("a JSON answer without the SCIM media type is the contract suite's content-type rule, an error", () => {
  const e = exchange(200, { id: "u1" }, "application/json");
  expect(rulesOf(e)).toEqual([["rfc7644.http.scim-content-type", "error"]]);
  const seen = new Set<string>();
  expect(checkExchange(e, seen)).toHaveLength(1);
  expect(checkExchange(e, seen)).toHaveLength(0);
});
