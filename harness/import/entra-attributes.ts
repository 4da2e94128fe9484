/**
 * Modified-property names of Entra provisioning logs → scenario fixture fields. Logs name the Entra source
 * attribute (`userPrincipalName`, `surname`, `jobTitle`, …) or, in some exports, the SCIM target; both are
 * accepted. The pairs follow Microsoft's default mapping table (dossier §1.12 [S1]).
 */
import type { PiiKind } from "./pseudonymizer.ts";

/** Fixture fields an `updateUser` step can set. */
export type UserField =
  | "userName"
  | "externalId"
  | "givenName"
  | "familyName"
  | "displayName"
  | "email"
  | "title"
  | "department"
  | "employeeNumber"
  | "phone"
  | "mobile"
  | "locality";

/** What a modified property means for the scenario. */
export type AttributeRule =
  { field: UserField; pii?: PiiKind } | { field: "active"; invert: boolean } | { field: "manager" };

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:";

const RULES: Record<string, AttributeRule> = {
  userprincipalname: { field: "userName", pii: "address" },
  username: { field: "userName", pii: "address" },
  givenname: { field: "givenName", pii: "givenName" },
  "name.givenname": { field: "givenName", pii: "givenName" },
  surname: { field: "familyName", pii: "familyName" },
  "name.familyname": { field: "familyName", pii: "familyName" },
  displayname: { field: "displayName", pii: "displayName" },
  mail: { field: "email", pii: "address" },
  'emails[type eq "work"].value': { field: "email", pii: "address" },
  mailnickname: { field: "externalId", pii: "handle" },
  externalid: { field: "externalId", pii: "handle" },
  jobtitle: { field: "title" },
  title: { field: "title" },
  department: { field: "department" },
  [`${ENTERPRISE}department`]: { field: "department" },
  employeeid: { field: "employeeNumber", pii: "number" },
  [`${ENTERPRISE}employeenumber`]: { field: "employeeNumber", pii: "number" },
  telephonenumber: { field: "phone", pii: "phone" },
  'phonenumbers[type eq "work"].value': { field: "phone", pii: "phone" },
  mobile: { field: "mobile", pii: "phone" },
  'phonenumbers[type eq "mobile"].value': { field: "mobile", pii: "phone" },
  city: { field: "locality", pii: "locality" },
  'addresses[type eq "work"].locality': { field: "locality", pii: "locality" },
  accountenabled: { field: "active", invert: false },
  active: { field: "active", invert: false },
  // Default `active` expression: Switch([IsSoftDeleted], , "False", "True", "True", "False") [C9].
  issoftdeleted: { field: "active", invert: true },
  manager: { field: "manager" },
  [`${ENTERPRISE}manager`]: { field: "manager" },
};

/** The rule for a modified-property name (case-insensitive), or undefined when it maps to nothing. */
export function userAttributeRule(name: string): AttributeRule | undefined {
  return RULES[name.trim().toLowerCase()];
}

/** `True`/`true`/`1` → true, `False`/`false`/`0` → false, anything else undefined. */
export function parseBoolean(value: string | undefined): boolean | undefined {
  const v = (value ?? "").trim().replace(/^"|"$/g, "").toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  return undefined;
}

/**
 * SCIM attribute paths a state expectation can check for a changed field (the default mapping §1.12);
 * userName and e-mail are left out: the runner prefixes generated names per run.
 */
export const FIELD_FILTER_PATHS: Partial<Record<UserField, string>> = {
  givenName: "name.givenName",
  familyName: "name.familyName",
  displayName: "displayName",
  title: "title",
  department: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
  employeeNumber: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
};
