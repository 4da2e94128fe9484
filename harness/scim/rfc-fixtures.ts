/**
 * Deep-frozen copies of the RFC 7643 §8.2 (full User), §8.3 (enterprise User) and §8.4 (Group) examples
 * typed by hand in `rfc7643-examples.fixtures.ts`, plus small helpers for tests of filters and PATCH.
 * Frozen, so that any write by the code under test throws.
 */
import { rfcEnterpriseUser, rfcFullUser, rfcGroup } from "./rfc7643-examples.fixtures.ts";
import { applyPatch, type PatchMode, type PatchResult } from "./patch-apply.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas.ts";
import { isScimError } from "./scim-error.ts";

/** Freezes an object graph in place and returns it (tests use it to prove inputs are not mutated). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Babs Jensen, the RFC examples' user; James Smith and Mandy Pepperidge appear in RFC 7644 §3.5.2 and §8.4. */
export const BJENSEN_ID = "2819c223-7f76-453a-919d-413861904646";
export const JAMES_ID = "08e1d05d-121c-4561-8b96-473d93df9210";
export const MANDY_ID = "902c246b-6245-4190-8e05-00816be7344a";

/** RFC 7643 §8.2 "Full User Representation". */
export const RFC_FULL_USER: Readonly<Record<string, unknown>> = deepFreeze(rfcFullUser());

/** RFC 7643 §8.3 "Enterprise User Extension Representation": the §8.2 user plus the extension. */
export const RFC_ENTERPRISE_USER: Readonly<Record<string, unknown>> = deepFreeze(rfcEnterpriseUser());

/** RFC 7643 §8.4 "Group Representation". */
export const RFC_GROUP: Readonly<Record<string, unknown>> = deepFreeze(rfcGroup());

/** A deep-frozen PATCH request body (RFC 7644 §3.5.2) with these operations. */
export function patchBody(...operations: unknown[]): Readonly<Record<string, unknown>> {
  return deepFreeze({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations });
}

/** `"400 invalidPath"` for a thrown ScimError, `"no error"` when `run` returns, otherwise a description. */
export function scimErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isScimError(error) ? `${error.status} ${error.scimType}` : `not a ScimError: ${String(error)}`;
  }
  return "no error";
}

type Resource = Readonly<Record<string, unknown>>;

/** Applies these operations to a user in the default (strict) mode. */
export const patchUser = (resource: Resource, ...ops: unknown[]): PatchResult =>
  applyPatch(resource, patchBody(...ops), USER_RESOURCE_TYPE);

/** Applies these operations to a group in the default (strict) mode. */
export const patchGroup = (resource: Resource, ...ops: unknown[]): PatchResult =>
  applyPatch(resource, patchBody(...ops), GROUP_RESOURCE_TYPE);

/** `scimErrorOf` for one PATCH request (default: a user, strict mode). */
export const patchErrorOf = (
  resource: Resource,
  request: unknown,
  type: ResourceTypeSchemas = USER_RESOURCE_TYPE,
  mode: PatchMode = "strict",
): string => scimErrorOf(() => applyPatch(resource, request, type, { mode }));
