/**
 * The `generic` profile: full RFC 7643/7644 behaviour with Users, Groups and the enterprise User extension.
 */
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import type { AppProfile } from "./app-profile.ts";

/** Creates the generic profile. */
export function genericProfile(): AppProfile {
  return {
    name: "generic",
    title: "Full RFC 7643/7644: Users, Groups, EnterpriseUser",
    sources: ["RFC 7643", "RFC 7644"],
    basePath: "/scim/v2",
    userType: USER_RESOURCE_TYPE,
    groupType: GROUP_RESOURCE_TYPE,
    // RFC 7643 §4.2: displayName has uniqueness "none".
    groupDisplayNameUnique: false,
    // Entra: "Group PATCH answers 204 (recommended)" [S1], idp-behaviour §1.8.
    patchStatus: { User: 200, Group: 204 },
    maxResults: 200,
  };
}
