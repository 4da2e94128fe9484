/**
 * The `cinode` profile, from the seed documents:
 * - 000_cb5c4ad074af22b2.txt: Microsoft Entra ID → Cinode tutorial (token with audience and expiry date,
 *   user and group attribute mappings);
 * - 001_27f811c42c81d55f.txt: Cinode's own help article (phone, employee number, employment start date,
 *   security groups → teams, token expiry);
 * - 002_5a1e1fb21a87ca48.txt: JumpCloud → Cinode (tenant base URL, group deletion and disassociation
 *   deactivate members that are in no other managed group).
 */
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  restrictSchema,
} from "../../harness/scim/schemas.ts";
import type { SchemaDefinition } from "../../harness/scim/schema-types.ts";
import type { AppProfile, ProfileOptions } from "./app-profile.ts";

/** Seed 000 step 2.4 and seed 002: "select 'https://api.cinode.app/scim/v2' as Audience". */
export const CINODE_AUDIENCE = "https://api.cinode.app/scim/v2";

/** Used when no tenant id is given. */
export const CINODE_DEFAULT_TENANT = "demo-tenant";

/**
 * Own call: seed 001 maps Entra's `employmentStartDate` (String) without naming its schema, and neither
 * RFC 7643 schema has it, so the fake publishes it in an extension with this URN.
 */
export const CINODE_USER_EXTENSION = "urn:ietf:params:scim:schemas:extension:cinode:2.0:User";

const CINODE_EXTENSION_SCHEMA: SchemaDefinition = {
  id: CINODE_USER_EXTENSION,
  name: "CinodeUser",
  description: "Cinode user attributes outside RFC 7643 (seed 001).",
  attributes: [
    {
      name: "employmentStartDate",
      type: "string",
      multiValued: false,
      description: "Employment start date, as mapped from Entra ID (seed 001: employmentStartDate, String).",
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
    },
  ],
};

/** Creates the cinode profile for a tenant. */
export function cinodeProfile(options: ProfileOptions = {}): AppProfile {
  const tenantId = options.tenantId ?? CINODE_DEFAULT_TENANT;
  if (!/^[A-Za-z0-9._~-]+$/.test(tenantId))
    throw new TypeError(`cinode: tenant id "${tenantId}" is not a path segment`);
  return {
    name: "cinode",
    title: "Cinode: tenant base path, audience-bound expiring tokens, teams, member deactivation",
    sources: [
      "seeds/000_cb5c4ad074af22b2.txt",
      "seeds/001_27f811c42c81d55f.txt",
      "seeds/002_5a1e1fb21a87ca48.txt",
    ],
    // Seed 002: "For tenant endpoints: https://api.cinode.com/scim/tenants/<YOUR_TENANT_ID>/v2".
    basePath: `/scim/tenants/${tenantId}/v2`,
    userType: {
      name: "User",
      endpoint: "/Users",
      description: "Cinode user",
      // Seed 000 step 5.9 and seed 001 "Mapping attributes": userName, name.givenName, name.familyName,
      // externalId (common attribute), active, title, addresses[type eq "work"].locality,
      // phoneNumbers[type eq "work"].value; seed 002 maps JumpCloud's work city to addresses.formatted.
      core: restrictSchema(USER_SCHEMA, [
        "userName",
        "name.givenName",
        "name.familyName",
        "active",
        "title",
        "addresses",
        "phoneNumbers",
        // readOnly, derived from team memberships (RFC 7643 §4.1.2).
        "groups",
      ]),
      extensions: [
        // Seed 001: employeeNumber → "employmentNumber".
        { schema: restrictSchema(ENTERPRISE_USER_SCHEMA, ["employeeNumber"]), required: false },
        { schema: CINODE_EXTENSION_SCHEMA, required: false },
      ],
    },
    groupType: {
      // Seed 001: "When Security groups are synced to Cinode, they will end up as new teams".
      name: "Group",
      endpoint: "/Groups",
      description: "Cinode team",
      // Seed 000 step 5.11 / seed 001: displayName, externalId, members.
      core: restrictSchema(GROUP_SCHEMA, ["displayName", "members"], { displayName: { required: true } }),
      extensions: [],
    },
    audience: CINODE_AUDIENCE,
    // Seed 001 step 2.4: "Enter an appropriate name and expiry date. For example, one year ahead."
    tokenLifetimeMs: 365 * 24 * 60 * 60 * 1000,
    // Own call: seed 002 says JumpCloud "takes over management of existing groups … when the user group
    // name … matches the name of the group in the application"; two teams with one name would make that
    // takeover ambiguous, so team names are unique here.
    groupDisplayNameUnique: true,
    patchStatus: { User: 200, Group: 204 },
    maxResults: 200,
    documentationUri: "https://help.cinode.com/",
    onMembershipLoss(context) {
      // Seed 002, "Group Deletion": "All members of the deleted group are deactivated in the application,
      // unless they are associated with another active application group". Seed 002, "Group Provisioning and
      // Syncing": on disassociation "All members of that user group are deactivated … unless they are
      // associated with another active application group". A disassociation is invisible on the wire, so
      // the fake applies the rule when members are removed from a team (the closest observable event).
      for (const userId of context.userIds) {
        if (!context.isInAnyGroup(userId)) context.deactivateUser(userId);
      }
    },
  };
}
