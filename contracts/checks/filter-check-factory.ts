/**
 * The filter-check factory: each filter check creates three users under its own prefix (alice, bob,
 * carol, data below) and compares the ids a filter returns with a set written by hand from RFC 7644
 * §3.4.2.2. Filters are scoped with `and userName sw "<check prefix>"` unless a case says otherwise.
 */
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import { createUser, declares, describe, idsOf, listUsers, statusOf } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type {
  CheckContext,
  ContractCheck,
  IdpDependence,
  Keyword,
  Problem,
  Requirement,
} from "./contract-check.ts";

export type Who = "alice" | "bob" | "carol";

/** The names of one check's three users. */
export interface Population {
  ids: Record<Who, string>;
  userName: Record<Who, string>;
  externalId: Record<Who, string>;
  prefix: string;
}

export const ENTERPRISE = SCHEMA_ENTERPRISE_USER;

async function population(ctx: CheckContext): Promise<Population> {
  const p = ctx.checkPrefix;
  const userName: Record<Who, string> = {
    alice: `${p}alice@example.com`,
    bob: `${p}bob@example.com`,
    carol: `${p}carol@example.org`,
  };
  const externalId: Record<Who, string> = { alice: `${p}ext-1`, bob: `${p}ext-2`, carol: `${p}ext-3` };
  const data: Record<Who, Record<string, unknown>> = {
    alice: {
      displayName: "Alice Ünïcode",
      name: { givenName: "Alice", familyName: "Zeta" },
      title: "Engineer",
      active: true,
      emails: [
        { value: "alice@example.com", type: "work", primary: true },
        { value: "alice@home.test", type: "home" },
      ],
      [ENTERPRISE]: { employeeNumber: "1001" },
    },
    bob: {
      displayName: "Bob",
      name: { givenName: "Bob", familyName: "Young" },
      active: false,
      emails: [{ value: "bob@example.com", type: "work" }],
      [ENTERPRISE]: { employeeNumber: "1002" },
    },
    carol: {
      displayName: "Carol",
      name: { givenName: "Carol", familyName: "Xu" },
      title: "Manager",
      active: true,
      emails: [
        { value: "carol@example.org", type: "work" },
        { value: "carol@home.test", type: "home" },
      ],
    },
  };
  const ids = {} as Record<Who, string>;
  for (const who of ["alice", "bob", "carol"] as const) {
    const body: Record<string, unknown> = { userName: userName[who], externalId: externalId[who] };
    for (const [key, value] of Object.entries(data[who])) {
      if (key === ENTERPRISE ? ctx.discovery.hasEnterpriseUser : declares(ctx, key)) body[key] = value;
    }
    body["schemas"] = body[ENTERPRISE] === undefined ? [SCHEMA_USER] : [SCHEMA_USER, ENTERPRISE];
    for (const key of ["displayName", "name", "emails", "active"]) if (!(key in body)) body[key] = undefined;
    ids[who] = (await createUser(ctx, who, body)).id;
  }
  return { ids, userName, externalId, prefix: p };
}

export interface FilterCase {
  filter: (p: Population) => string;
  expect: readonly Who[];
  /** Default true: the filter is wrapped as `(filter) and userName sw "<check prefix>"`. */
  scoped?: boolean;
}

export interface FilterCheckSpec {
  id: string;
  title: string;
  rfc?: string;
  keyword?: Keyword;
  requires?: readonly Requirement[];
  idpDependence?: readonly IdpDependence[];
  cases: readonly FilterCase[];
}

export function filterCheck(spec: FilterCheckSpec): ContractCheck {
  return defineCheck({
    id: spec.id,
    title: spec.title,
    rfc: spec.rfc ?? "RFC 7644 §3.4.2.2",
    keyword: spec.keyword ?? "MUST",
    ...(spec.idpDependence !== undefined ? { idpDependence: spec.idpDependence } : {}),
    ...(spec.requires !== undefined ? { requires: spec.requires } : {}),
    async run(ctx) {
      const pop = await population(ctx);
      const nameOf = new Map(Object.entries(pop.ids).map(([who, id]) => [id, who]));
      const problems: Problem[] = [];
      for (const c of spec.cases) {
        const inner = c.filter(pop);
        const filter = c.scoped === false ? inner : `(${inner}) and userName sw "${pop.prefix}"`;
        const exchange = await listUsers(ctx, filter, { count: "50" });
        if (statusOf(exchange) !== 200) {
          problems.push({
            message: `filter ${filter}: ${describe(exchange)}, expected 200`,
            expected: [...c.expect],
            actual: statusOf(exchange) ?? exchange.error?.kind,
            exchanges: [exchange],
            evidence: statusOf(exchange) === 404 ? ["B9"] : [],
          });
          continue;
        }
        const got = idsOf(exchange)
          .map((id) => nameOf.get(id) ?? `other:${id}`)
          .sort();
        const want = [...c.expect].sort();
        if (got.length !== want.length || got.some((g, i) => g !== want[i])) {
          problems.push({
            message: `filter ${filter} returned {${got.join(", ")}}, expected {${want.join(", ")}}`,
            expected: want,
            actual: got,
            exchanges: [exchange],
          });
        }
      }
      return problems.map((p) => ctx.finding(p));
    },
  });
}
