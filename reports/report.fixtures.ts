/**
 * Hand-built report fixtures for the reports/ tests. Every call returns a fresh object; counts in
 * `summary` are written by hand, not computed.
 *
 * The shape: 3 scenarios against the fake SP with seed 424242, and 6 exchanges in all.
 * - `entra-create-user [default]` passed (2 exchanges, no findings);
 * - `entra-disable-user [default]` failed: step 1 (PATCH with `"value":"False"`, bug B1 [S2]) has one
 *   error and one warning finding (4 exchanges);
 * - `jumpcloud-group-push [default]` notApplicable (no steps run).
 *
 * `fullFixtureReport` adds every optional field, an errored scenario and two properties;
 * `contractFixtureReport` adds to that the contract suite (4 checks, one of each status), run-level
 * exchanges cited by the contract findings and a not-applicable property.
 */

import type { ContractCheckResult, ExchangeRecord, Finding, RunReport, ScenarioResult } from "./report.ts";

/** Bearer token used by the fixtures; redaction tests look for it. */
export const FIXTURE_TOKEN = "fixture-token-9f8e7d6c5b4a";

const BASE = "http://127.0.0.1:41234/scim/v2";

function exchange(
  id: string,
  label: string,
  method: string,
  path: string,
  status: number,
  requestBody?: string,
  responseBody?: string,
): ExchangeRecord {
  const url = `${BASE}${path}`;
  const data = requestBody === undefined ? "" : ` --data-raw '${requestBody}'`;
  return {
    id,
    label,
    startedAt: "2025-11-23T10:00:00.000Z",
    durationMs: 12,
    request: {
      method,
      url,
      headers: { Authorization: `Bearer ${FIXTURE_TOKEN}`, "Content-Type": "application/scim+json" },
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    response: {
      status,
      headers: { "content-type": "application/scim+json" },
      ...(responseBody === undefined ? {} : { body: responseBody }),
    },
    curl: `curl -X ${method} '${url}' -H 'Authorization: Bearer ${FIXTURE_TOKEN}'${data}`,
  };
}

function passedScenario(): ScenarioResult {
  return {
    id: "entra-create-user",
    title: "Entra creates a user after a filter miss",
    file: "scenarios/entra/create-user.yaml",
    idp: "entra",
    variant: "default",
    tags: ["entra", "users"],
    status: "passed",
    durationMs: 48,
    steps: [
      {
        index: 0,
        action: "lookupUser",
        inferred: false,
        evidence: ["[S1]"],
        status: "passed",
        durationMs: 20,
        exchangeIds: ["e1"],
        findings: [],
      },
      {
        index: 1,
        action: "createUser",
        inferred: false,
        evidence: ["[S1]"],
        status: "passed",
        durationMs: 28,
        exchangeIds: ["e2"],
        findings: [],
      },
    ],
    exchanges: [
      exchange("e1", "lookup", "GET", '/Users?filter=userName eq "ada@example.com"', 200),
      exchange("e2", "create", "POST", "/Users", 201, '{"userName":"ada@example.com","active":true}'),
    ],
    findings: [],
    cleanup: { attempted: 1, deleted: 1, failures: [] },
  };
}

function disableFindings(): Finding[] {
  return [
    {
      id: "f1",
      ruleId: "patch-active-boolean",
      severity: "error",
      title: "active stayed true after PATCH",
      message: 'After {"op":"Replace","path":"active","value":"False"} the user is still active.',
      expected: false,
      actual: true,
      rfc: "RFC 7644 §3.5.2.3",
      evidence: ["[S2]", "B1"],
      scenarioId: "entra-disable-user",
      variant: "default",
      stepIndex: 1,
      exchangeIds: ["e4", "e5"],
      curl: `curl -X GET '${BASE}/Users/u-1' -H 'Authorization: Bearer ${FIXTURE_TOKEN}'`,
    },
    {
      id: "f2",
      ruleId: "content-type-scim-json",
      severity: "warning",
      title: "Response Content-Type is not application/scim+json",
      message: "PATCH response used application/json.",
      expected: "application/scim+json",
      actual: "application/json",
      rfc: "RFC 7644 §3.1",
      evidence: ["[S1]"],
      scenarioId: "entra-disable-user",
      variant: "default",
      stepIndex: 1,
      exchangeIds: ["e4"],
    },
  ];
}

function failedScenario(): ScenarioResult {
  const patchBody =
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}';
  return {
    id: "entra-disable-user",
    title: "Entra soft-deletes a user (no flag)",
    file: "scenarios/entra/disable-user.yaml",
    idp: "entra",
    variant: "default",
    tags: ["entra", "users", "patch"],
    status: "failed",
    reason: "1 error finding",
    durationMs: 1250,
    steps: [
      {
        index: 0,
        action: "createUser",
        inferred: false,
        status: "passed",
        durationMs: 30,
        exchangeIds: ["e3"],
        findings: [],
      },
      {
        index: 1,
        action: "disableUser",
        title: "PATCH active to the string False",
        inferred: false,
        evidence: ["[S2]", "[C10]"],
        status: "failed",
        durationMs: 1220,
        exchangeIds: ["e4", "e5"],
        findings: disableFindings(),
      },
    ],
    exchanges: [
      exchange("e3", "create", "POST", "/Users", 201, '{"userName":"bob@example.com"}'),
      exchange("e4", "disable", "PATCH", "/Users/u-1", 200, patchBody, '{"id":"u-1","active":true}'),
      exchange("e5", "verify", "GET", "/Users/u-1", 200, undefined, '{"id":"u-1","active":true}'),
      exchange("e6", "cleanup", "DELETE", "/Users/u-1", 204),
    ],
    findings: [],
  };
}

function notApplicableScenario(): ScenarioResult {
  return {
    id: "jumpcloud-group-push",
    title: "JumpCloud pushes a group with members",
    idp: "jumpcloud",
    variant: "default",
    tags: ["jumpcloud", "groups"],
    status: "notApplicable",
    reason: "target does not support Groups",
    durationMs: 0,
    steps: [],
    exchanges: [],
    findings: [],
  };
}

/** A small finished report: 1 passed, 1 failed (1 error + 1 warning finding), 1 notApplicable. */
export function fixtureReport(): RunReport {
  return {
    schemaVersion: 2,
    tool: { name: "scim-harness", version: "0.1.0" },
    run: {
      id: "run-20251123-100000",
      startedAt: "2025-11-23T10:00:00.000Z",
      durationMs: 1400,
      seed: 424242,
      incomplete: false,
    },
    target: { kind: "fake", url: BASE, profile: "strict" },
    summary: {
      scenarios: { total: 3, passed: 1, failed: 1, errored: 0, notApplicable: 1 },
      findings: { error: 1, warning: 1, info: 0 },
      exchanges: 6,
    },
    scenarios: [passedScenario(), failedScenario(), notApplicableScenario()],
    findings: [],
  };
}

/** The fixture with every optional field filled in, an errored scenario and two properties. */
export function fullFixtureReport(): RunReport {
  const report = fixtureReport();
  report.run = {
    ...report.run,
    incomplete: true,
    incompleteReason: "SIGINT",
    gitSha: "0123456789abcdef0123456789abcdef01234567",
    command: "scim-harness run --target fake",
  };
  report.target = {
    kind: "container",
    url: "http://127.0.0.1:32768/scim/v2",
    profile: "entra",
    quirks: ["no-groups"],
    image: "scim-fake:latest",
    startupMs: 850,
    logs: ["listening on :8080"],
  };
  report.scenarios.push({
    id: "entra-get-user",
    title: "Entra reads a user by id",
    idp: "entra",
    variant: "aadOptscim062020=true",
    tags: [],
    status: "errored",
    reason: "connection refused",
    durationMs: 5,
    steps: [
      {
        index: 0,
        action: "getUser",
        inferred: true,
        status: "errored",
        reason: "connect ECONNREFUSED",
        durationMs: 5,
        exchangeIds: ["e7"],
        findings: [],
      },
    ],
    exchanges: [
      {
        id: "e7",
        label: "get",
        startedAt: "2025-11-23T10:00:01.000Z",
        durationMs: 5,
        request: { method: "GET", url: `${BASE}/Users/u-2`, headers: {} },
        error: { kind: "connectionRefused", message: "connect ECONNREFUSED 127.0.0.1:41234" },
        curl: `curl -X GET '${BASE}/Users/u-2'`,
      },
    ],
    findings: [
      {
        id: "f3",
        ruleId: "target-reachable",
        severity: "info",
        title: "Target went away",
        message: "No response",
        inferred: true,
        exchangeIds: ["e7"],
      },
    ],
  });
  const e4 = report.scenarios[1]?.exchanges[1];
  if (e4?.response !== undefined) e4.response.truncated = true;
  report.properties = [
    {
      id: "filter-roundtrip",
      title: "Filters round-trip",
      status: "passed",
      seed: 7,
      numRuns: 100,
      numRunsRequested: 100,
      findings: [],
    },
    {
      id: "patch-idempotent",
      title: "PATCH replace is idempotent",
      status: "failed",
      seed: 8,
      path: "3:1:0",
      numRuns: 42,
      numRunsRequested: 100,
      timeLimitMs: 20000,
      counterexample: [{ op: "replace", path: "active", value: "False" }],
      findings: [],
    },
  ];
  report.findings = [
    {
      id: "f4",
      ruleId: "service-provider-config",
      severity: "warning",
      title: "No /ServiceProviderConfig",
      message: "GET /ServiceProviderConfig returned 404",
      rfc: "RFC 7644 §4",
      exchangeIds: [],
    },
  ];
  report.summary = {
    scenarios: { total: 4, passed: 1, failed: 1, errored: 1, notApplicable: 1 },
    findings: { error: 1, warning: 2, info: 1 },
    exchanges: 7,
    properties: { total: 2, passed: 1, failed: 1, notApplicable: 0 },
  };
  return report;
}

/**
 * `fullFixtureReport` plus a contract suite of four checks (passed, failed with an error finding that
 * cites run-level exchange e9, notApplicable, errored), two run-level exchanges (e8 discovery, e9) and a
 * third property that could not run (notApplicable, 0 of 100 runs).
 */
export function contractFixtureReport(): RunReport {
  const report = fullFixtureReport();
  report.exchanges = [
    exchange(
      "e8",
      "discovery",
      "GET",
      "/ServiceProviderConfig",
      200,
      undefined,
      '{"bulk":{"supported":false}}',
    ),
    {
      ...exchange("e9", "rfc7644.filter.and", "GET", '/Users?filter=userName eq "x" and active eq true', 200),
      startedAt: "2025-11-23T10:00:02.000Z",
    },
  ];
  const contractFindings: Finding[] = [
    {
      id: "c1",
      ruleId: "rfc7644.filter.and",
      severity: "error",
      title: "Filter `and` matches like `or`",
      message: 'userName eq "x" and active eq true returned a user that does not match both.',
      rfc: "RFC 7644 §3.4.2.2",
      exchangeIds: ["e9"],
    },
    {
      id: "c2",
      ruleId: "rfc7644.bulk.create",
      severity: "info",
      title: "Not applicable: Bulk create",
      message: "bulk.supported is false in /ServiceProviderConfig",
      rfc: "RFC 7644 §3.7",
      exchangeIds: ["e8"],
    },
    {
      id: "c3",
      ruleId: "rfc7644.etag.if-match",
      severity: "warning",
      title: "Check could not run: If-Match",
      message: "setup failed: POST /Users answered 500",
      rfc: "RFC 7644 §3.14",
      exchangeIds: [],
    },
  ];
  report.findings.push(...contractFindings);
  const contracts: ContractCheckResult[] = [
    {
      id: "rfc7644.filter.eq",
      title: "Filter eq",
      rfc: "RFC 7644 §3.4.2.2",
      keyword: "MUST",
      status: "passed",
      durationMs: 15,
      findingIds: [],
    },
    {
      id: "rfc7644.filter.and",
      title: "Filter and",
      rfc: "RFC 7644 §3.4.2.2",
      keyword: "MUST",
      status: "failed",
      durationMs: 22,
      findingIds: ["c1"],
    },
    {
      id: "rfc7644.bulk.create",
      title: "Bulk create",
      rfc: "RFC 7644 §3.7",
      keyword: "MUST",
      status: "notApplicable",
      reason: "bulk.supported is false in /ServiceProviderConfig",
      durationMs: 0,
      findingIds: ["c2"],
    },
    {
      id: "rfc7644.etag.if-match",
      title: "If-Match",
      rfc: "RFC 7644 §3.14",
      keyword: "SHOULD",
      status: "errored",
      reason: "setup failed: POST /Users answered 500",
      durationMs: 9,
      findingIds: ["c3"],
    },
  ];
  report.contracts = contracts;
  report.properties?.push({
    id: "property.stateful",
    title: "Stateful users and groups",
    status: "notApplicable",
    reason: "the target does not serve /Groups",
    seed: 9,
    numRuns: 0,
    numRunsRequested: 100,
    timeLimitMs: 20000,
    findings: [],
  });
  report.summary = {
    scenarios: { total: 4, passed: 1, failed: 1, errored: 1, notApplicable: 1 },
    findings: { error: 2, warning: 3, info: 2 },
    exchanges: 9,
    properties: { total: 3, passed: 1, failed: 1, notApplicable: 1 },
    contracts: { total: 4, passed: 1, failed: 1, notApplicable: 1, errored: 1 },
  };
  return report;
}
