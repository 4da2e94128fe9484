/**
 * The `generic` profile: full RFC 7643/7644 behaviour with Users, Groups and the enterprise User extension.
 */
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import type { AppProfile, ProfileOptions } from "./app-profile.ts";
import { TYPED_EXTENSION_SCHEMA } from "./typed-extension.ts";

/** Creates the generic profile; `typedExtension` adds the typed User extension (opt-in). */
export function genericProfile(options: ProfileOptions = {}): AppProfile {
  const userType =
    options.typedExtension === true
      ? {
          ...USER_RESOURCE_TYPE,
          extensions: [...USER_RESOURCE_TYPE.extensions, { schema: TYPED_EXTENSION_SCHEMA, required: false }],
        }
      : USER_RESOURCE_TYPE;
  return {
    name: "generic",
    title: "Full RFC 7643/7644: Users, Groups, EnterpriseUser",
    sources: ["RFC 7643", "RFC 7644"],
    basePath: "/scim/v2",
    userType,
    groupType: GROUP_RESOURCE_TYPE,
    // RFC 7643 §4.2: displayName has uniqueness "none".
    groupDisplayNameUnique: false,
    // Entra: "Group PATCH answers 204 (recommended)" [S1], idp-behaviour §1.8.
    patchStatus: { User: 200, Group: 204 },
    maxResults: 200,
  };
}
