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
import { allowedMatches } from "../../harness/scim/filter-evaluate.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { isScimError } from "../../harness/scim/scim-error.ts";
import { declinesFilter, describe, resourcesOf } from "../checks/check-helpers.ts";
import { CANONICAL, spellFilter } from "./filter-spelling.ts";
import type { Spelling } from "./filter-spelling.ts";
import {
  FILTER_ATTRS,
  filterTemplate,
  filterUserSpec,
  resolveTemplate,
  withExtras,
} from "./filter-template.ts";
import { typedAttrs, typedFilterAttrs, typedValues } from "./filter-typed.ts";
import type { FilterUserSpec, Template } from "./filter-template.ts";
import { userResource } from "./population.ts";
import { runProperty } from "./run-property.ts";
import type { CaseFailure, PropertyDefinition, PropertyEnv, PropertyRunOptions } from "./run-property.ts";
import type { ScenarioRecorder } from "./scenario-recorder.ts";

type Json = Record<string, unknown>;

/** One case: a population, the filters to run over it, and how they are written on the wire. */
export interface FilterCase {
  population: FilterUserSpec[];
  filters: Template[];
  spelling: Spelling;
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
  specs: readonly FilterUserSpec[],
  recorder: ScenarioRecorder,
): Promise<Json[] | CaseFailure | { skip: string }> {
  const created: Json[] = [];
  for (const [index, spec] of specs.entries()) {
    const exchange = await recorder.send(
      {
        label: `create user u${index + 1}`,
        method: "POST",
        path: "/Users",
        body: withExtras(userResource(spec.user, index, recorder.prefix), spec.extras),
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
  spelling: Spelling,
): Promise<{ text: string; exchange: Exchange; declined: boolean }> {
  // The run prefix stays unescaped: the recorded scenario replaces it with `${runPrefix}-`.
  let text = spellFilter(scopeBySw(filter, recorder.prefix), spelling, recorder.prefix);
  const send = (t: string) =>
    recorder.send({
      label: `filter ${t}`,
      method: "GET",
      path: `/Users?${scimQuery({ filter: t, count: "200" })}`,
    });
  let exchange = await send(text);
  if (exchange.response?.status === 400) {
    text = spellFilter(scopeByEq(filter, population), spelling, recorder.prefix);
    exchange = await send(text);
  }
  return { text, exchange, declined: declinesFilter(exchange) };
}

/** What RFC 7644 §3.4.2.2 allows for one filter over the population. */
type Allowed =
  { kind: "evaluated"; mustMatch: string[]; mayMatch: Set<string> } | { kind: "refused"; why: string };

/** Every answer the oracle allows, per user (`allowedMatches`), or the RFC's refusal of the comparison. */
function allowedFor(userType: ResourceTypeSchemas, filter: FilterNode, population: readonly Json[]): Allowed {
  const mustMatch: string[] = [];
  const mayMatch = new Set<string>();
  try {
    for (const r of population) {
      const answers = allowedMatches(filter, r, userType);
      const id = String(r["id"]);
      if (answers.has(true)) mayMatch.add(id);
      if (!answers.has(false)) mustMatch.push(id);
    }
  } catch (error) {
    // A complex attribute without a `value` sub-attribute (a schema the generator did not expect) has no
    // comparison the oracle knows: a harness gap, not an RFC refusal.
    if (isScimError(error) && error.scimType === "invalidFilter" && !/complex attribute/.test(error.message))
      return { kind: "refused", why: error.message };
    throw error;
  }
  return { kind: "evaluated", mustMatch, mayMatch };
}

/** Runs one filter: a failure, `"declined"` (RFC-allowed 400), or undefined when the target agrees. */
async function runFilter(
  userType: ResourceTypeSchemas,
  filter: FilterNode,
  population: readonly Json[],
  recorder: ScenarioRecorder,
  notRun: NotRun,
  spelling: Spelling,
): Promise<CaseFailure | "declined" | "not run" | undefined> {
  let allowed: Allowed;
  try {
    // The population is exactly the scope, so the scope needs no evaluating.
    allowed = allowedFor(userType, filter, population);
  } catch (error) {
    // The harness generated a filter its own evaluator rejects: a harness defect, reported, never a pass.
    count(notRun, `the oracle cannot evaluate a generated filter (${(error as Error).message})`);
    return "not run";
  }
  const { text, exchange, declined } = await query(filter, population, recorder, spelling);
  const step = recorder.last;
  const name = (id: string) => recorder.variableOf(id) ?? `other:${id}`;
  const status = exchange.response?.status;
  if (allowed.kind === "refused") {
    // RFC 7644 §3.4.2.2 refuses the comparison (ordering on a boolean or binary: "SHALL cause a failed
    // response ... invalidFilter") or leaves it to the server (a substring operator on a dateTime): a
    // 400 is the answer; a 200 is judged by the contract checks, not here.
    if (status === 400) return undefined;
    if (status === 200) {
      count(
        notRun,
        `a filter RFC 7644 §3.4.2.2 lets the target refuse was evaluated instead, not judged (${describeOps(filter)})`,
      );
      return "not run";
    }
    recorder.expectOn(step, { status: [400] });
    return {
      title: "a filter was answered with neither 200 nor 400",
      message: `GET /Users?filter=${text}: ${describe(exchange)}; ${allowed.why}, so the answer is 400 invalidFilter (RFC 7644 §3.4.2.2, §3.12) or, where the RFC is open, 200`,
      expected: { status: [400, 200] },
      actual: exchange.response?.body ?? exchange.error?.kind,
      exchange,
    };
  }
  if (declined) {
    count(
      notRun,
      `a filter declined with 400 invalidFilter, which RFC 7644 §3.12 allows (${describeOps(filter)})`,
    );
    return "declined";
  }
  const { mustMatch, mayMatch } = allowed;
  const open = mayMatch.size !== mustMatch.length;
  const expectation = open
    ? { status: [200] }
    : { status: [200], body: { "/totalResults": mustMatch.length } };
  const expectedText = `{${mustMatch.map(name).join(", ")}}${
    open
      ? ` (and any of {${[...mayMatch]
          .filter((id) => !mustMatch.includes(id))
          .map(name)
          .join(", ")}}, where the RFC is open)`
      : ""
  }`;
  if (status !== 200) {
    recorder.expectOn(step, expectation);
    return {
      title: `a valid filter was not answered with 200`,
      message: `GET /Users?filter=${text}: ${describe(exchange)}; the filter is valid and matches ${expectedText}`,
      expected: { status: 200, matches: mustMatch.map(name) },
      actual: exchange.response?.body ?? exchange.error?.kind,
      exchange,
      evidence: status === 404 ? ["B9", "[S4]"] : [],
    };
  }
  const actual = resourcesOf(exchange.response?.body).map((r) => String(r["id"]));
  const missing = mustMatch.filter((id) => !actual.includes(id));
  const extra = actual.filter((id) => !mayMatch.has(id));
  if (missing.length === 0 && extra.length === 0) return undefined;
  recorder.expectOn(step, expectation);
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
      `GET /Users?filter=${text} returned {${actual.map(name).join(", ")}}; RFC 7644 §3.4.2.2 (the harness/scim evaluator over the same users, every reading where the RFC is open) gives ${expectedText}` +
      `${missing.length > 0 ? `; missing ${missing.map(name).join(", ")}` : ""}${extra.length > 0 ? `; unexpected ${extra.map(name).join(", ")}` : ""}`,
    expected: mustMatch.map(name),
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
  arbitrary: (env) => {
    const typed = typedAttrs(env.userType);
    return fc.record({
      population: fc.array(filterUserSpec(env.declares, env.enterprise, typedValues(typed)), {
        minLength: 1,
        maxLength: 6,
      }),
      filters: fc.array(filterTemplate(env.declares, env.enterprise, typedFilterAttrs(typed)), {
        minLength: 1,
        maxLength: 6,
      }),
      spelling: fc.oneof(
        { weight: 2, arbitrary: fc.constant(CANONICAL) },
        {
          weight: 3,
          arbitrary: fc.record({
            names: fc.constantFrom<Spelling["names"]>("as-is", "lower", "upper"),
            escapes: fc.constantFrom<Spelling["escapes"]>("json", "unicode", "all"),
            parens: fc.boolean(),
            numbers: fc.constantFrom<Spelling["numbers"]>("plain", "padded", "exponent"),
          }),
        },
      ),
    });
  },
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
  const attrs = { ...FILTER_ATTRS, ...typedFilterAttrs(typedAttrs(env.userType)) };
  for (const template of input.filters) {
    const outcome = await runFilter(
      env.userType,
      resolveTemplate(template, population, recorder.prefix, attrs, env.userType.core.id),
      population,
      recorder,
      notRun,
      input.spelling,
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
