/**
 * Generates the SCIM discovery documents from schema data (RFC 7643 §5, §6, §7; RFC 7644 §4) and the
 * ListResponse envelope (RFC 7644 §3.4.2), so that nothing is typed twice.
 */
import {
  SCHEMA_LIST_RESPONSE,
  SCHEMA_RESOURCE_TYPE,
  SCHEMA_SCHEMA,
  SCHEMA_SERVICE_PROVIDER_CONFIG,
} from "./schemas.ts";
import { schemasOf } from "./schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas, SchemaDefinition } from "./schema-types.ts";

/** An attribute as `/Schemas` shows it (RFC 7643 §7), keys in the RFC's order. */
export interface AttributeRepresentation {
  name: string;
  type: string;
  multiValued: boolean;
  description: string;
  required: boolean;
  canonicalValues?: string[];
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  referenceTypes?: string[];
  subAttributes?: AttributeRepresentation[];
}

export interface DiscoveryMeta {
  resourceType: "Schema" | "ResourceType" | "ServiceProviderConfig";
  location: string;
}

/** A `/Schemas/{id}` resource (RFC 7643 §7). */
export interface SchemaResource {
  schemas: [typeof SCHEMA_SCHEMA];
  id: string;
  name: string;
  description: string;
  attributes: AttributeRepresentation[];
  meta: DiscoveryMeta;
}

/** A `/ResourceTypes/{name}` resource (RFC 7643 §6). */
export interface ResourceTypeResource {
  schemas: [typeof SCHEMA_RESOURCE_TYPE];
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  /** Omitted when the resource type has no extensions (as in the RFC 7643 §8.6 Group example). */
  schemaExtensions?: { schema: string; required: boolean }[];
  meta: DiscoveryMeta;
}

/** One entry of `authenticationSchemes` (RFC 7643 §5). */
export interface AuthenticationScheme {
  /** e.g. "oauthbearertoken", "httpbasic", "oauth2" */
  type: string;
  name: string;
  description: string;
  specUri?: string;
  documentationUri?: string;
  primary?: boolean;
}

/** What the service provider supports; every field but `baseUrl` has a default (see `serviceProviderConfig`). */
export interface ServiceProviderConfigOptions {
  /** e.g. "https://example.com/scim/v2": `meta.location` values are built from it. */
  baseUrl: string;
  documentationUri?: string;
  patch?: boolean;
  bulk?: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter?: { supported: boolean; maxResults: number };
  changePassword?: boolean;
  sort?: boolean;
  etag?: boolean;
  authenticationSchemes?: readonly AuthenticationScheme[];
}

/** The `/ServiceProviderConfig` document (RFC 7643 §5). */
export interface ServiceProviderConfigDocument {
  schemas: [typeof SCHEMA_SERVICE_PROVIDER_CONFIG];
  documentationUri?: string;
  patch: { supported: boolean };
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: { supported: boolean };
  sort: { supported: boolean };
  etag: { supported: boolean };
  authenticationSchemes: AuthenticationScheme[];
  meta: DiscoveryMeta;
}

/** The ListResponse envelope (RFC 7644 §3.4.2). */
export interface ListResponse<T> {
  schemas: [typeof SCHEMA_LIST_RESPONSE];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** The bearer-token scheme Entra ID uses (RFC 6750), the default of `authenticationSchemes`. */
export const OAUTH_BEARER_TOKEN_SCHEME: AuthenticationScheme = Object.freeze({
  type: "oauthbearertoken",
  name: "OAuth Bearer Token",
  description: "Authentication scheme using the OAuth Bearer Token Standard",
  specUri: "https://www.rfc-editor.org/info/rfc6750",
  primary: true,
});

const trimBase = (baseUrl: string): string => baseUrl.replace(/\/+$/, "");

/** One attribute definition in its `/Schemas` form (RFC 7643 §7). */
export function attributeRepresentation(attribute: AttributeDefinition): AttributeRepresentation {
  const out: AttributeRepresentation = {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
  };
  if (attribute.canonicalValues !== undefined) out.canonicalValues = [...attribute.canonicalValues];
  if (attribute.referenceTypes !== undefined) out.referenceTypes = [...attribute.referenceTypes];
  if (attribute.subAttributes !== undefined)
    out.subAttributes = attribute.subAttributes.map(attributeRepresentation);
  return out;
}

/** The `/Schemas/{id}` resource of one schema; `meta.location` is `{baseUrl}/Schemas/{id}`. */
export function schemaResource(schema: SchemaDefinition, baseUrl: string): SchemaResource {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeRepresentation),
    meta: { resourceType: "Schema", location: `${trimBase(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** The `/Schemas` resources of resource types, each schema once (first occurrence wins), core schemas first. */
export function schemaResources(
  resourceTypes: readonly ResourceTypeSchemas[],
  baseUrl: string,
): SchemaResource[] {
  const seen = new Map<string, SchemaDefinition>();
  for (const schema of resourceTypes.flatMap(schemasOf)) {
    if (!seen.has(schema.id.toLowerCase())) seen.set(schema.id.toLowerCase(), schema);
  }
  return [...seen.values()].map((schema) => schemaResource(schema, baseUrl));
}

/** The `/ResourceTypes/{name}` resource of a resource type (RFC 7643 §6); its `id` is its name. */
export function resourceTypeResource(
  resourceType: ResourceTypeSchemas,
  baseUrl: string,
): ResourceTypeResource {
  const out: ResourceTypeResource = {
    schemas: [SCHEMA_RESOURCE_TYPE],
    id: resourceType.name,
    name: resourceType.name,
    endpoint: resourceType.endpoint,
    description: resourceType.description,
    schema: resourceType.core.id,
    meta: {
      resourceType: "ResourceType",
      location: `${trimBase(baseUrl)}/ResourceTypes/${resourceType.name}`,
    },
  };
  if (resourceType.extensions.length > 0) {
    out.schemaExtensions = resourceType.extensions.map((e) => ({
      schema: e.schema.id,
      required: e.required,
    }));
  }
  return out;
}

/**
 * The `/ServiceProviderConfig` document (RFC 7643 §5). Defaults: patch supported, bulk unsupported (0/0),
 * filter supported with maxResults 200, changePassword/sort/etag unsupported, one OAuth bearer scheme.
 */
export function serviceProviderConfig(options: ServiceProviderConfigOptions): ServiceProviderConfigDocument {
  const doc: ServiceProviderConfigDocument = {
    schemas: [SCHEMA_SERVICE_PROVIDER_CONFIG],
    patch: { supported: options.patch ?? true },
    bulk: { ...(options.bulk ?? { supported: false, maxOperations: 0, maxPayloadSize: 0 }) },
    filter: { ...(options.filter ?? { supported: true, maxResults: 200 }) },
    changePassword: { supported: options.changePassword ?? false },
    sort: { supported: options.sort ?? false },
    etag: { supported: options.etag ?? false },
    authenticationSchemes: (options.authenticationSchemes ?? [OAUTH_BEARER_TOKEN_SCHEME]).map((s) => ({
      ...s,
    })),
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${trimBase(options.baseUrl)}/ServiceProviderConfig`,
    },
  };
  if (options.documentationUri !== undefined) doc.documentationUri = options.documentationUri;
  return doc;
}

/**
 * A ListResponse (RFC 7644 §3.4.2). `totalResults` defaults to the number of resources, `startIndex` to 1
 * (1-based, §3.4.2.4) and `itemsPerPage` to the number of resources on this page. `Resources` is always
 * present, also when empty (Entra's Test Connection expects `"Resources": []`, idp-behaviour §1.3).
 */
export function listResponse<T>(
  resources: readonly T[],
  options: { totalResults?: number; startIndex?: number; itemsPerPage?: number } = {},
): ListResponse<T> {
  return {
    schemas: [SCHEMA_LIST_RESPONSE],
    totalResults: options.totalResults ?? resources.length,
    startIndex: options.startIndex ?? 1,
    itemsPerPage: options.itemsPerPage ?? resources.length,
    Resources: [...resources],
  };
}

/** Everything a fake SP serves under `/Schemas`, `/ResourceTypes` and `/ServiceProviderConfig`. */
export interface DiscoveryDocuments {
  schemas: ListResponse<SchemaResource>;
  resourceTypes: ListResponse<ResourceTypeResource>;
  serviceProviderConfig: ServiceProviderConfigDocument;
}

/** All discovery documents of a service provider, generated from its resource types and options. */
export function discoveryDocuments(
  resourceTypes: readonly ResourceTypeSchemas[],
  options: ServiceProviderConfigOptions,
): DiscoveryDocuments {
  return {
    schemas: listResponse(schemaResources(resourceTypes, options.baseUrl)),
    resourceTypes: listResponse(resourceTypes.map((rt) => resourceTypeResource(rt, options.baseUrl))),
    serviceProviderConfig: serviceProviderConfig(options),
  };
}
