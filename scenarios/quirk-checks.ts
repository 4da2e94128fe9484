/**
 * The expected failures of the scenario library and the contract suite, by quirk: for each catalogued quirk
 * of the fake SP, the rule ids a scenario tagged with its bug (or a listed scenario or contract check) must
 * fail with (written by hand from a run against each quirk), plus servers broken by hand for behaviour no
 * quirk touches. Read by `library.test.ts` and the README table generator.
 */
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
  /**
   * Contract checks (ids or globs) run against the quirk: a finding of theirs with one of `rules` catches
   * it, and none of them may fail at error with another rule (nothing unrelated). On the clean fake they pass.
   */
  checks?: string[];
  /** Every one of `rules` must be caught, not one of them (a quirk that breaks several classes at once). */
  every?: true;
  /** `filter.maxResults` of the fake for the checks (default the profile's 200). */
  maxResults?: number;
  /**
   * An RFC-correct trait (`rules` empty): the checks fail nothing at error, and these are not applicable
   * with a reason that names the trait.
   */
  notApplicable?: { checks: string[]; reason: RegExp };
}

const USER_PATCH = "entra.user-patch-2xx";
/** The scenarios that expire or rotate the token the IdP holds (quarantine expected on 401, [S4]). */
const TOKEN_SCENARIOS = [
  "entra/e9-token-expiry",
  "cinode/c4-entra-token-expiry",
  "cinode/c6-jumpcloud-token-update",
  "tokens/t1-entra-expiry-mid-group-sync",
  "tokens/t2-jumpcloud-token-update",
  "tokens/t3-okta-token-renewed",
];
const EXPIRED_401 = "rfc7644.auth.expired-token-401";
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
  // The whole gate (issue 15): credentials a target must refuse, errors the RFC defines, IdP constraints.
  "expired-token-accepted": {
    rules: ["scenario.expect.quarantine", EXPIRED_401, "rfc7644.auth.refused-credential-no-change"],
    scenarios: TOKEN_SCENARIOS,
    checks: ["rfc7644.auth.*"],
  },
  // A 403 to an expired token: Entra logs InsufficientRights instead of quarantining ([S8] vs [S4]).
  "expired-token-403": {
    rules: [
      "scenario.expect.quarantine",
      EXPIRED_401,
      "rfc7644.auth.no-token-401",
      "rfc7644.auth.wrong-token-401",
    ],
    scenarios: TOKEN_SCENARIOS,
    checks: ["rfc7644.auth.*"],
  },
  // 401 after the write: the refusal is right, the change is not (Entra quarantines and believes it [S4]).
  "refused-request-carried-out": {
    rules: ["rfc7644.auth.refused-credential-no-change"],
    checks: ["rfc7644.auth.*"],
  },
  "auth-error-not-scim": {
    rules: [EXPIRED_401, "rfc7644.auth.no-token-401", "rfc7644.auth.wrong-token-401"],
    checks: ["rfc7644.auth.*"],
  },
  "bad-input-500": {
    rules: [
      "rfc7644.error.patch-invalid-path",
      "rfc7644.error.invalid-syntax-json",
      "rfc7644.error.patch-without-schema",
      "rfc7644.error.mutability",
      "rfc7644.error.invalid-value-type",
      "rfc7644.filter.invalid-filter-400",
      "rfc7644.patch.remove-without-path-400",
      "rfc7644.create.uniqueness-409",
      "rfc7644.error.unsupported-media-type",
      "rfc7644.error.unknown-endpoint-404",
    ],
    checks: [
      "rfc7644.error.*",
      "rfc7644.filter.invalid-filter-400",
      "rfc7644.patch.remove-without-path-400",
      "rfc7644.create.uniqueness-409",
    ],
    every: true,
  },
  "too-many-500": {
    rules: ["rfc7644.error.filter-too-many"],
    checks: ["rfc7644.error.filter-too-many"],
    maxResults: 4,
  },
  "items-per-page-count": {
    rules: ["rfc7644.list.items-per-page-under-count"],
    checks: ["rfc7644.list.*"],
  },
  // RFC 7643 §3 "schemas" REQUIRED, but the projection check is a SHOULD: a warning.
  "projection-drops-schemas": {
    rules: ["rfc7643.resource.schemas-in-projection"],
    checks: ["rfc7643.resource.schemas-in-projection", "rfc7644.attributes.*"],
    warning: true,
  },
  "count-zero-ignored": { rules: ["rfc7644.list.count-zero"], checks: ["rfc7644.list.*"] },
  // Constraints the RFC does not have: inferred IdP impact, warnings (contracts/checks/constraint-checks.ts).
  "unique-emails": { rules: ["idp.emails-shared"], checks: ["idp.*", "rfc7644.create.*"], warning: true },
  "unique-group-names": {
    rules: ["idp.group-displayName-shared"],
    checks: ["idp.*", "rfc7644.create.*"],
    warning: true,
  },
  "username-lowercased": {
    rules: ["idp.userName-capitals-kept"],
    checks: ["idp.*", "rfc7644.create.*"],
    warning: true,
  },
  // RFC 7644 §5, §7.8: userNames compared without PRECIS preparation (contracts/checks/precis-checks.ts).
  "username-unprepared": {
    rules: ["rfc7644.user.userName-unique-prepared", "rfc7644.filter.userName-prepared"],
    checks: ["rfc7644.user.*", "rfc7644.filter.*", "rfc7644.create.*", "rfc7643.user.*"],
    every: true,
  },
  // RFC 7644 §3.5.2.3: noTarget where values are present and none matches (the clean fake adds only where
  // the attribute has no value, as Entra needs [C14]).
  "filtered-replace-upserts": {
    rules: ["rfc7644.patch.filtered-replace-no-match-400"],
    checks: ["rfc7644.patch.*"],
  },
  // RFC 7643 §5 SHOULD (a warning): the auth and discovery checks run too, and fail nothing else.
  "service-provider-config-protected": {
    rules: ["rfc7643.discovery.authentication-schemes-public"],
    checks: ["rfc7643.discovery.*", "rfc7644.discovery.*", "rfc7644.auth.*", "rfc7644.http.*"],
    warning: true,
  },
  // RFC 7643 §2.4 SHOULD NOT (a warning).
  "repeated-emails-kept": {
    rules: ["rfc7643.multi-valued.pair-not-repeated"],
    checks: ["rfc7643.multi-valued.*", "rfc7644.create.*", "rfc7644.patch.*"],
    warning: true,
  },
  // RFC-correct traits: the whole contract suite fails nothing at error on them.
  "filter-eq-only": {
    rules: [],
    checks: ["*"],
    notApplicable: {
      checks: ["rfc7644.filter.ne", "rfc7644.filter.co", "rfc7644.filter.pr", "rfc7644.filter.not"],
      reason: /declines .* with 400 invalidFilter, which RFC 7644 §3\.12 allows/,
    },
  },
  "displayname-readonly": { rules: ["idp.displayName-writable"], checks: ["*"], warning: true },
};

/** Servers broken by hand for behaviour no catalogued quirk touches. */
export const HAND_BROKEN: { quirk: Quirk; scenarios: string[]; rules: string[] }[] = [];

/** Scenario files no quirk or hand-broken server can make fail (at error), with the reason. */
export const COVERAGE_EXCEPTIONS: Record<string, string> = {
  "regressions/b20-route-case":
    "reports at warning only (grade-D evidence; a 404 on /users is RFC-correct): case-sensitive-routes " +
    "catches it with --fail-on warning, proven by its quirk entry above",
};
