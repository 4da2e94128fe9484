/**
 * Evaluates a step's `expect` block: the main exchange's status and body, quarantine, and the SP's state
 * afterwards, read back by GET and compared with a SCIM filter evaluated by the core.
 */
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Exchange } from "../http/exchange.ts";
import type { ScimClient } from "../http/scim-client.ts";
import type { ModelFinding } from "../idp/idp-model.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import type { Expectation, StateExpectation } from "../scenario/scenario-schema.ts";
import { evaluateFilter } from "../scim/filter-evaluate.ts";
import { parseFilter } from "../scim/filter-parser.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../scim/schemas.ts";
import { isScimError } from "../scim/scim-error.ts";
import { SCENARIO_RULE } from "../rules/scenario-rules.ts";
import { STATUS_SEVERITY } from "../../reports/index.ts";
import { getByPointer, jsonEqual } from "./json-pointer.ts";
import { expandTemplates } from "./runner-steps.ts";

/** A draft; its severity comes from the rule catalogue (the scenario rules are errors). */
const finding = (f: ModelFinding): ModelFinding => f;

/**
 * The exchange of a step's main request (the one `expect.status`, `expect.body` and `capture` refer to), or
 * why there is none: a verdict on another exchange of the step would be evidence from the wrong exchange.
 */
export type MainExchange = { exchange: Exchange } | { missing: string };

/** A could-not-run finding for an expectation on the main request when it was not sent. */
const notRun = (ruleId: string, what: string, missing: string, expected: unknown): ModelFinding =>
  finding({
    ruleId,
    severity: STATUS_SEVERITY.couldNotRun,
    title: `Expectation could not run: ${what}`,
    message: `${what} applies to the step's main request, which was not sent: ${missing}`,
    expected,
    actual: null,
  });

const ajv = new Ajv({ allErrors: true, strict: false, $data: true });
// ajv-formats is CommonJS: the default import is module.exports, whose `default` is the plugin.
addFormatsModule.default(ajv);

/** `expect.schema` (templates already expanded) judged on a response body. */
function schemaFindings(schema: Record<string, unknown>, exchange: Exchange): ModelFinding[] {
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    throw new TypeError(`expect.schema is not a valid JSON Schema: ${(e as Error).message}`, { cause: e });
  }
  const body = exchange.response?.body;
  if (validate(body)) return [];
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  return [
    finding({
      ruleId: SCENARIO_RULE.body,
      title: `Response body does not satisfy expect.schema${typeof schema["title"] === "string" ? ` (${schema["title"]})` : ""}`,
      message: `${exchange.request.method} ${exchange.request.url}: ${[...new Set(errors)].join("; ")}`,
      expected: schema,
      actual: body ?? null,
      exchangeIds: [exchange.id],
    }),
  ];
}

/** `expect.status`, `expect.body` and `expect.schema` judged on the main exchange. */
function statusAndBody(expect: Expectation, exchange: Exchange, state: DirectoryState): ModelFinding[] {
  const out: ModelFinding[] = [];
  const status = exchange.response?.status;
  if (expect.status !== undefined && (status === undefined || !expect.status.includes(status))) {
    out.push(
      finding({
        ruleId: SCENARIO_RULE.status,
        title: `Unexpected status ${status ?? exchange.error?.kind ?? "none"}`,
        message: `${exchange.request.method} ${exchange.request.url}: expected ${expect.status.join(" or ")}, got ${status ?? exchange.error?.kind}`,
        expected: expect.status,
        actual: status ?? exchange.error?.kind ?? null,
        exchangeIds: [exchange.id],
      }),
    );
  }
  for (const [pointer, expected] of Object.entries(expect.body ?? {})) {
    const actual = getByPointer(exchange.response?.body, pointer);
    if (!jsonEqual(actual, expected)) {
      out.push(
        finding({
          ruleId: SCENARIO_RULE.body,
          title: `Response body ${pointer || "/"} differs`,
          message: `expected ${JSON.stringify(expected)} at ${pointer || "/"}, got ${actual === undefined ? "nothing" : JSON.stringify(actual)}`,
          expected,
          actual: actual ?? null,
          exchangeIds: [exchange.id],
        }),
      );
    }
  }
  if (expect.schema !== undefined)
    out.push(...schemaFindings(expandTemplates(expect.schema, state), exchange));
  return out;
}

/** Checks `expect.status`, `expect.body`, `expect.schema` and `expect.quarantined` against what happened. */
export function checkResponseExpectations(
  expect: Expectation | undefined,
  main: MainExchange,
  state: DirectoryState,
): ModelFinding[] {
  if (expect === undefined) return [];
  const out: ModelFinding[] = [];
  if ("missing" in main) {
    if (expect.status !== undefined)
      out.push(notRun(SCENARIO_RULE.status, "expect.status", main.missing, expect.status));
    if (expect.body !== undefined)
      out.push(notRun(SCENARIO_RULE.body, "expect.body", main.missing, expect.body));
    if (expect.schema !== undefined)
      out.push(notRun(SCENARIO_RULE.body, "expect.schema", main.missing, expect.schema));
  } else {
    out.push(...statusAndBody(expect, main.exchange, state));
  }
  const quarantine = state.quarantined;
  if (expect.quarantined !== undefined && expect.quarantined !== (quarantine !== undefined)) {
    out.push(
      finding({
        ruleId: SCENARIO_RULE.quarantine,
        title: expect.quarantined ? "The IdP did not quarantine the app" : "The IdP quarantined the app",
        message: expect.quarantined
          ? "expected the IdP to stop provisioning after this step, but it carried on"
          : `the IdP stopped provisioning: ${quarantine?.reason}`,
        expected: expect.quarantined,
        actual: quarantine !== undefined,
        ...(quarantine?.evidence ? { evidence: [...quarantine.evidence] } : {}),
        ...(quarantine?.exchangeId ? { exchangeIds: [quarantine.exchangeId] } : {}),
      }),
    );
  }
  return out;
}

function evaluate(filter: string, resource: unknown, isGroup: boolean): boolean | string {
  try {
    return evaluateFilter(
      parseFilter(filter),
      resource as Record<string, unknown>,
      isGroup ? GROUP_RESOURCE_TYPE : USER_RESOURCE_TYPE,
    );
  } catch (e) {
    return isScimError(e) ? `the filter cannot be evaluated: ${e.message}` : String(e);
  }
}

/** Reads the SP's state back by GET and checks one `expect.state` entry. */
export async function checkStateExpectation(
  expectation: StateExpectation,
  state: DirectoryState,
  client: ScimClient,
): Promise<{ findings: ModelFinding[]; exchange?: Exchange }> {
  const isGroup = "group" in expectation;
  const key = isGroup ? expectation.group : expectation.user;
  const record = isGroup ? state.groups.get(key) : state.users.get(key);
  const noun = isGroup ? "group" : "user";
  const ruleId = SCENARIO_RULE.state;
  const targetId = record?.targetId;
  if (targetId === undefined) {
    if (expectation.exists === false) return { findings: [] };
    return {
      findings: [
        finding({
          ruleId,
          title: `The IdP has no target id for ${noun} ${key}`,
          message: `cannot read ${noun} ${key} back: it was never matched or created on the target`,
        }),
      ],
    };
  }
  const path = `/${isGroup ? "Groups" : "Users"}/${encodeURIComponent(targetId)}`;
  const exchange = await client.send({ label: `read back ${noun} ${key}`, method: "GET", path });
  const status = exchange.response?.status;
  const findings: ModelFinding[] = [];
  const fail = (title: string, message: string, expected?: unknown, actual?: unknown) =>
    findings.push(finding({ ruleId, title, message, expected, actual, exchangeIds: [exchange.id] }));
  if (expectation.exists === false) {
    if (status !== 404)
      fail(
        `${noun} ${key} still exists`,
        `GET ${path} answered ${status ?? exchange.error?.kind}, expected 404 after deletion`,
        404,
        status ?? null,
      );
    return { findings, exchange };
  }
  if (status !== 200 || typeof exchange.response?.body !== "object") {
    fail(
      `${noun} ${key} cannot be read back`,
      `GET ${path} answered ${status ?? exchange.error?.kind}`,
      200,
      status ?? null,
    );
    return { findings, exchange };
  }
  const resource = exchange.response.body as Record<string, unknown>;
  if (expectation.matches !== undefined) {
    const matches = expandTemplates(expectation.matches, state); // ${runPrefix}: the scoped fixture values
    const result = evaluate(matches, resource, isGroup);
    if (result !== true) {
      fail(
        `${noun} ${key} does not match ${matches}`,
        typeof result === "string" ? result : `the ${noun} read back does not satisfy ${matches}`,
        matches,
        resource,
      );
    }
  }
  if ("members" in expectation && expectation.members !== undefined) {
    const expected = expectation.members
      .map((m) => state.users.get(m)?.targetId ?? `(no id for ${m})`)
      .sort();
    const raw = resource["members"];
    const actual = (Array.isArray(raw) ? raw : [])
      .map((m) =>
        typeof m === "object" && m !== null ? String((m as Record<string, unknown>)["value"]) : String(m),
      )
      .sort();
    if (!jsonEqual(expected, actual)) {
      const byId = new Map([...state.users.values()].map((u) => [u.targetId, u.source.key]));
      const name = (id: string) => byId.get(id) ?? id;
      fail(
        `group ${key} members differ`,
        `expected members {${expectation.members.join(", ")}}, the target has {${actual.map(name).join(", ")}}`,
        expectation.members,
        actual.map(name),
      );
    }
  }
  return { findings, exchange };
}
