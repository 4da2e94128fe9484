/**
 * The expected failures of the scenario library, by quirk: for each catalogued quirk of the fake SP, the
 * rule ids a scenario tagged with its bug must fail with (written by hand from a run against each quirk),
 * plus servers broken by hand for behaviour no quirk touches. Read by `library.test.ts` and the README
 * table generator.
 */
import { scimErrorResponse } from "../fakes/core/scim-exchange.ts";
import { defineQuirk } from "../fakes/quirks/quirk.ts";
import type { Quirk } from "../fakes/quirks/quirk.ts";

/** What a quirk must produce; `rules`: error rule ids, at least one in a failing tagged scenario. */
export interface QuirkCheck {
  rules: string[];
  /** The fake's quirk spec (default: the id). */
  spec?: string;
  /** Switch the quirk on after discovery (it would stop the run before any scenario). */
  afterDiscovery?: true;
  /** Per-request timeout of the run (default Entra's 60 s). */
  timeoutMs?: number;
  /** Scenario ids to run, for quirks without a bug id (generic faults). */
  scenarios?: string[];
  /** The rule is a warning (the dossier documents no failure for it): caught with `--fail-on warning`. */
  warning?: true;
  /**
   * Caught by a property, not by a scenario: the test file (from the repository root) that proves the
   * property fails on this quirk with `rules`. The library test checks the file names the quirk.
   */
  provenBy?: string;
}

const USER_PATCH = "entra.user-patch-2xx";
const APPLIED = "entra.patch-applied";
const STATE = "scenario.expect.state";

/** RFC invariants of the stateful property: each quirk is proven by the property's own test. */
const STATEFUL: QuirkCheck = {
  rules: ["property.stateful"],
  provenBy: "contracts/properties/stateful-invariants.test.ts",
};

/** One entry per catalogued quirk; the rule ids are those the matrix run showed, written down by hand. */
export const QUIRK_CHECKS: Record<string, QuirkCheck> = {
  "active-string-ignored": { rules: [APPLIED] },
  "active-string-rejected": { rules: [USER_PATCH] },
  "capitalised-op-rejected": { rules: [USER_PATCH, "entra.group-patch-2xx"] },
  "capitalised-op-ignored": { rules: [APPLIED] },
  "lowercase-op-rejected": { rules: [USER_PATCH, "jumpcloud.patch-2xx"] },
  "add-active-rejected": { rules: [USER_PATCH] },
  "members-remove-wipes-group": { rules: [STATE] },
  "members-remove-value-rejected": { rules: ["entra.group-patch-2xx", "jumpcloud.patch-2xx"] },
  "dotted-keys-ignored": { rules: [APPLIED] },
  "group-replace-empties-members": { rules: [STATE] },
  "members-add-replaces": { rules: [STATE] },
  // 100 ms between read and write, so the parallel PATCHes overlap even on a loaded machine.
  "concurrent-patch-loses-members": { rules: [STATE], spec: "concurrent-patch-loses-members=100" },
  "filter-miss-404": { rules: ["entra.filter-miss-empty-list", "jumpcloud.lookup-list-response"] },
  "filter-miss-empty-body": { rules: ["entra.filter-miss-empty-list", "jumpcloud.json-response"] },
  "filtered-replace-appends": { rules: [APPLIED] },
  // 400 noTarget is what RFC 7644 §3.5.2.3 requires; Entra's add reading is grade C [C14]: a warning.
  "filtered-replace-no-target": { rules: ["entra.filtered-replace-no-target"], warning: true },
  "manager-string-rejected": { rules: [USER_PATCH] },
  "manager-filter-rejected": { rules: [USER_PATCH] },
  "manager-returned-as-string": { rules: [STATE] },
  "no-user-agent-403": { rules: ["entra.authorized"] },
  "slow-after-commit": {
    rules: ["entra.response-within-60s"],
    spec: "slow-after-commit=1200",
    timeoutMs: 600,
  },
  "reset-after-commit": { rules: ["entra.create-conflict"] },
  "conflict-without-scimtype": { rules: ["scenario.expect.body"] },
  "conflict-as-400": { rules: ["scenario.expect.status"] },
  "put-not-implemented": { rules: ["jumpcloud.put-supported", "okta.put-supported"] },
  "put-merges": { rules: [STATE] },
  "strict-json-types": { rules: ["jumpcloud.put-supported", "scenario.expect.status"] },
  "prototype-pollution-simulated": { rules: [STATE] },
  "pending-invite-inactive": { rules: [STATE] },
  // RFC 7644 §3.2 names /Users and paths are case-sensitive; the B20 evidence is grade D: a warning.
  "case-sensitive-routes": { rules: ["scenario.expect.status"], warning: true },
  "json-content-type": { rules: ["rfc7644.http.scim-content-type"] },
  "scim-json-415": { rules: ["entra.create-201-with-id"] },
  // Also Okta's password sync (o11, OIN: a path-less PATCH of password).
  "patch-active-only": { rules: [USER_PATCH, "jumpcloud.patch-2xx", "okta.patch-2xx"] },
  "disable-conflict-409": { rules: [USER_PATCH] },
  // 5 requests a second: b24's ~30 back-to-back requests exceed it even on a slow machine.
  "rate-limit-429": { rules: ["entra.retry-exhausted"], spec: "rate-limit-429=5" },
  "members-filter-unparsed": { rules: ["jumpcloud.patch-2xx", "entra.group-patch-2xx"] },
  // Okta quirks (harness/idp/okta/EVIDENCE.md): no dossier bug id, so their scenarios are listed.
  "paging-strings": {
    rules: ["okta.paging-integers"],
    scenarios: ["okta/o1-test-api-credentials", "okta/o2-import-paging", "okta/o12-group-import-paging"],
  },
  "paging-restarts": {
    rules: ["okta.import-stable-order"],
    scenarios: ["okta/o2-import-paging", "okta/o12-group-import-paging"],
  },
  "get-user-as-list": { rules: ["okta.get-user-resource"], scenarios: ["okta/o6-get-before-put"] },
  "password-rejected": {
    rules: ["okta.password-accepted"],
    scenarios: ["okta/o3-create-user", "okta/o10-lost-group-push"],
  },
  "last-modified-frozen": STATEFUL,
  "created-moves": STATEFUL,
  "version-frozen": STATEFUL,
  "location-collection-url": STATEFUL,
  "resource-type-plural": STATEFUL,
  "password-returned": STATEFUL,
  "active-returned-as-string": STATEFUL,
  "username-not-returned": STATEFUL,
  "readonly-displayname-writable": STATEFUL,
  "user-groups-stale": STATEFUL,
  "deleted-still-listed": STATEFUL,
  "projection-ignored": STATEFUL,
  "latency-fixed": {
    rules: ["entra.response-within-60s"],
    spec: "latency-fixed=1200",
    afterDiscovery: true,
    timeoutMs: 600,
    scenarios: ["entra/e1-test-connection"],
  },
  "latency-random": {
    rules: ["entra.response-within-60s"],
    spec: "latency-random=1100-1300",
    afterDiscovery: true,
    timeoutMs: 600,
    scenarios: ["entra/e1-test-connection"],
  },
  "error-5xx-rate": {
    rules: ["http.not-server-error"],
    spec: "error-5xx-rate=1",
    afterDiscovery: true,
    scenarios: ["jumpcloud/jc1-activation", "entra/e1-test-connection"],
  },
  "reset-rate": {
    rules: ["transport.answered"],
    spec: "reset-rate=1",
    afterDiscovery: true,
    scenarios: ["jumpcloud/jc1-activation"],
  },
  hang: {
    rules: ["entra.response-within-60s"],
    spec: "hang=/Users",
    timeoutMs: 600,
    scenarios: ["entra/e1-test-connection"],
  },
};

/** Servers broken by hand for behaviour no catalogued quirk touches. */
export const HAND_BROKEN: { quirk: Quirk; scenarios: string[]; rules: string[] }[] = [
  {
    // An SP that answers 403 to an expired token: Entra logs InsufficientRights instead of quarantining
    // ([S8] vs [S4]), and Okta's token-renewal path ([O10]) starts from a 401, so the token scenarios'
    // quarantine expectations must fail.
    quirk: defineQuirk({
      id: "expired-token-403",
      title: "An expired or unknown token gets 403 instead of 401",
      bugIds: [],
      sources: ["[S4]", "[S8]"],
      description: "Every 401 answer becomes a 403 with a SCIM error body.",
      hooks: {
        onResponse: (_ctx, response) =>
          response.status === 401 ? scimErrorResponse(403, undefined, "Forbidden") : response,
      },
    }),
    scenarios: [
      "entra/e9-token-expiry",
      "cinode/c4-entra-token-expiry",
      "cinode/c6-jumpcloud-token-update",
      "tokens/t1-entra-expiry-mid-group-sync",
      "tokens/t2-jumpcloud-token-update",
      "tokens/t3-okta-token-renewed",
    ],
    rules: ["scenario.expect.quarantine"],
  },
];

/** Scenario files no quirk or hand-broken server can make fail (at error), with the reason. */
export const COVERAGE_EXCEPTIONS: Record<string, string> = {
  "regressions/b20-route-case":
    "reports at warning only (grade-D evidence; a 404 on /users is RFC-correct): case-sensitive-routes " +
    "catches it with --fail-on warning, proven by its quirk entry above",
};
