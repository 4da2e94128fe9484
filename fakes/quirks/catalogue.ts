/**
 * The quirk catalogue: every named quirk `--quirks` and `createFakeServiceProvider({ quirks })` accept.
 * Add a quirk by writing it with `defineQuirk` in its own file and listing it in `QUIRKS`.
 */
import { activeStringIgnored } from "./active-string-ignored.ts";
import { activeStringRejected } from "./active-string-rejected.ts";
import { addActiveRejected } from "./add-active-rejected.ts";
import { capitalisedOpIgnored } from "./capitalised-op-ignored.ts";
import { capitalisedOpRejected } from "./capitalised-op-rejected.ts";
import { caseSensitiveRoutes } from "./case-sensitive-routes.ts";
import { concurrentPatchLosesMembers } from "./concurrent-patch-loses-members.ts";
import { conflictAs400 } from "./conflict-as-400.ts";
import { conflictWithoutScimType } from "./conflict-without-scimtype.ts";
import { disableConflict409 } from "./disable-conflict-409.ts";
import { dottedKeysIgnored } from "./dotted-keys-ignored.ts";
import { error5xxRate } from "./error-5xx-rate.ts";
import { filterMiss404 } from "./filter-miss-404.ts";
import { filterMissEmptyBody } from "./filter-miss-empty-body.ts";
import { filteredReplaceAppends } from "./filtered-replace-appends.ts";
import { filteredReplaceNoTarget } from "./filtered-replace-no-target.ts";
import { filteredReplaceUpserts } from "./filtered-replace-upserts.ts";
import { serviceProviderConfigProtected } from "./service-provider-config-protected.ts";
import { repeatedEmailsKept } from "./repeated-emails-kept.ts";
import { groupReplaceEmptiesMembers } from "./group-replace-empties-members.ts";
import { hang } from "./hang.ts";
import { getUserAsList } from "./get-user-as-list.ts";
import { pagingRestarts } from "./paging-restarts.ts";
import { pagingStrings } from "./paging-strings.ts";
import { passwordRejected } from "./password-rejected.ts";
import { jsonContentType } from "./json-content-type.ts";
import { latencyFixed } from "./latency-fixed.ts";
import { latencyRandom } from "./latency-random.ts";
import { lowercaseOpRejected } from "./lowercase-op-rejected.ts";
import { managerFilterRejected } from "./manager-filter-rejected.ts";
import { managerReturnedAsString } from "./manager-returned-as-string.ts";
import { managerStringRejected } from "./manager-string-rejected.ts";
import { membersAddReplaces } from "./members-add-replaces.ts";
import { membersFilterUnparsed } from "./members-filter-unparsed.ts";
import { membersRemoveValueRejected } from "./members-remove-value-rejected.ts";
import { membersRemoveWipesGroup } from "./members-remove-wipes-group.ts";
import { noUserAgent403 } from "./no-user-agent-403.ts";
import { patchActiveOnly } from "./patch-active-only.ts";
import { pendingInviteInactive } from "./pending-invite-inactive.ts";
import { prototypePollutionSimulated } from "./prototype-pollution-simulated.ts";
import { putMerges } from "./put-merges.ts";
import { putNotImplemented } from "./put-not-implemented.ts";
import { rateLimit429 } from "./rate-limit-429.ts";
import { resetAfterCommit } from "./reset-after-commit.ts";
import { resetRate } from "./reset-rate.ts";
import { scimJson415 } from "./scim-json-415.ts";
import { slowAfterCommit } from "./slow-after-commit.ts";
import { strictJsonTypes } from "./strict-json-types.ts";
import { activeReturnedAsString } from "./active-returned-as-string.ts";
import { createdMoves } from "./created-moves.ts";
import { deletedStillListed } from "./deleted-still-listed.ts";
import { lastModifiedFrozen } from "./last-modified-frozen.ts";
import { locationCollectionUrl } from "./location-collection-url.ts";
import { passwordReturned } from "./password-returned.ts";
import { projectionIgnored } from "./projection-ignored.ts";
import { readonlyDisplayNameWritable } from "./readonly-displayname-writable.ts";
import { resourceTypePlural } from "./resource-type-plural.ts";
import { userGroupsStale } from "./user-groups-stale.ts";
import { userNameNotReturned } from "./username-not-returned.ts";
import { versionFrozen } from "./version-frozen.ts";
import { authErrorNotScim } from "./auth-error-not-scim.ts";
import { badInput500 } from "./bad-input-500.ts";
import { countZeroIgnored } from "./count-zero-ignored.ts";
import { displayNameReadOnly } from "./displayname-readonly.ts";
import { expiredToken403 } from "./expired-token-403.ts";
import { expiredTokenAccepted } from "./expired-token-accepted.ts";
import { filterEqOnly } from "./filter-eq-only.ts";
import { itemsPerPageCount } from "./items-per-page-count.ts";
import { projectionDropsSchemas } from "./projection-drops-schemas.ts";
import { refusedRequestCarriedOut } from "./refused-request-carried-out.ts";
import { tooMany500 } from "./too-many-500.ts";
import { uniqueEmails } from "./unique-emails.ts";
import { uniqueGroupNames } from "./unique-group-names.ts";
import { usernameLowercased } from "./username-lowercased.ts";
import { usernameUnprepared } from "./username-unprepared.ts";
import { configureQuirk } from "./quirk.ts";
import type { Quirk } from "./quirk.ts";

/** All catalogued quirks, in README order: by bug id (B1–B25), then the generic faults. */
export const QUIRKS: readonly Quirk[] = Object.freeze([
  activeStringIgnored,
  activeStringRejected,
  capitalisedOpRejected,
  capitalisedOpIgnored,
  lowercaseOpRejected,
  addActiveRejected,
  membersRemoveWipesGroup,
  membersRemoveValueRejected,
  dottedKeysIgnored,
  groupReplaceEmptiesMembers,
  membersAddReplaces,
  concurrentPatchLosesMembers,
  filterMiss404,
  filterMissEmptyBody,
  filteredReplaceAppends,
  filteredReplaceNoTarget,
  managerStringRejected,
  managerFilterRejected,
  managerReturnedAsString,
  noUserAgent403,
  slowAfterCommit,
  resetAfterCommit,
  conflictWithoutScimType,
  conflictAs400,
  putNotImplemented,
  putMerges,
  strictJsonTypes,
  prototypePollutionSimulated,
  pendingInviteInactive,
  caseSensitiveRoutes,
  jsonContentType,
  scimJson415,
  patchActiveOnly,
  disableConflict409,
  rateLimit429,
  membersFilterUnparsed,
  // Okta (harness/idp/okta/EVIDENCE.md), no dossier bug id.
  pagingStrings,
  pagingRestarts,
  getUserAsList,
  passwordRejected,
  // RFC 7643/7644 invariants the stateful property checks (contracts/properties/stateful-invariants.ts).
  lastModifiedFrozen,
  createdMoves,
  versionFrozen,
  locationCollectionUrl,
  resourceTypePlural,
  passwordReturned,
  activeReturnedAsString,
  userNameNotReturned,
  readonlyDisplayNameWritable,
  userGroupsStale,
  deletedStillListed,
  projectionIgnored,
  latencyFixed,
  latencyRandom,
  error5xxRate,
  resetRate,
  hang,
  // Credentials, errors and constraints of the whole gate (issue 15): no dossier bug id.
  expiredTokenAccepted,
  expiredToken403,
  refusedRequestCarriedOut,
  authErrorNotScim,
  badInput500,
  tooMany500,
  itemsPerPageCount,
  projectionDropsSchemas,
  countZeroIgnored,
  uniqueEmails,
  uniqueGroupNames,
  usernameLowercased,
  usernameUnprepared,
  filteredReplaceUpserts,
  serviceProviderConfigProtected,
  repeatedEmailsKept,
  // RFC-correct traits: the gate must stay green on them.
  filterEqOnly,
  displayNameReadOnly,
]);

/** The catalogued quirk ids. */
export function quirkIds(): string[] {
  return QUIRKS.map((q) => q.id);
}

/**
 * A quirk by id; `id=option` configures a parameterised quirk. Unknown ids throw a `TypeError` that lists
 * the valid ones.
 */
export function getQuirk(spec: string): Quirk {
  const trimmed = spec.trim();
  const separator = trimmed.indexOf("=");
  const id = separator === -1 ? trimmed : trimmed.slice(0, separator);
  const quirk = QUIRKS.find((q) => q.id === id);
  if (quirk === undefined) {
    throw new TypeError(`unknown quirk "${id}"; valid quirks: ${quirkIds().join(", ")}`);
  }
  return separator === -1 ? quirk : configureQuirk(quirk, trimmed.slice(separator + 1));
}

/** Resolves a mix of ids and quirk objects; duplicate ids throw. */
export function resolveQuirks(quirks: readonly (string | Quirk)[]): Quirk[] {
  const resolved = quirks.map((q) => (typeof q === "string" ? getQuirk(q) : q));
  const ids = resolved.map((q) => q.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw new TypeError(`quirk "${duplicate}" is listed twice`);
  return resolved;
}
