/**
 * Types of SCIM schema definitions (RFC 7643 §7) and attribute lookup over them.
 */
import type { AttrPath } from "./filter-ast.ts";

export type AttributeType =
  "string" | "boolean" | "decimal" | "integer" | "dateTime" | "binary" | "reference" | "complex";

export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

/** One attribute of a schema, as RFC 7643 §7 describes it in `/Schemas`. */
export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: readonly string[];
  referenceTypes?: readonly string[];
  subAttributes?: readonly AttributeDefinition[];
}

/** A schema (RFC 7643 §7), e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: readonly AttributeDefinition[];
}

/**
 * A resource type with its schemas resolved (RFC 7643 §6): what the evaluator, PATCH and projection
 * consult to learn an attribute's type, case sensitivity, mutability and `returned` rule.
 */
export interface ResourceTypeSchemas {
  /** e.g. "User" */
  name: string;
  /** e.g. "/Users" */
  endpoint: string;
  description: string;
  core: SchemaDefinition;
  extensions: readonly { schema: SchemaDefinition; required: boolean }[];
}

/** Where an attribute path lands in a resource type. */
export interface ResolvedAttribute {
  /** The schema URN the attribute belongs to. */
  schemaId: string;
  /** True when the attribute lives in an extension schema (stored under the URN key). */
  inExtension: boolean;
  /** The top-level attribute. */
  attribute: AttributeDefinition;
  /** The sub-attribute, when the path names one. */
  subAttribute?: AttributeDefinition;
}

const attr = (
  name: string,
  type: AttributeType,
  rest: Partial<AttributeDefinition> & { description: string },
): AttributeDefinition => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readOnly",
  returned: "default",
  uniqueness: "none",
  ...rest,
});

/**
 * The common attributes every resource has (RFC 7643 §3.1 and §3.1 `meta`), which no schema lists in
 * its `attributes`. `schemas` is handled by the resource envelope and is not resolvable as a path.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attr("id", "string", {
    description: "Unique identifier for the resource, assigned by the service provider.",
    caseExact: true,
    returned: "always",
    uniqueness: "server",
  }),
  attr("externalId", "string", {
    description: "Identifier of the resource as defined by the provisioning client.",
    caseExact: true,
    mutability: "readWrite",
  }),
  attr("meta", "complex", {
    description: "Resource metadata.",
    subAttributes: [
      attr("resourceType", "string", { description: "The name of the resource type.", caseExact: true }),
      attr("created", "dateTime", { description: "When the resource was added to the service provider." }),
      attr("lastModified", "dateTime", { description: "When the resource was last updated." }),
      attr("location", "reference", {
        description: "The URI of the resource.",
        caseExact: true,
        referenceTypes: ["uri"],
      }),
      attr("version", "string", { description: "The version (ETag) of the resource.", caseExact: true }),
    ],
  }),
];

const eqIgnoreCase = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Finds an attribute definition by name, case-insensitively (RFC 7643 §2.1). */
export function findAttributeDefinition(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  return attributes.find((a) => eqIgnoreCase(a.name, name));
}

/** All schemas of a resource type: core first, then extensions. */
export function schemasOf(resourceType: ResourceTypeSchemas): SchemaDefinition[] {
  return [resourceType.core, ...resourceType.extensions.map((e) => e.schema)];
}

/**
 * Resolves an attribute path against a resource type: a URN prefix selects the schema; without one the
 * core schema is searched, then the extensions (RFC 7644 §3.10). Returns undefined for unknown
 * attributes; the caller decides whether that is `invalidPath`, `invalidFilter` or no match.
 */
export function resolveAttribute(
  resourceType: ResourceTypeSchemas,
  path: AttrPath,
): ResolvedAttribute | undefined {
  const isCore = path.uri === undefined || eqIgnoreCase(path.uri, resourceType.core.id);
  const common = isCore ? findAttributeDefinition(COMMON_ATTRIBUTES, path.name) : undefined;
  if (common !== undefined) {
    const resolved: ResolvedAttribute = {
      schemaId: resourceType.core.id,
      inExtension: false,
      attribute: common,
    };
    if (path.subAttr === undefined) return resolved;
    const sub = findAttributeDefinition(common.subAttributes ?? [], path.subAttr);
    return sub === undefined ? undefined : { ...resolved, subAttribute: sub };
  }
  const candidates =
    path.uri === undefined
      ? schemasOf(resourceType)
      : schemasOf(resourceType).filter((s) => eqIgnoreCase(s.id, path.uri as string));
  for (const schema of candidates) {
    const attribute = findAttributeDefinition(schema.attributes, path.name);
    if (attribute === undefined) continue;
    const resolved: ResolvedAttribute = {
      schemaId: schema.id,
      inExtension: schema !== resourceType.core,
      attribute,
    };
    if (path.subAttr !== undefined) {
      const sub = findAttributeDefinition(attribute.subAttributes ?? [], path.subAttr);
      if (sub === undefined) return undefined;
      resolved.subAttribute = sub;
    }
    return resolved;
  }
  return undefined;
}
