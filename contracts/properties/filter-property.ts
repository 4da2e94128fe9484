/**
 * Property (a): for any population of users and any filter over the attributes the target declares,
 * `GET /Users?filter=` returns exactly the users the RFC 7644 §3.4.2.2 evaluator in harness/scim
 * (`evaluateFilter`) selects from the same population, as the target returned it.
 */
import fc from "fast-check";
import type { PropertyResult } from "../../reports/index.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { describe, resourcesOf } from "../checks/check-helpers.ts";
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

const scope = (filter: FilterNode, prefix: string): FilterNode => ({
  kind: "and",
  left: filter,
  right: { kind: "compare", path: { name: "userName" }, op: "sw", value: prefix },
});

async function createPopulation(
  specs: readonly UserSpec[],
  recorder: ScenarioRecorder,
): Promise<Json[] | CaseFailure> {
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
    else if (status < 400 || status >= 500) {
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

async function runFilter(
  userType: ResourceTypeSchemas,
  filter: FilterNode,
  population: readonly Json[],
  recorder: ScenarioRecorder,
): Promise<CaseFailure | undefined> {
  const scoped = scope(filter, recorder.prefix);
  let expected: string[];
  try {
    expected = population.filter((r) => evaluateFilter(scoped, r, userType)).map((r) => String(r["id"]));
  } catch {
    return undefined; // not a valid filter for these attributes (RFC 7644 §3.4.2.2): not generated on purpose
  }
  const text = printFilter(scoped);
  const exchange = await recorder.send({
    label: `filter ${text}`,
    method: "GET",
    path: `/Users?${scimQuery({ filter: text, count: "200" })}`,
  });
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
    const witness = {
      kind: "and",
      left: scoped,
      right: { kind: "compare", path: { name: "id" }, op: "eq", value: id },
    } as const;
    const path = `/Users?${scimQuery({ filter: printFilter(witness as FilterNode) })}`;
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
    const population = await createPopulation(input.population, recorder);
    if (!Array.isArray(population)) return population;
    for (const template of input.filters) {
      const failure = await runFilter(
        env.userType,
        resolveTemplate(template, population, recorder.prefix),
        population,
        recorder,
      );
      if (failure !== undefined) return failure;
    }
    return undefined;
  },
};

/** Runs property (a), filters. */
export function runFilterProperty(options: PropertyRunOptions): Promise<PropertyResult> {
  return runProperty(FILTER_PROPERTY, options);
}
