/**
 * App profiles: the fake SP's shape for one real application (base path, schemas, token rules, response
 * choices), as data plus small hooks. `generic` is full RFC 7643/7644; the others follow the seed
 * documents in ../shared/seeds/.
 */
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";

/** What a membership-loss hook can see and do. */
export interface MembershipLossContext {
  /** Why members lost a group. */
  reason: "group-deleted" | "members-removed";
  groupId: string;
  /** Ids of the users (not groups) that left the group. */
  userIds: readonly string[];
  /** True when the user is still a direct member of some group. */
  isInAnyGroup(userId: string): boolean;
  /** Sets `active: false` on a user (no-op if already inactive or gone). */
  deactivateUser(userId: string): void;
}

/** One application's behaviour. */
export interface AppProfile {
  /** Profile id, e.g. "cinode". */
  name: string;
  /** One line for `--help` and the README. */
  title: string;
  /** Seed files and other evidence the profile is built from. */
  sources: readonly string[];
  /** Base path of the SCIM endpoints, e.g. "/scim/v2" (no trailing slash). */
  basePath: string;
  /** The User resource type (restricted schemas for app profiles). */
  userType: ResourceTypeSchemas;
  /** The Group resource type; absent when the app has no groups (`/Groups` → 404). */
  groupType?: ResourceTypeSchemas;
  /** Audience every token must carry (Cinode); tokens for another audience get 401. */
  audience?: string;
  /** Lifetime of the primary token in ms; absent → it never expires. */
  tokenLifetimeMs?: number;
  /** 409 `uniqueness` on a second group with the same displayName (RFC 7643 §4.2 says none). */
  groupDisplayNameUnique: boolean;
  /**
   * PATCH success status per resource type when the request has no `attributes`/`excludedAttributes`
   * (RFC 7644 §3.5.2 allows 200 with the resource or 204). Entra: user 200 or 204, group 204 [S1].
   */
  patchStatus: { User: 200 | 204; Group: 200 | 204 };
  /** `filter.maxResults` of /ServiceProviderConfig, and the page size when `count` is absent. */
  maxResults: number;
  documentationUri?: string;
  /**
   * App rules checked on every resource about to be stored (POST, PUT, PATCH result), before the schema
   * validation; throw `ScimError(400, "invalidValue", …)` naming the attribute.
   */
  validate?(resource: JsonObject, resourceType: string): void;
  /** Called after users left a group (group deleted, or members removed by PATCH/PUT). */
  onMembershipLoss?(context: MembershipLossContext): void;
}

/** The built-in profile names. */
export type ProfileName = "generic" | "cinode" | "cerby" | "kintone";

/** Options the built-in profile factories take. */
export interface ProfileOptions {
  /** Cinode tenant id in `/scim/tenants/{tenantId}/v2` (default "demo-tenant"). */
  tenantId?: string;
  /** `generic` only: also declare the typed User extension (typed-extension.ts). Default false. */
  typedExtension?: boolean;
}

/** The resource types a profile serves, User first. */
export function profileResourceTypes(profile: AppProfile): ResourceTypeSchemas[] {
  return profile.groupType === undefined ? [profile.userType] : [profile.userType, profile.groupType];
}
