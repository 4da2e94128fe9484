/**
 * The `kintone` profile, from seed 004_341468dbe708f790.txt (Azure AD → Kintone): users only; userName is
 * the one required attribute; active, displayName, emails[type eq "work"].value, name.givenName,
 * name.familyName and externalId are supported.
 */
import { USER_SCHEMA, restrictSchema } from "../../harness/scim/schemas.ts";
import type { AppProfile } from "./app-profile.ts";

/** Creates the kintone profile. */
export function kintoneProfile(): AppProfile {
  return {
    name: "kintone",
    title: "Kintone: users only; userName required; active, displayName, emails, name, externalId",
    sources: ["seeds/004_341468dbe708f790.txt"],
    // Seed 004 leaves the tenant URL to Kintone support; the fake uses the common path.
    basePath: "/scim/v2",
    userType: {
      name: "User",
      endpoint: "/Users",
      description: "Kintone user",
      // Seed 004 step 5 attribute table (externalId is a common attribute, always accepted).
      core: restrictSchema(USER_SCHEMA, [
        "userName",
        "active",
        "displayName",
        "emails",
        "name.givenName",
        "name.familyName",
      ]),
      extensions: [],
    },
    groupDisplayNameUnique: false,
    patchStatus: { User: 200, Group: 204 },
    maxResults: 200,
  };
}
