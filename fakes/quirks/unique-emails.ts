/**
 * An RFC-correct trait, not a bug: a service provider that keeps email addresses unique across users
 * (many apps key accounts by email). RFC 7643 §2.1 and §7 let a service provider enforce uniqueness
 * ("server"), and RFC 7644 §3.3 answers a clash with 409 and scimType "uniqueness". A test that reuses
 * literal emails across users fails against it; the contract checks and properties must not.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";
import { uniqueValuesHooks } from "./unique-values.ts";

/** The lower-cased email values of a user. */
function emailsOf(user: JsonObject): string[] {
  const key = Object.keys(user).find((k) => k.toLowerCase() === "emails");
  const emails = key === undefined ? [] : user[key];
  return (Array.isArray(emails) ? emails : [])
    .map((e) => (isJsonObject(e) ? e[Object.keys(e).find((k) => k.toLowerCase() === "value") ?? ""] : e))
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.toLowerCase());
}

/** A user whose email another user already has answers 409 uniqueness. */
export const uniqueEmails = defineQuirk({
  id: "unique-emails",
  title: "Email addresses are unique across users; a clash answers 409 uniqueness",
  bugIds: [],
  sources: ["RFC 7644 §3.3 (409 uniqueness)", "RFC 7643 §7 (uniqueness)"],
  description:
    "POST, PUT and PATCH of a user whose emails[].value (compared case-insensitively) another user already " +
    'has answer 409 with scimType "uniqueness" and change nothing. A deleted user frees its emails.',
  hooks: uniqueValuesHooks({
    resourceTypes: ["User"],
    valuesOf: emailsOf,
    clash: (email) => `the email ${email} belongs to another user`,
  }),
});
