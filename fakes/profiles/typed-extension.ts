/**
 * An opt-in User extension of the fake (`typedExtension` of `createFakeServiceProvider`, `--typed-extension`)
 * with one attribute of each type no RFC 7643 User attribute has: integer (§2.3.4), decimal (§2.3.3), a
 * string with caseExact true (§2.2; the core User has none besides the common id and externalId) and a
 * writable dateTime (§2.3.5). It lets the filter property exercise numeric ordering and case-exact
 * comparison. The default fake does not declare it.
 */
import type { SchemaDefinition } from "../../harness/scim/schema-types.ts";
import { defineAttribute } from "../../harness/scim/schemas.ts";

/** The URN of the typed extension (a scim-harness test schema, no real application's). */
export const TYPED_USER_EXTENSION = "urn:ietf:params:scim:schemas:extension:scimharness-typed:2.0:User";

/** The schema of the typed extension. */
export const TYPED_EXTENSION_SCHEMA: SchemaDefinition = {
  id: TYPED_USER_EXTENSION,
  name: "TypedUser",
  description: "scim-harness test attributes: one integer, one decimal, one caseExact string, one dateTime.",
  attributes: [
    defineAttribute("level", "integer", "An integer (RFC 7643 §2.3.4)."),
    defineAttribute("score", "decimal", "A decimal (RFC 7643 §2.3.3)."),
    defineAttribute("code", "string", "A case-exact string (RFC 7643 §2.2).", { caseExact: true }),
    defineAttribute("validFrom", "dateTime", "A writable dateTime (RFC 7643 §2.3.5)."),
  ],
};
