/**
 * The RFC 7643 schemas as data: core User (§4.1), Group (§4.2) and the enterprise User extension (§4.3),
 * with the attribute characteristics of the machine-readable representation in RFC 7643 §8.7.1.
 *
 * Where §8.7.1 omits a characteristic (e.g. `caseExact` of booleans), the RFC 7643 §2.2 default applies
 * (`required: false`, `caseExact: false`, `mutability: readWrite`, `returned: default`, `uniqueness: none`).
 * Deviations from §8.7.1 are marked `DEVIATION` with the reason. The data is deeply frozen.
 */
import { SCIM_ERROR_SCHEMA } from "./scim-error.ts";
import { findAttributeDefinition } from "./schema-types.ts";
import type {
  AttributeDefinition,
  AttributeType,
  ResourceTypeSchemas,
  SchemaDefinition,
} from "./schema-types.ts";

export const SCHEMA_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCHEMA_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCHEMA_ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const SCHEMA_SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const SCHEMA_RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/** RFC 7644 §3.4.2 */
export const SCHEMA_LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** RFC 7644 §3.4.3 */
export const SCHEMA_SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
/** RFC 7644 §3.5.2 */
export const SCHEMA_PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/** RFC 7644 §3.7 */
export const SCHEMA_BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
/** RFC 7644 §3.7 */
export const SCHEMA_BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
/** RFC 7644 §3.12 (same value as `SCIM_ERROR_SCHEMA`). */
export const SCHEMA_ERROR = SCIM_ERROR_SCHEMA;

/** An attribute with the RFC 7643 §2.2 defaults. */
const a = (
  name: string,
  type: AttributeType,
  description: string,
  rest: Partial<AttributeDefinition> = {},
): AttributeDefinition => ({
  name,
  type,
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...rest,
});

/** A single-valued attribute with the RFC 7643 §2.2 defaults and `rest` (for schemas outside RFC 7643). */
export const defineAttribute = a;

const DISPLAY = "A human-readable name, primarily used for display purposes.  READ-ONLY.";
const PRIMARY = (example: string): string =>
  `A Boolean value indicating the 'primary' or preferred attribute value for this attribute${example}.  ` +
  "The primary attribute value 'true' MUST appear no more than once.";

const EMAIL_DESCRIPTION =
  "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., " +
  "'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'.  Canonical type values of 'work', 'home', and 'other'.";

const NAME = a(
  "name",
  "complex",
  "The components of the user's real name.  Providers MAY return just the full name as a single string in the " +
    "formatted sub-attribute, or they MAY return just the individual component attributes using the other " +
    "sub-attributes, or they MAY return both.  If both variants are returned, they SHOULD be describing the same " +
    "name, with the formatted name indicating how the component attributes should be combined.",
  {
    subAttributes: [
      a(
        "formatted",
        "string",
        "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display " +
          "(e.g., 'Ms. Barbara J Jensen, III').",
      ),
      a(
        "familyName",
        "string",
        "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name " +
          "'Ms. Barbara J Jensen, III').",
      ),
      a(
        "givenName",
        "string",
        "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name " +
          "'Ms. Barbara J Jensen, III').",
      ),
      a(
        "middleName",
        "string",
        "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III').",
      ),
      a(
        "honorificPrefix",
        "string",
        "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name " +
          "'Ms. Barbara J Jensen, III').",
      ),
      a(
        "honorificSuffix",
        "string",
        "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name " +
          "'Ms. Barbara J Jensen, III').",
      ),
    ],
  },
);

const USER_ATTRIBUTES: AttributeDefinition[] = [
  a(
    "userName",
    "string",
    "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. " +
      "Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service " +
      "provider's entire set of Users. REQUIRED.",
    { required: true, uniqueness: "server" },
  ),
  NAME,
  a(
    "displayName",
    "string",
    "The name of the User, suitable for display to end-users.  The name SHOULD be the full name of the User being " +
      "described, if known.",
  ),
  a(
    "nickName",
    "string",
    "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'.  This attribute " +
      "SHOULD NOT be used to represent a User's username (e.g., 'bjensen' or 'mpepperidge').",
  ),
  a(
    "profileUrl",
    "reference",
    "A fully qualified URL pointing to a page representing the User's online profile.",
    {
      referenceTypes: ["external"],
    },
  ),
  a("title", "string", 'The user\'s title, such as "Vice President."'),
  a(
    "userType",
    "string",
    "Used to identify the relationship between the organization and the user.  Typical values used might be " +
      "'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used.",
  ),
  a(
    "preferredLanguage",
    "string",
    "Indicates the User's preferred written or spoken language.  Generally used for selecting a localized user " +
      "interface; e.g., 'en_US' specifies the language English and country US.",
  ),
  a(
    "locale",
    "string",
    "Used to indicate the User's default location for purposes of localizing items such as currency, date time " +
      "format, or numerical representations.",
  ),
  a(
    "timezone",
    "string",
    "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'.",
  ),
  a("active", "boolean", "A Boolean value indicating the User's administrative status."),
  a(
    "password",
    "string",
    "The User's cleartext password.  This attribute is intended to be used as a means to specify an initial " +
      "password when creating a new User or to reset an existing User's password.",
    { mutability: "writeOnly", returned: "never" },
  ),
  a("emails", "complex", EMAIL_DESCRIPTION, {
    multiValued: true,
    subAttributes: [
      a("value", "string", EMAIL_DESCRIPTION),
      a("display", "string", DISPLAY),
      a("type", "string", "A label indicating the attribute's function, e.g., 'work' or 'home'.", {
        canonicalValues: ["work", "home", "other"],
      }),
      a("primary", "boolean", PRIMARY(", e.g., the preferred mailing address or primary email address")),
    ],
  }),
  a(
    "phoneNumbers",
    "complex",
    "Phone numbers for the User.  The value SHOULD be canonicalized by the service provider according to the " +
      "format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'.  Canonical type values of 'work', 'home', " +
      "'mobile', 'fax', 'pager', and 'other'.",
    {
      multiValued: true,
      subAttributes: [
        a("value", "string", "Phone number of the User."),
        a("display", "string", DISPLAY),
        a("type", "string", "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.", {
          canonicalValues: ["work", "home", "mobile", "fax", "pager", "other"],
        }),
        a("primary", "boolean", PRIMARY(", e.g., the preferred phone number or primary phone number")),
      ],
    },
  ),
  a("ims", "complex", "Instant messaging addresses for the User.", {
    multiValued: true,
    subAttributes: [
      a("value", "string", "Instant messaging address for the User."),
      a("display", "string", DISPLAY),
      a("type", "string", "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.", {
        canonicalValues: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
      }),
      a("primary", "boolean", PRIMARY(", e.g., the preferred messenger or primary messenger")),
    ],
  }),
  a("photos", "complex", "URLs of photos of the User.", {
    multiValued: true,
    subAttributes: [
      a("value", "reference", "URL of a photo of the User.", { referenceTypes: ["external"] }),
      a("display", "string", DISPLAY),
      a("type", "string", "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.", {
        canonicalValues: ["photo", "thumbnail"],
      }),
      a("primary", "boolean", PRIMARY(", e.g., the preferred photo or thumbnail")),
    ],
  }),
  a(
    "addresses",
    "complex",
    "A physical mailing address for this User.  Canonical type values of 'work', 'home', and 'other'.  This " +
      "attribute is a complex type with the following sub-attributes.",
    {
      multiValued: true,
      subAttributes: [
        a(
          "formatted",
          "string",
          "The full mailing address, formatted for display or use with a mailing label.  This attribute MAY contain newlines.",
        ),
        a(
          "streetAddress",
          "string",
          "The full street address component, which may include house number, street name, P.O. box, and " +
            "multi-line extended street address information.  This attribute MAY contain newlines.",
        ),
        a("locality", "string", "The city or locality component."),
        a("region", "string", "The state or region component."),
        a("postalCode", "string", "The zip code or postal code component."),
        a("country", "string", "The country name component."),
        a("type", "string", "A label indicating the attribute's function, e.g., 'work' or 'home'.", {
          canonicalValues: ["work", "home", "other"],
        }),
        // DEVIATION: §8.7.1 lists no `primary` for addresses, but §2.4 makes `primary` a default sub-attribute
        // of multi-valued attributes and the §8.2/§8.3 example users send `addresses[].primary: true`.
        a("primary", "boolean", PRIMARY(", e.g., the preferred mailing address")),
      ],
    },
  ),
  a(
    "groups",
    "complex",
    "A list of groups to which the user belongs, either through direct membership, through nested groups, or " +
      "dynamically calculated.",
    {
      multiValued: true,
      mutability: "readOnly",
      subAttributes: [
        a("value", "string", "The identifier of the User's group.", { mutability: "readOnly" }),
        // §8.7.1 gives referenceTypes User and Group here (although §4.1.2 speaks of Group resources only).
        a("$ref", "reference", "The URI of the corresponding 'Group' resource to which the user belongs.", {
          referenceTypes: ["User", "Group"],
          mutability: "readOnly",
        }),
        a("display", "string", DISPLAY, { mutability: "readOnly" }),
        a("type", "string", "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", {
          canonicalValues: ["direct", "indirect"],
          mutability: "readOnly",
        }),
      ],
    },
  ),
  a("entitlements", "complex", "A list of entitlements for the User that represent a thing the User has.", {
    multiValued: true,
    subAttributes: [
      a("value", "string", "The value of an entitlement."),
      a("display", "string", DISPLAY),
      a("type", "string", "A label indicating the attribute's function."),
      a("primary", "boolean", PRIMARY("")),
    ],
  }),
  a(
    "roles",
    "complex",
    "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
    {
      multiValued: true,
      subAttributes: [
        a("value", "string", "The value of a role."),
        a("display", "string", DISPLAY),
        a("type", "string", "A label indicating the attribute's function.", { canonicalValues: [] }),
        a("primary", "boolean", PRIMARY("")),
      ],
    },
  ),
  a("x509Certificates", "complex", "A list of certificates issued to the User.", {
    multiValued: true,
    subAttributes: [
      a("value", "binary", "The value of an X.509 certificate."),
      a("display", "string", DISPLAY),
      a("type", "string", "A label indicating the attribute's function.", { canonicalValues: [] }),
      a("primary", "boolean", PRIMARY("")),
    ],
  }),
];

/**
 * Group attributes. CONFLICT in RFC 7643: §4.2 says `displayName` is REQUIRED (and the §8.7.1 description
 * ends in "REQUIRED."), but the §8.7.1 machine-readable value is `"required": false`. We keep the §8.7.1 value;
 * an app profile that needs it can use `restrictSchema(GROUP_SCHEMA, …, { displayName: { required: true } })`.
 */
const GROUP_ATTRIBUTES: AttributeDefinition[] = [
  a("displayName", "string", "A human-readable name for the Group.  REQUIRED."),
  a("members", "complex", "A list of members of the Group.", {
    multiValued: true,
    subAttributes: [
      a("value", "string", "Identifier of the member of this Group.", { mutability: "immutable" }),
      a("$ref", "reference", "The URI corresponding to a SCIM resource that is a member of this Group.", {
        referenceTypes: ["User", "Group"],
        mutability: "immutable",
      }),
      a("type", "string", "A label indicating the type of resource, e.g., 'User' or 'Group'.", {
        canonicalValues: ["User", "Group"],
        mutability: "immutable",
      }),
      // DEVIATION: §8.7.1 lists no `display` for members, but the §8.4 example group and Entra/JumpCloud send
      // it; §2.4 defines `display` as a default sub-attribute "having a mutability of immutable".
      a("display", "string", "A human-readable name, primarily used for display purposes.", {
        mutability: "immutable",
      }),
    ],
  }),
];

const ENTERPRISE_USER_ATTRIBUTES: AttributeDefinition[] = [
  a(
    "employeeNumber",
    "string",
    "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association " +
      "with an organization.",
  ),
  a("costCenter", "string", "Identifies the name of a cost center."),
  a("organization", "string", "Identifies the name of an organization."),
  a("division", "string", "Identifies the name of a division."),
  a("department", "string", "Identifies the name of a department."),
  a(
    "manager",
    "complex",
    "The User's manager.  A complex type that optionally allows service providers to represent organizational " +
      "hierarchy by referencing the 'id' attribute of another User.",
    {
      subAttributes: [
        // The descriptions say "REQUIRED." but §8.7.1 has `"required": false`; we keep the machine value.
        a("value", "string", "The id of the SCIM resource representing the User's manager.  REQUIRED."),
        a("$ref", "reference", "The URI of the SCIM resource representing the User's manager.  REQUIRED.", {
          referenceTypes: ["User"],
        }),
        a("displayName", "string", "The displayName of the User's manager.  OPTIONAL and READ-ONLY.", {
          mutability: "readOnly",
        }),
      ],
    },
  ),
];

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The core User schema (RFC 7643 §4.1, §8.7.1). `id`, `externalId` and `meta` are in `COMMON_ATTRIBUTES`. */
export const USER_SCHEMA: SchemaDefinition = deepFreeze({
  id: SCHEMA_USER,
  name: "User",
  description: "User Account",
  attributes: USER_ATTRIBUTES,
});

/** The core Group schema (RFC 7643 §4.2, §8.7.1). */
export const GROUP_SCHEMA: SchemaDefinition = deepFreeze({
  id: SCHEMA_GROUP,
  name: "Group",
  description: "Group",
  attributes: GROUP_ATTRIBUTES,
});

/** The enterprise User extension (RFC 7643 §4.3, §8.7.1). */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = deepFreeze({
  id: SCHEMA_ENTERPRISE_USER,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: ENTERPRISE_USER_ATTRIBUTES,
});

/** The User resource type (RFC 7643 §8.6) with the enterprise extension optional. */
export const USER_RESOURCE_TYPE: ResourceTypeSchemas = deepFreeze({
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  core: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
});

/** The Group resource type (RFC 7643 §8.6). */
export const GROUP_RESOURCE_TYPE: ResourceTypeSchemas = deepFreeze({
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  core: GROUP_SCHEMA,
  extensions: [],
});

const cloneAttribute = (attribute: AttributeDefinition): AttributeDefinition => ({
  ...attribute,
  ...(attribute.canonicalValues && { canonicalValues: [...attribute.canonicalValues] }),
  ...(attribute.referenceTypes && { referenceTypes: [...attribute.referenceTypes] }),
  ...(attribute.subAttributes && { subAttributes: attribute.subAttributes.map(cloneAttribute) }),
});

/**
 * Derives an app profile from a schema: keeps only the named attributes and applies characteristic
 * overrides (RFC 7643 §7 lets a service provider publish its own characteristics, e.g. `emails` required).
 *
 * - `attributeNames` are case-insensitive. `"emails"` keeps the whole attribute; `"name.givenName"` keeps
 *   `name` with only the listed sub-attributes (unless `"name"` is also listed). Order follows the schema.
 * - `overrides` keys are `"attr"` or `"attr.subAttr"` (case-insensitive), values are merged into the
 *   definition. `name` cannot be overridden.
 * - Returns new, unfrozen definitions; the input is untouched. Unknown names throw `TypeError`.
 *
 * Validation ignores and projection returns attributes a schema does not define (as `returned: default`),
 * so project stored resources with a schema that still defines `password` (`returned: never`).
 *
 * @example restrictSchema(USER_SCHEMA, ["userName", "name.givenName", "emails"], { emails: { required: true } })
 */
export function restrictSchema(
  schema: SchemaDefinition,
  attributeNames: readonly string[],
  overrides: Readonly<Record<string, Partial<AttributeDefinition>>> = {},
): SchemaDefinition {
  const whole = new Set<string>();
  const partial = new Map<string, Set<string>>();
  const lookup = (path: string): [AttributeDefinition, AttributeDefinition | undefined] => {
    const [top = "", sub, extra] = path.split(".");
    const attribute = findAttributeDefinition(schema.attributes, top);
    const subAttribute =
      sub === undefined ? undefined : findAttributeDefinition(attribute?.subAttributes ?? [], sub);
    if (attribute === undefined || extra !== undefined || (sub !== undefined && subAttribute === undefined)) {
      throw new TypeError(`restrictSchema: "${path}" is not an attribute of ${schema.id}`);
    }
    return [attribute, subAttribute];
  };
  for (const path of attributeNames) {
    const [attribute, subAttribute] = lookup(path);
    if (subAttribute === undefined) whole.add(attribute.name);
    else partial.set(attribute.name, (partial.get(attribute.name) ?? new Set()).add(subAttribute.name));
  }
  const kept = schema.attributes
    .filter((attr) => whole.has(attr.name) || partial.has(attr.name))
    .map((attr) => {
      const copy = cloneAttribute(attr);
      const subs = partial.get(attr.name);
      if (!whole.has(attr.name) && subs !== undefined) {
        copy.subAttributes = (copy.subAttributes ?? []).filter((s) => subs.has(s.name));
      }
      return copy;
    });
  const result: SchemaDefinition = {
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: kept,
  };
  for (const [path, override] of Object.entries(overrides)) {
    const [attribute, subAttribute] = lookup(path);
    const target = kept.find((k) => k.name === attribute.name);
    const targetSub =
      subAttribute === undefined ? target : target?.subAttributes?.find((s) => s.name === subAttribute.name);
    if (targetSub === undefined)
      throw new TypeError(`restrictSchema: override "${path}" names an attribute not kept`);
    if (override.name !== undefined && override.name !== targetSub.name) {
      throw new TypeError(`restrictSchema: override "${path}" cannot rename the attribute`);
    }
    Object.assign(targetSub, override);
  }
  return result;
}
