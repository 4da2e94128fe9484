/**
 * Evaluates a step's `expect` block: the main exchange's status and body, quarantine, and the SP's state
 * afterwards, read back by GET and compared with a SCIM filter evaluated by the core.
 */
import type { Exchange } from "../http/exchange.ts";
import type { ScimClient } from "../http/scim-client.ts";
import type { ModelFinding } from "../idp/idp-model.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import type { Expectation, StateExpectation } from "../scenario/scenario-schema.ts";
import { evaluateFilter } from "../scim/filter-evaluate.ts";
import { parseFilter } from "../scim/filter-parser.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../scim/schemas.ts";
import { isScimError } from "../scim/scim-error.ts";
import { getByPointer, jsonEqual } from "./json-pointer.ts";
import { expandTemplates } from "./runner-steps.ts";

const finding = (
  f: Omit<ModelFinding, "severity"> & { severity?: ModelFinding["severity"] },
): ModelFinding => ({
  severity: "error",
  ...f,
});

/** Checks `expect.status`, `expect.body` and `expect.quarantined` against what happened. */
export function checkResponseExpectations(
  expect: Expectation | undefined,
  main: Exchange | undefined,
  state: DirectoryState,
): ModelFinding[] {
  if (expect === undefined) return [];
  const out: ModelFinding[] = [];
  if (expect.status !== undefined) {
    const status = main?.response?.status;
    if (main === undefined) {
      out.push(
        finding({
          ruleId: "scenario.expect.status",
          title: "No request was sent",
          message: `expected status ${expect.status.join(" or ")}, but the step sent nothing`,
          expected: expect.status,
          actual: null,
        }),
      );
    } else if (status === undefined || !expect.status.includes(status)) {
      out.push(
        finding({
          ruleId: "scenario.expect.status",
          title: `Unexpected status ${status ?? main.error?.kind ?? "none"}`,
          message: `${main.request.method} ${main.request.url}: expected ${expect.status.join(" or ")}, got ${status ?? main.error?.kind}`,
          expected: expect.status,
          actual: status ?? main.error?.kind ?? null,
          exchangeId: main.id,
        }),
      );
    }
  }
  for (const [pointer, expected] of Object.entries(expect.body ?? {})) {
    const actual = getByPointer(main?.response?.body, pointer);
    if (!jsonEqual(actual, expected)) {
      out.push(
        finding({
          ruleId: "scenario.expect.body",
          title: `Response body ${pointer || "/"} differs`,
          message: `expected ${JSON.stringify(expected)} at ${pointer || "/"}, got ${actual === undefined ? "nothing" : JSON.stringify(actual)}`,
          expected,
          actual: actual ?? null,
          ...(main !== undefined ? { exchangeId: main.id } : {}),
        }),
      );
    }
  }
  if (expect.quarantined !== undefined && expect.quarantined !== (state.quarantine !== undefined)) {
    out.push(
      finding({
        ruleId: "scenario.expect.quarantine",
        title: expect.quarantined ? "The IdP did not quarantine the app" : "The IdP quarantined the app",
        message: expect.quarantined
          ? "expected the IdP to stop provisioning after this step, but it carried on"
          : `the IdP stopped provisioning: ${state.quarantine?.reason}`,
        expected: expect.quarantined,
        actual: state.quarantine !== undefined,
        ...(state.quarantine?.evidence ? { evidence: state.quarantine.evidence } : {}),
        ...(state.quarantine?.exchangeId ? { exchangeId: state.quarantine.exchangeId } : {}),
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
  const ruleId = "scenario.expect.state";
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
    findings.push(finding({ ruleId, title, message, expected, actual, exchangeId: exchange.id }));
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
