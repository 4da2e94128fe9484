/**
 * Property (a): for any population of users and any filter over the attributes the target declares,
 * `GET /Users?filter=` returns exactly the users the RFC 7644 §3.4.2.2 evaluator in harness/scim
 * (`evaluateFilter`) selects from the same population, as the target returned it.
 *
 * Scoping is not the subject: each filter is scoped to the case's users with `and userName sw "<prefix>"`,
 * or, where the target declines that with 400, with `and (userName eq "<u1>" or …)`. A filter the target
 * declines with 400 invalidFilter is an answer RFC 7644 §3.12 allows ("the specified attribute and filter
 * comparison combination is not supported"): that filter did not run, it did not pass. A case none of
 * whose filters ran, or whose users the target refused, is skipped with `fc.pre` and its reason counted
 * (`filterCasesNotRun`, and an info finding from `runFilterProperty`); a filter the oracle cannot
 * evaluate is a harness defect, reported the same way, never a pass.
 */
import fc from "fast-check";
import type { PropertyResult } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { declinesFilter, describe, resourcesOf } from "../checks/check-helpers.ts";
import { filterTemplate, resolveTemplate } from "./filter-template.ts";
import type { Template } from "./filter-template.ts";
import { userResource, userSpec } from "./population.ts";
import type { UserSpec } from "./population.ts";
import { runProperty } from "./run-property.ts";
import type { CaseFailure, PropertyDefinition, PropertyEnv, PropertyRunOptions } from "./run-property.ts";
import type { ScenarioRecorder } from "./scenario-recorder.ts";

type Json = Record<string, unknown>;

/** One case: a population and the filters to run over it. */
export interface FilterCase {
  population: UserSpec[];
  filters: Template[];
}

/** Why cases or filters did not run: reason → count. */
export type NotRun = Map<string, number>;

const NOT_RUN = new WeakMap<PropertyEnv, NotRun>();

const count = (into: NotRun, reason: string) => into.set(reason, (into.get(reason) ?? 0) + 1);

/**
 * Why cases and filters of `FILTER_PROPERTY` run with `env` did not exercise the target: reason → count.
 * Those cases were skipped (`fc.pre`) and those filters left out, never passed.
 */
export function filterCasesNotRun(env: PropertyEnv): ReadonlyMap<string, number> {
  return NOT_RUN.get(env) ?? new Map();
}

const scopeBySw = (filter: FilterNode, prefix: string): FilterNode => ({
  kind: "and",
  left: filter,
  right: { kind: "compare", path: { name: "userName" }, op: "sw", value: prefix },
});

const scopeByEq = (filter: FilterNode, population: readonly Json[]): FilterNode => ({
  kind: "and",
  left: filter,
  right: population
    .map((r): FilterNode => ({
      kind: "compare",
      path: { name: "userName" },
      op: "eq",
      value: String(r["userName"]),
    }))
    .reduce((left, right) => ({ kind: "or", left, right })),
});

/** The population as created, or why the case cannot run (`skip`), or a failure. */
async function createPopulation(
  specs: readonly UserSpec[],
  recorder: ScenarioRecorder,
): Promise<Json[] | CaseFailure | { skip: string }> {
  const created: Json[] = [];
  for (const [index, spec] of specs.entries()) {
    const exchange = await recorder.send(
      {
        label: `create user u${index + 1}`,
        method: "POST",
        path: "/Users",
        body: userResource(spec, index, recorder.prefix),
      },
      { track: { kind: "Users", variable: `u${index + 1}` } },
    );
    const body = exchange.response?.body as Json | undefined;
    const status = exchange.response?.status ?? 0;
    if (status === 201 && typeof body?.["id"] === "string") created.push(body);
    else if (status >= 400 && status < 500) {
      // The target refuses this generated user (its data, not a filter question): the case cannot run.
      const scimType = typeof body?.["scimType"] === "string" ? ` ${body["scimType"]}` : "";
      return { skip: `the target answered ${status}${scimType} to creating a generated user` };
    } else {
      return {
        title: "a valid user could not be created",
        message: `${describe(exchange)} for a valid RFC 7643 §4.1 user`,
        actual: exchange.response?.bodyText ?? exchange.error?.kind,
        exchange,
      };
    }
  }
  return created;
}

/** The filter's answer: 200 with the scope that worked, or declined (400 invalidFilter) for both scopes. */
async function query(
  filter: FilterNode,
  population: readonly Json[],
  recorder: ScenarioRecorder,
): Promise<{ text: string; exchange: Exchange; declined: boolean }> {
  let text = printFilter(scopeBySw(filter, recorder.prefix));
  const send = (t: string) =>
    recorder.send({
      label: `filter ${t}`,
      method: "GET",
      path: `/Users?${scimQuery({ filter: t, count: "200" })}`,
    });
  let exchange = await send(text);
  if (exchange.response?.status === 400) {
    text = printFilter(scopeByEq(filter, population));
    exchange = await send(text);
  }
  return { text, exchange, declined: declinesFilter(exchange) };
}

/** Runs one filter: a failure, `"declined"` (RFC-allowed 400), or undefined when the target agrees. */
async function runFilter(
  userType: ResourceTypeSchemas,
  filter: FilterNode,
  population: readonly Json[],
  recorder: ScenarioRecorder,
  notRun: NotRun,
): Promise<CaseFailure | "declined" | "not run" | undefined> {
  let expected: string[];
  try {
    // The population is exactly the scope, so the scope needs no evaluating.
    expected = population.filter((r) => evaluateFilter(filter, r, userType)).map((r) => String(r["id"]));
  } catch (error) {
    // The harness generated a filter its own evaluator rejects: a harness defect, reported, never a pass.
    count(notRun, `the oracle cannot evaluate a generated filter (${(error as Error).message})`);
    return "not run";
  }
  const { text, exchange, declined } = await query(filter, population, recorder);
  if (declined) {
    count(
      notRun,
      `a filter declined with 400 invalidFilter, which RFC 7644 §3.12 allows (${describeOps(filter)})`,
    );
    return "declined";
  }
  const step = recorder.last;
  const name = (id: string) => recorder.variableOf(id) ?? `other:${id}`;
  if (exchange.response?.status !== 200) {
    recorder.expectOn(step, { status: [200], body: { "/totalResults": expected.length } });
    return {
      title: `a valid filter was not answered with 200`,
      message: `GET /Users?filter=${text}: ${describe(exchange)}; the filter is valid and matches {${expected.map(name).join(", ")}}`,
      expected: { status: 200, matches: expected.map(name) },
      actual: exchange.response?.body ?? exchange.error?.kind,
      exchange,
      evidence: exchange.response?.status === 404 ? ["B9", "[S4]"] : [],
    };
  }
  const actual = resourcesOf(exchange.response.body).map((r) => String(r["id"]));
  const missing = expected.filter((id) => !actual.includes(id));
  const extra = actual.filter((id) => !expected.includes(id));
  if (missing.length === 0 && extra.length === 0) return undefined;
  recorder.expectOn(step, { status: [200], body: { "/totalResults": expected.length } });
  for (const id of [...missing, ...extra]) {
    // The scope that worked, narrowed to the one user.
    const path = `/Users?${scimQuery({ filter: `(${text}) and id eq ${JSON.stringify(id)}` })}`;
    recorder.note(
      { method: "GET", path },
      { status: [200], body: { "/totalResults": missing.includes(id) ? 1 : 0 } },
      `${name(id)} ${missing.includes(id) ? "matches" : "does not match"} the filter`,
    );
  }
  return {
    title: "a filter returned the wrong users",
    message:
      `GET /Users?filter=${text} returned {${actual.map(name).join(", ")}}; RFC 7644 §3.4.2.2 (the harness/scim evaluator over the same users) gives {${expected.map(name).join(", ")}}` +
      `${missing.length > 0 ? `; missing ${missing.map(name).join(", ")}` : ""}${extra.length > 0 ? `; unexpected ${extra.map(name).join(", ")}` : ""}`,
    expected: expected.map(name),
    actual: actual.map(name),
    exchange,
  };
}

export const FILTER_PROPERTY: PropertyDefinition<FilterCase> = {
  id: "property.filters",
  title: "Filters select what RFC 7644 says",
  rfc: "RFC 7644 §3.4.2.2",
  defaultNumRuns: 30,
  notRun: filterCasesNotRun,
  notApplicable: (env: PropertyEnv) =>
    env.discovery.supports("filter") === false
      ? "filter.supported is false in /ServiceProviderConfig"
      : undefined,
  arbitrary: (env) =>
    fc.record({
      population: fc.array(userSpec(env.declares, env.enterprise), {
        minLength: 1,
        maxLength: 6,
      }),
      filters: fc.array(filterTemplate(env.declares, env.enterprise), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  async execute(input, env, recorder) {
    return executeCase(input, env, recorder, notRunOf(env));
  },
};

const notRunOf = (env: PropertyEnv): NotRun => {
  const found = NOT_RUN.get(env);
  if (found !== undefined) return found;
  const fresh: NotRun = new Map();
  NOT_RUN.set(env, fresh);
  return fresh;
};

/** Skips the case (fast-check counts it in `numSkips`), its reason counted: never a pass. */
function skipCase(notRun: NotRun, reason: string): never {
  count(notRun, `case skipped: ${reason}`);
  fc.pre(false);
  throw new Error("unreachable: fc.pre(false) throws");
}

async function executeCase(
  input: FilterCase,
  env: PropertyEnv,
  recorder: ScenarioRecorder,
  notRun: NotRun,
): Promise<CaseFailure | undefined> {
  const population = await createPopulation(input.population, recorder);
  if ("skip" in population) skipCase(notRun, population.skip);
  if (!Array.isArray(population)) return population;
  let ran = 0;
  for (const template of input.filters) {
    const outcome = await runFilter(
      env.userType,
      resolveTemplate(template, population, recorder.prefix),
      population,
      recorder,
      notRun,
    );
    if (outcome === undefined) ran++;
    else if (outcome !== "declined" && outcome !== "not run") return outcome;
  }
  if (ran === 0) skipCase(notRun, "none of its filters ran (declined by the target or not evaluable)");
  return undefined;
}

/** The operators of a filter, for counting declined filters by kind (`sw, pr`). */
function describeOps(node: FilterNode, into = new Set<string>()): string {
  switch (node.kind) {
    case "and":
    case "or":
      describeOps(node.left, into);
      describeOps(node.right, into);
      break;
    case "not":
      into.add("not");
      describeOps(node.filter, into);
      break;
    case "valuePath":
      into.add("[ ]");
      describeOps(node.filter, into);
      break;
    case "present":
      into.add("pr");
      break;
    default:
      into.add(node.op);
  }
  return [...into].sort().join(", ");
}

/**
 * Runs property (a), filters. What did not run (skipped cases, declined filters, filters the oracle could
 * not evaluate) is added as an info finding with the reasons and counts, never folded into a pass.
 */
export async function runFilterProperty(options: PropertyRunOptions): Promise<PropertyResult> {
  return runProperty(FILTER_PROPERTY, options);
}
