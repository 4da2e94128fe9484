/**
 * Public barrel of the reference fake SCIM service provider (`fakes/`). Import from here, not from files.
 */
export { createFakeServiceProvider } from "./create-fake-service-provider.ts";
export type {
  FakeServiceProvider,
  FakeServiceProviderOptions,
  ListeningFake,
} from "./create-fake-service-provider.ts";
export { createFakeClock, createOffsetClock, isAdjustableClock, systemClock } from "./clock.ts";
export type { AdjustableClock, Clock } from "./clock.ts";
export { createTokenRegistry } from "./auth/token-registry.ts";
export type {
  AuthFailure,
  AuthResult,
  IssueTokenOptions,
  TokenRecord,
  TokenRegistry,
} from "./auth/token-registry.ts";
export { createMemoryStore, etagOf, memberValues } from "./store/memory-store.ts";
export type { DeleteResult, MemoryStore, MemoryStoreOptions, StoredType } from "./store/memory-store.ts";
export {
  SCIM_CONTENT_TYPE,
  emptyResponse,
  errorResponse,
  scimErrorResponse,
  scimJson,
} from "./core/scim-exchange.ts";
export type { ScimRequest, ScimResponse } from "./core/scim-exchange.ts";
export type { PatchMode } from "./core/fake-runtime.ts";
export { PROFILES, PROFILE_NAMES, resolveProfile } from "./profiles/profiles.ts";
export { genericProfile } from "./profiles/generic-profile.ts";
export { TYPED_USER_EXTENSION } from "./profiles/typed-extension.ts";
export {
  CINODE_AUDIENCE,
  CINODE_DEFAULT_TENANT,
  CINODE_USER_EXTENSION,
  cinodeProfile,
} from "./profiles/cinode-profile.ts";
export { assertCerbyUser, cerbyProfile } from "./profiles/cerby-profile.ts";
export { kintoneProfile } from "./profiles/kintone-profile.ts";
export { profileResourceTypes } from "./profiles/app-profile.ts";
export type {
  AppProfile,
  MembershipLossContext,
  ProfileName,
  ProfileOptions,
} from "./profiles/app-profile.ts";
export { configureQuirk, defineQuirk } from "./quirks/quirk.ts";
export type {
  CommitChange,
  MaybePromise,
  PatchOperation,
  Quirk,
  QuirkContext,
  QuirkDefinition,
  QuirkHooks,
  RouteMatch,
  ScimOperation,
} from "./quirks/quirk.ts";
export { QUIRKS, getQuirk, quirkIds, resolveQuirks } from "./quirks/catalogue.ts";
export { activeStringIgnored } from "./quirks/active-string-ignored.ts";
export { filterMiss404 } from "./quirks/filter-miss-404.ts";
export { membersRemoveWipesGroup } from "./quirks/members-remove-wipes-group.ts";
export { createScimHandlers, scimHandlers } from "./msw/scim-handlers.ts";
export type { ScimHandlersOptions, ScimHandlersResult } from "./msw/scim-handlers.ts";
