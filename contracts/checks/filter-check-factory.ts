/**
 * The filter-check factory: each filter check creates three users under its own prefix (alice, bob,
 * carol, data below) and compares the ids a filter returns with a set written by hand from RFC 7644
 * §3.4.2.2. Every value the users carry (userName, emails, externalId, displayName, employeeNumber) is
 * unique to the run and the check, so a target that keeps any of them unique never answers 409.
 *
 * Scoping is not the subject of a check: a filter is scoped with `and userName sw "<check prefix>"`, and
 * when the target declines that with 400, with `and (userName eq "<alice>" or … "<carol>")` instead.
 * A filter the target declines with 400 invalidFilter ("the specified attribute and filter comparison
 * combination is not supported", RFC 7644 §3.12) is an answer the RFC allows: reported as information,
 * the check not applicable when it declines every case, and an IdP-compatibility finding apart when an
 * IdP sends that filter (Entra's `eq` on userName and externalId [S1]).
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import {
  allowedAnswer,
  createUser,
  DECLINE_ALLOWED,
  declares,
  declinesFilter,
  describe,
  idpImpact,
  idsOf,
  listUsers,
  statusOf,
} from "./check-helpers.ts";
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
  /** Email values: `alice`, `aliceHome`, `bob`, `carol`, `carolHome`. */
  email: Record<"alice" | "aliceHome" | "bob" | "carol" | "carolHome", string>;
  employeeNumber: Record<"alice" | "bob", string>;
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
  const email: Population["email"] = {
    alice: `${p}alice@example.com`,
    aliceHome: `${p}alice@home.test`,
    bob: `${p}bob@example.com`,
    carol: `${p}carol@example.org`,
    carolHome: `${p}carol@home.test`,
  };
  const employeeNumber = { alice: `${p}1001`, bob: `${p}1002` };
  const data: Record<Who, Record<string, unknown>> = {
    alice: {
      displayName: `Alice Ünïcode ${p}`,
      name: { givenName: "Alice", familyName: "Zeta" },
      title: "Engineer",
      active: true,
      emails: [
        { value: email.alice, type: "work", primary: true },
        { value: email.aliceHome, type: "home" },
      ],
      [ENTERPRISE]: { employeeNumber: employeeNumber.alice },
    },
    bob: {
      displayName: `Bob ${p}`,
      name: { givenName: "Bob", familyName: "Young" },
      active: false,
      emails: [{ value: email.bob, type: "work" }],
      [ENTERPRISE]: { employeeNumber: employeeNumber.bob },
    },
    carol: {
      displayName: `Carol ${p}`,
      name: { givenName: "Carol", familyName: "Xu" },
      title: "Manager",
      active: true,
      emails: [
        { value: email.carol, type: "work" },
        { value: email.carolHome, type: "home" },
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
  return { ids, userName, externalId, email, employeeNumber, prefix: p };
}

export interface FilterCase {
  filter: (p: Population) => string;
  expect: readonly Who[];
  /** Default true: the filter is scoped to the check's users (`and userName sw …`, or an `or` of `eq`). */
  scoped?: boolean;
  /**
   * The same filter in its usual spelling, when the case is about spelling (upper-case names, operators):
   * declining the case is then allowed only if the target declines this one too.
   */
  canonical?: (p: Population) => string;
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

export { DECLINE_ALLOWED };

/** Sends a case's filter, scoped to the check's users; falls back to an `or` of `userName eq` on a 400. */
async function query(ctx: CheckContext, c: FilterCase, pop: Population): Promise<[string, Exchange]> {
  const inner = c.filter(pop);
  if (c.scoped === false) return [inner, await listUsers(ctx, inner, { count: "50" })];
  const bySw = `(${inner}) and userName sw "${pop.prefix}"`;
  const first = await listUsers(ctx, bySw, { count: "50" });
  if (statusOf(first) !== 400) return [bySw, first];
  const names = Object.values(pop.userName).map((u) => `userName eq "${u}"`);
  const byEq = `(${inner}) and (${names.join(" or ")})`;
  return [byEq, await listUsers(ctx, byEq, { count: "50" })];
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
      const declined: { filter: string; exchange: Exchange }[] = [];
      for (const c of spec.cases) {
        const [filter, exchange] = await query(ctx, c, pop);
        if (declinesFilter(exchange)) {
          const canonical =
            c.canonical === undefined ? undefined : await query(ctx, { ...c, filter: c.canonical }, pop);
          if (canonical === undefined || declinesFilter(canonical[1])) {
            declined.push({ filter, exchange });
            continue;
          }
          problems.push({
            message: `filter ${filter}: ${describe(exchange)}, but the same filter spelt ${canonical[0]} answers ${describe(canonical[1])}: the target supports it, so it must accept this spelling too`,
            expected: [...c.expect],
            actual: statusOf(exchange),
            exchanges: [exchange, canonical[1]],
          });
          continue;
        }
        if (statusOf(exchange) !== 200) {
          problems.push({
            message: `filter ${filter}: ${describe(exchange)}, expected 200 (or 400 invalidFilter if the target does not support it)`,
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
      const findings = problems.map((p) => ctx.finding(p));
      if (declined.length > 0) findings.push(...declinedFindings(ctx, spec, declined));
      if (problems.length === 0 && declined.length === spec.cases.length && !needsIt(spec)) {
        ctx.notApplicable(
          `the target declines ${declined.map((d) => d.filter).join("; ")} with 400 invalidFilter, which ${DECLINE_ALLOWED}`,
        );
      }
      return findings;
    },
  });
}

/** An IdP sends this filter: declining it is an IdP-compatibility finding apart (never silently n/a). */
const needsIt = (spec: FilterCheckSpec): boolean =>
  (spec.idpDependence ?? []).some((d) => d.idp === "Entra ID");

function declinedFindings(
  ctx: CheckContext,
  spec: FilterCheckSpec,
  declined: readonly { filter: string; exchange: Exchange }[],
) {
  const out = declined.map(({ filter, exchange }) =>
    allowedAnswer(ctx, {
      title: `Filter not supported (allowed): ${spec.title}`,
      message: `the target declines ${filter} with ${describe(exchange)}; ${DECLINE_ALLOWED}`,
      exchanges: [exchange],
    }),
  );
  const entra = (spec.idpDependence ?? []).filter((d) => d.idp === "Entra ID");
  if (entra.length > 0) {
    out.push(
      idpImpact(ctx, "entra.filter-supported", "error", {
        title: "Entra's eq filter is not supported",
        message: `the target declines ${declined.map((d) => d.filter).join("; ")} with 400 invalidFilter. RFC 7644 allows that, but Entra ID ${entra.map((d) => d.why).join("; ")} and cannot provision this target without it.`,
        exchanges: [declined[0]!.exchange],
        evidence: entra.flatMap((d) => d.evidence),
      }),
    );
  }
  return out;
}
