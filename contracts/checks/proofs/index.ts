/** Every broken server of the contract proofs, one (at least) per catalogued check. */
import type { CheckProof } from "../../test-support/broken-target.ts";
import { BULK_PROOFS } from "./bulk.proofs.ts";
import { CONSTRAINT_PROOFS } from "./constraint.proofs.ts";
import { DISCOVERY_HTTP_PROOFS } from "./discovery-http.proofs.ts";
import { ERROR_PROOFS } from "./error.proofs.ts";
import { FILTER_PROOFS } from "./filter.proofs.ts";
import { PATCH_OPTIONAL_PROOFS } from "./patch-optional.proofs.ts";
import { PRECIS_PROOFS } from "./precis.proofs.ts";
import { REQUIREMENT_PROOFS } from "./requirement.proofs.ts";
import { REQUIREMENT_2_PROOFS } from "./requirement-2.proofs.ts";
import { RESOURCE_LIST_PROOFS } from "./resource-list.proofs.ts";

export {
  BULK_PROOFS,
  CONSTRAINT_PROOFS,
  DISCOVERY_HTTP_PROOFS,
  ERROR_PROOFS,
  FILTER_PROOFS,
  PATCH_OPTIONAL_PROOFS,
  PRECIS_PROOFS,
  REQUIREMENT_PROOFS,
  REQUIREMENT_2_PROOFS,
  RESOURCE_LIST_PROOFS,
};

/** All check proofs, in catalogue order of their tables. */
export const CHECK_PROOFS: readonly CheckProof[] = [
  ...DISCOVERY_HTTP_PROOFS,
  ...RESOURCE_LIST_PROOFS,
  ...FILTER_PROOFS,
  ...PATCH_OPTIONAL_PROOFS,
  ...ERROR_PROOFS,
  ...CONSTRAINT_PROOFS,
  ...REQUIREMENT_PROOFS,
  ...REQUIREMENT_2_PROOFS,
  ...BULK_PROOFS,
  ...PRECIS_PROOFS,
];
