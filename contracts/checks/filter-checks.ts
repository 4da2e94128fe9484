/**
 * Filters (RFC 7644 §3.4.2.2), one check per operator or rule (factory: filter-check-factory.ts). Each check creates three users under its
 * own prefix (alice, bob, carol; data below) and compares the returned ids with the set written by hand
 * from the RFC. Most filters are scoped to the check's users (`and userName sw "<check prefix>"`, or an
 * `or` of `userName eq` where the target declines `sw`). A filter the target declines with 400
 * invalidFilter is an answer RFC 7644 §3.12 allows (see the factory).
 */

import type { Finding } from "../../reports/index.ts";
import { scimQuery } from "../../harness/http/http-intent.ts";
import {
  allowedAnswer,
  createGroup,
  declinesFilter,
  describe,
  idpImpact,
  idsOf,
  listUsers,
  send,
  statusOf,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import { judgeError } from "./error-checks.ts";
import { DECLINE_ALLOWED, ENTERPRISE, filterCheck } from "./filter-check-factory.ts";
import type { ContractCheck, IdpDependence } from "./contract-check.ts";

const ENTRA_MATCHING: IdpDependence = {
  idp: "Entra ID",
  evidence: ["[S1]", "[C1]", "[C3]"],
  why: "matches users with eq on userName / externalId before creating them",
};

export const FILTER_CHECKS: readonly ContractCheck[] = [
  filterCheck({
    id: "rfc7644.filter.eq",
    title: "eq matches the exact value",
    idpDependence: [ENTRA_MATCHING],
    cases: [{ filter: (p) => `userName eq "${p.userName.alice}"`, expect: ["alice"], scoped: false }],
  }),
  filterCheck({
    id: "rfc7644.filter.eq-case-insensitive-userName",
    title: "eq on userName ignores case (caseExact false)",
    rfc: "RFC 7644 §3.4.2.2; RFC 7643 §2.2, §4.1.1",
    idpDependence: [ENTRA_MATCHING],
    cases: [
      {
        filter: (p) => `userName eq "${p.userName.alice.toUpperCase()}"`,
        canonical: (p) => `userName eq "${p.userName.alice}"`,
        expect: ["alice"],
        scoped: false,
      },
    ],
  }),
  filterCheck({
    id: "rfc7644.filter.eq-externalId",
    title: "eq matches externalId",
    idpDependence: [ENTRA_MATCHING],
    cases: [{ filter: (p) => `externalId eq "${p.externalId.alice}"`, expect: ["alice"], scoped: false }],
  }),
  filterCheck({
    id: "rfc7644.filter.ne",
    title: "ne excludes the value",
    requires: ["filter"],
    cases: [{ filter: (p) => `userName ne "${p.userName.alice}"`, expect: ["bob", "carol"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.co",
    title: "co matches a substring",
    requires: ["filter"],
    cases: [{ filter: () => `userName co "bob@"`, expect: ["bob"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.sw",
    title: "sw matches a prefix",
    requires: ["filter"],
    cases: [{ filter: (p) => `userName sw "${p.prefix}al"`, expect: ["alice"], scoped: false }],
  }),
  filterCheck({
    id: "rfc7644.filter.ew",
    title: "ew matches a suffix",
    requires: ["filter"],
    cases: [{ filter: () => `userName ew "example.org"`, expect: ["carol"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.pr",
    title: "pr matches attributes that have a value",
    requires: ["filter", "attr:title"],
    cases: [{ filter: () => `title pr`, expect: ["alice", "carol"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.ordering",
    title: "gt, ge, lt, le order strings lexicographically",
    requires: ["filter"],
    cases: [
      { filter: (p) => `userName gt "${p.userName.bob}"`, expect: ["carol"] },
      { filter: (p) => `userName ge "${p.userName.bob}"`, expect: ["bob", "carol"] },
      { filter: (p) => `userName lt "${p.userName.bob}"`, expect: ["alice"] },
      { filter: (p) => `userName le "${p.userName.bob}"`, expect: ["alice", "bob"] },
    ],
  }),
  filterCheck({
    id: "rfc7644.filter.and",
    title: "and needs both sides",
    requires: ["filter", "attr:title", "attr:active"],
    cases: [{ filter: () => `title eq "Engineer" and active eq true`, expect: ["alice"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.or",
    title: "or needs either side",
    requires: ["filter"],
    cases: [
      {
        filter: (p) => `userName eq "${p.userName.alice}" or userName eq "${p.userName.bob}"`,
        expect: ["alice", "bob"],
        scoped: false,
      },
    ],
  }),
  filterCheck({
    id: "rfc7644.filter.not",
    title: "not negates its filter",
    requires: ["filter", "attr:title"],
    cases: [{ filter: () => `not (title eq "Engineer")`, expect: ["bob", "carol"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.precedence",
    title: "and binds tighter than or; parentheses group",
    requires: ["filter", "attr:title", "attr:active"],
    cases: [
      {
        filter: (p) => `userName eq "${p.userName.carol}" or title eq "Engineer" and active eq false`,
        expect: ["carol"],
      },
      {
        filter: (p) => `(userName eq "${p.userName.carol}" or title eq "Engineer") and active eq true`,
        expect: ["alice", "carol"],
      },
    ],
  }),
  filterCheck({
    id: "rfc7644.filter.value-path",
    title: "A value path [ ] needs one element to match the whole inner filter",
    requires: ["filter", "attr:emails"],
    cases: [
      { filter: () => `emails[type eq "work" and value co "bob"]`, expect: ["bob"] },
      { filter: () => `emails[type eq "home"]`, expect: ["alice", "carol"] },
    ],
  }),
  filterCheck({
    id: "rfc7644.filter.sub-attribute",
    title: "A dotted sub-attribute path compares the sub-attribute",
    requires: ["filter", "attr:name.familyName"],
    cases: [{ filter: () => `name.familyName eq "Young"`, expect: ["bob"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.multi-valued-any",
    title: "A multi-valued attribute matches when any value matches",
    requires: ["filter", "attr:emails"],
    cases: [{ filter: (p) => `emails.value eq "${p.email.aliceHome}"`, expect: ["alice"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.boolean",
    title: "eq compares booleans",
    requires: ["filter", "attr:active"],
    cases: [{ filter: () => `active eq false`, expect: ["bob"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.extension-attribute",
    title: "A URN-qualified extension attribute can be filtered",
    rfc: "RFC 7644 §3.4.2.2, §3.10",
    requires: ["filter", "enterpriseUser"],
    cases: [{ filter: (p) => `${ENTERPRISE}:employeeNumber eq "${p.employeeNumber.bob}"`, expect: ["bob"] }],
  }),
  filterCheck({
    id: "rfc7644.filter.case-insensitive-names",
    title: "Attribute names and operators are case-insensitive",
    requires: ["filter"],
    cases: [
      {
        filter: (p) => `USERNAME EQ "${p.userName.alice}"`,
        canonical: (p) => `userName eq "${p.userName.alice}"`,
        expect: ["alice"],
        scoped: false,
      },
      {
        filter: (p) => `username Sw "${p.prefix}b"`,
        canonical: (p) => `userName sw "${p.prefix}b"`,
        expect: ["bob"],
        scoped: false,
      },
    ],
  }),
];

export const invalidFilter400 = defineCheck({
  id: "rfc7644.filter.invalid-filter-400",
  title: "An invalid filter is refused with 400",
  rfc: "RFC 7644 §3.4.2.2, §3.12",
  keyword: "MUST",
  async run(ctx) {
    // §3.4.2.2: an operator the server does not recognise MUST be declined "with a "scimType" error of
    // "invalidFilter""; a syntax error is invalidFilter too (§3.12), the scimType being OPTIONAL there.
    const findings: Finding[] = [];
    for (const [filter, required] of [
      ["userName eq", false],
      ['userName zz "x"', true],
      ['(userName eq "x"', false],
    ] as const) {
      const exchange = await listUsers(ctx, filter);
      findings.push(
        ...judgeError(ctx, exchange, {
          input: `filter ${filter}`,
          errors: [{ status: 400, scimTypes: ["invalidFilter"], scimTypeRequired: required }],
        }),
      );
    }
    return findings;
  },
});

export const groupDisplayNameEq = defineCheck({
  id: "rfc7644.filter.group-displayName-eq",
  title: "Groups can be matched with displayName eq",
  rfc: "RFC 7644 §3.4.2.2",
  keyword: "MUST",
  requires: ["groups"],
  idpDependence: [
    { idp: "Entra ID", evidence: ["[S1]"], why: "matches groups with displayName eq before creating them" },
  ],
  async run(ctx) {
    const group = await createGroup(ctx, "group");
    await createGroup(ctx, "group-other");
    const qs = scimQuery({ filter: `displayName eq "${String(group.body["displayName"])}"` });
    const exchange = await send(ctx, { method: "GET", path: `/Groups?${qs}` });
    const ids = idsOf(exchange);
    if (declinesFilter(exchange)) {
      const filter = `displayName eq "${String(group.body["displayName"])}"`;
      return [
        allowedAnswer(ctx, {
          title: `Filter not supported (allowed): ${ctx.check.title}`,
          message: `the target declines ${filter} on /Groups with ${describe(exchange)}; ${DECLINE_ALLOWED}`,
          exchanges: [exchange],
        }),
        idpImpact(ctx, "entra.filter-supported", "error", {
          title: "Entra's eq filter is not supported",
          message: `the target declines ${filter} on /Groups with 400 invalidFilter. RFC 7644 allows that, but Entra ID matches groups with displayName eq before creating them [S1].`,
          exchanges: [exchange],
        }),
      ];
    }
    return statusOf(exchange) === 200 && ids.length === 1 && ids[0] === group.id
      ? []
      : [
          ctx.finding({
            message: `displayName eq of one group: ${describe(exchange)} with ids ${JSON.stringify(ids)}`,
            expected: [group.id],
            actual: ids,
            exchanges: [exchange],
            evidence: statusOf(exchange) === 404 ? ["B9"] : [],
          }),
        ];
  },
});

/** The filter checks, in catalogue order. */
export const ALL_FILTER_CHECKS: readonly ContractCheck[] = [
  ...FILTER_CHECKS,
  invalidFilter400,
  groupDisplayNameEq,
];
