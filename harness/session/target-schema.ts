/**
 * The User resource type as the target declares it in `/Schemas` and `/ResourceTypes` (RFC 7643 §6, §7),
 * so that the oracles (evaluateFilter, applyPatch) follow the target's own attribute characteristics:
 * `required`, `caseExact`, `mutability`, sub-attributes. Falls back to the RFC 7643 User.
 */
import type { AttributeDefinition, ResourceTypeSchemas, SchemaDefinition } from "../scim/schema-types.ts";
import { GROUP_RESOURCE_TYPE, SCHEMA_GROUP, SCHEMA_USER, USER_RESOURCE_TYPE } from "../scim/schemas.ts";
import type { TargetDiscovery } from "./discovery.ts";

type Json = Record<string, unknown>;

const TYPES = new Set([
  "string",
  "boolean",
  "decimal",
  "integer",
  "dateTime",
  "binary",
  "reference",
  "complex",
]);
const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

function attributeOf(raw: Json): AttributeDefinition | undefined {
  if (typeof raw["name"] !== "string" || !TYPES.has(String(raw["type"]))) return undefined;
  const def: AttributeDefinition = {
    name: raw["name"],
    type: raw["type"] as AttributeDefinition["type"],
    multiValued: raw["multiValued"] === true,
    description: typeof raw["description"] === "string" ? raw["description"] : "",
    required: raw["required"] === true,
    caseExact: raw["caseExact"] === true,
    mutability: pick(raw["mutability"], ["readOnly", "readWrite", "immutable", "writeOnly"], "readWrite"),
    returned: pick(raw["returned"], ["always", "never", "default", "request"], "default"),
    uniqueness: pick(raw["uniqueness"], ["none", "server", "global"], "none"),
  };
  if (Array.isArray(raw["canonicalValues"])) def.canonicalValues = raw["canonicalValues"].map(String);
  if (Array.isArray(raw["referenceTypes"])) def.referenceTypes = raw["referenceTypes"].map(String);
  if (Array.isArray(raw["subAttributes"])) {
    def.subAttributes = (raw["subAttributes"] as Json[])
      .map(attributeOf)
      .filter((a): a is AttributeDefinition => a !== undefined);
  }
  return def;
}

function schemaOf(raw: Json | undefined): SchemaDefinition | undefined {
  if (raw === undefined || typeof raw["id"] !== "string" || !Array.isArray(raw["attributes"]))
    return undefined;
  return {
    id: raw["id"],
    name: typeof raw["name"] === "string" ? raw["name"] : raw["id"],
    description: typeof raw["description"] === "string" ? raw["description"] : "",
    attributes: (raw["attributes"] as Json[])
      .map(attributeOf)
      .filter((a): a is AttributeDefinition => a !== undefined),
  };
}

/** The target's User resource type, or the RFC 7643 one when `/Schemas` has no usable User schema. */
export function userResourceType(
  discovery: Pick<TargetDiscovery, "schemas" | "resourceTypes">,
): ResourceTypeSchemas {
  return declaredResourceType(discovery, "User", SCHEMA_USER, USER_RESOURCE_TYPE);
}

/** The target's Group resource type, or the RFC 7643 one when `/Schemas` has no usable Group schema. */
export function groupResourceType(
  discovery: Pick<TargetDiscovery, "schemas" | "resourceTypes">,
): ResourceTypeSchemas {
  return declaredResourceType(discovery, "Group", SCHEMA_GROUP, GROUP_RESOURCE_TYPE);
}

function declaredResourceType(
  discovery: Pick<TargetDiscovery, "schemas" | "resourceTypes">,
  name: "User" | "Group",
  coreId: string,
  fallback: ResourceTypeSchemas,
): ResourceTypeSchemas {
  const byId = (id: string) =>
    discovery.schemas.find((s) => String(s["id"]).toLowerCase() === id.toLowerCase());
  const core = schemaOf(byId(coreId));
  if (core === undefined || core.attributes.length === 0) return fallback;
  const type = discovery.resourceTypes.find((t) => String(t["name"]).toLowerCase() === name.toLowerCase());
  const declared = Array.isArray(type?.["schemaExtensions"]) ? (type["schemaExtensions"] as Json[]) : [];
  const extensions = declared.flatMap((e) => {
    const schema = schemaOf(byId(String(e["schema"])));
    return schema === undefined ? [] : [{ schema, required: e["required"] === true }];
  });
  return {
    name,
    endpoint: `/${name}s`,
    description: `${name} (as the target declares it)`,
    core,
    extensions,
  };
}
