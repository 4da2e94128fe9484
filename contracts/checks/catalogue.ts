/**
 * The contract catalogue: every RFC 7643 / RFC 7644 requirement the suite checks, in run order. Ids are
 * stable (baselines and waivers key on them); `contracts/README.md` lists each with the test that proves
 * it can fail.
 */
import { AUTH_CHECKS } from "./auth-checks.ts";
import { BULK_CHECKS } from "./bulk-checks.ts";
import type { ContractCheck } from "./contract-check.ts";
import { CONSTRAINT_CHECKS } from "./constraint-checks.ts";
import { CREATE_CHECKS } from "./create-checks.ts";
import { DISCOVERY_CHECKS } from "./discovery-checks.ts";
import { ERROR_CHECKS } from "./error-checks.ts";
import { ALL_FILTER_CHECKS } from "./filter-checks.ts";
import { HTTP_CHECKS } from "./http-checks.ts";
import { LIFECYCLE_CHECKS } from "./lifecycle-checks.ts";
import { LIST_CHECKS } from "./list-checks.ts";
import { PROJECTION_CHECKS } from "./projection-checks.ts";
import { OPTIONAL_CHECKS } from "./optional-checks.ts";
import { PATCH_CHECKS } from "./patch-checks.ts";
import { PATCH_RULE_CHECKS } from "./patch-group-checks.ts";
import { PRECIS_CHECKS } from "./precis-checks.ts";
import { REQUIREMENT_FILTER_CHECKS } from "./requirement-checks-filter.ts";
import { REQUIREMENT_LIFECYCLE_CHECKS } from "./requirement-checks-lifecycle.ts";
import { REQUIREMENT_RESOURCE_CHECKS } from "./requirement-checks-resource.ts";
import { QUERY_FEATURE_CHECKS } from "./query-feature-checks.ts";
import { REQUEST_RULE_CHECKS } from "./request-rule-checks.ts";
import { RESOURCE_VALUE_CHECKS } from "./resource-value-checks.ts";
import { SCHEMA_DEFINITION_CHECKS } from "./schema-definition-checks.ts";

/** Every contract check, in run order. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = Object.freeze([
  ...DISCOVERY_CHECKS,
  ...HTTP_CHECKS,
  ...AUTH_CHECKS,
  ...CREATE_CHECKS,
  ...LIFECYCLE_CHECKS,
  ...REQUIREMENT_LIFECYCLE_CHECKS,
  ...LIST_CHECKS,
  ...REQUIREMENT_RESOURCE_CHECKS,
  ...PROJECTION_CHECKS,
  ...ALL_FILTER_CHECKS,
  ...REQUIREMENT_FILTER_CHECKS,
  ...PATCH_CHECKS,
  ...PATCH_RULE_CHECKS,
  ...OPTIONAL_CHECKS,
  ...ERROR_CHECKS,
  ...CONSTRAINT_CHECKS,
  ...SCHEMA_DEFINITION_CHECKS,
  ...RESOURCE_VALUE_CHECKS,
  ...REQUEST_RULE_CHECKS,
  ...QUERY_FEATURE_CHECKS,
  ...PRECIS_CHECKS,
  ...BULK_CHECKS,
]);
