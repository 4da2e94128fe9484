/**
 * The target's discovery documents, read once per run (RFC 7644 §4: `/ServiceProviderConfig`,
 * `/ResourceTypes`, `/Schemas`) and interpreted once, in this module, into every view a suite needs:
 * advertised features, scenario capabilities, the User schema as attribute paths (scenario applicability)
 * and as attribute definitions with their characteristics (the oracles). Scenarios, contract checks and
 * properties all read the same `TargetDiscovery`.
 */
import type { Exchange } from "../http/exchange.ts";
import type { ScimClient } from "../http/scim-client.ts";
import type { Capability } from "../scenario/scenario-schema.ts";
import type { ResourceTypeSchemas } from "../scim/schema-types.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../scim/schemas.ts";
import { resolveAttribute } from "../scim/schema-types.ts";
import { userSchemaInfo, type UserSchemaInfo } from "../runner/user-schema-fit.ts";
import { userResourceType } from "./target-schema.ts";

/** The three discovery documents (RFC 7644 §4). */
export type DiscoveryPath = "/ServiceProviderConfig" | "/ResourceTypes" | "/Schemas";

/** Optional SCIM features `/ServiceProviderConfig` advertises (RFC 7643 §5). */
export type Feature = "patch" | "bulk" | "filter" | "changePassword" | "sort" | "etag";

type Json = Record<string, unknown>;

/** The target's discovery documents and everything that follows from them. */
export interface TargetDiscovery {
  /** The `/ServiceProviderConfig` body when it answered 200 with an object. */
  readonly serviceProviderConfig: Json | undefined;
  /** `/ResourceTypes` resources (empty when unavailable). */
  readonly resourceTypes: readonly Json[];
  /** `/Schemas` resources (empty when unavailable). */
  readonly schemas: readonly Json[];
  readonly exchanges: {
    serviceProviderConfig: Exchange;
    resourceTypes: Exchange;
    schemas: Exchange;
    /** `GET /Groups?count=1`, sent only when `/ResourceTypes` is unavailable. */
    groupsProbe?: Exchange;
  };
  /** `<feature>.supported`; undefined when `/ServiceProviderConfig` could not be read. */
  supports(feature: Feature): boolean | undefined;
  readonly hasGroups: boolean;
  /** The User resource type lists the enterprise extension (assumed when `/ResourceTypes` is unavailable). */
  readonly hasEnterpriseUser: boolean;
  /**
   * User attribute names the target declares, lower-case (`emails`, `name.givenName` as `name.givenname`,
   * extension attributes by bare name); undefined when `/Schemas` has no User schema.
   */
  readonly userAttributes: ReadonlySet<string> | undefined;
  /** The User schema as attribute paths with the required ones (scenario applicability), when published. */
  readonly userSchema: UserSchemaInfo | undefined;
  /** The User resource type with each attribute's characteristics; the RFC 7643 User when not published. */
  readonly userType: ResourceTypeSchemas;
  /** Whether `userType` comes from the target's `/Schemas` (false: the RFC 7643 fallback). */
  readonly userTypeDeclared: boolean;
  /** What scenarios may rely on (`appliesTo`): users, put, patch, etag, groups, enterpriseUser, tokenControl, password. */
  readonly capabilities: ReadonlySet<Capability>;
  /** How each capability was decided, for the report. */
  readonly notes: readonly string[];
  /** Does the User schema declare this attribute (lower-case dotted)? Unknown schema → yes. */
  declares(name: string): boolean;
  /** Does the User resource type have this enterprise extension attribute (RFC 7643 §4.3)? */
  enterprise(name: string): boolean;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const objectBody = (exchange: Exchange): Json | undefined => {
  const body = exchange.response?.status === 200 ? exchange.response.body : undefined;
  return isObject(body) ? body : undefined;
};

/** Longest Retry-After the discovery waits for before it asks again. */
const MAX_RETRY_AFTER_MS = 5_000;

/**
 * Sends, and on a 429 waits as Retry-After asks (at most 5 s; 1 s when it does not say) and asks again, up
 * to twice: the documents are read once for the whole run, so a rate limiter in front of the SP (B24) must
 * not leave the run without them. The scenarios judge how the SP rate-limits the IdP's own traffic.
 */
async function withRetryAfter(send: () => Promise<Exchange>): Promise<Exchange> {
  let exchange = await send();
  for (let attempt = 0; attempt < 2 && exchange.response?.status === 429; attempt++) {
    const seconds = Number(exchange.response.headers["retry-after"]);
    const waitMs =
      Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 1000;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    exchange = await send();
  }
  return exchange;
}

/** The `Resources` of a list body (or a bare array, which some SPs send). */
export function resourcesOf(body: unknown): Json[] {
  const list = Array.isArray(body) ? body : (body as { Resources?: unknown } | undefined)?.Resources;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function declaredUserAttributes(
  schemas: readonly Json[],
  extensions: readonly string[],
): Set<string> | undefined {
  const user = schemas.find((s) => String(s["id"]).toLowerCase() === SCHEMA_USER.toLowerCase());
  if (user === undefined) return undefined;
  const names = new Set<string>();
  const collect = (schema: Json | undefined) => {
    const attributes = Array.isArray(schema?.["attributes"]) ? (schema["attributes"] as Json[]) : [];
    for (const attribute of attributes) {
      if (!isObject(attribute)) continue;
      const name = String(attribute["name"]).toLowerCase();
      names.add(name);
      const subs = Array.isArray(attribute["subAttributes"]) ? (attribute["subAttributes"] as Json[]) : [];
      for (const sub of subs) if (isObject(sub)) names.add(`${name}.${String(sub["name"]).toLowerCase()}`);
    }
  };
  collect(user);
  for (const urn of extensions) {
    collect(schemas.find((s) => String(s["id"]).toLowerCase() === urn.toLowerCase()));
  }
  return names;
}

/**
 * Reads the three discovery documents; when `/ResourceTypes` is missing, probes `GET /Groups?count=1`.
 * Throws when the target does not answer at all (no HTTP response to either of the first two requests).
 * `read`: documents already read this run (by preflight); each one answered other than 429 is used as it
 * is, the others are asked for again.
 */
export async function readTargetDiscovery(
  client: ScimClient,
  options: { tokenControl: boolean; read?: ReadonlyMap<DiscoveryPath, Exchange> },
): Promise<TargetDiscovery> {
  const get = (path: DiscoveryPath) => {
    const read = options.read?.get(path);
    if (read?.response !== undefined && read.response.status !== 429) return Promise.resolve(read);
    return withRetryAfter(() => client.send({ label: `discovery: ${path}`, method: "GET", path }));
  };
  const spcExchange = await get("/ServiceProviderConfig");
  const typesExchange = await get("/ResourceTypes");
  if (spcExchange.response === undefined && typesExchange.response === undefined) {
    throw new Error(
      `the target does not answer: ${spcExchange.error?.kind ?? "no response"} (${spcExchange.error?.message ?? ""})`,
    );
  }
  const schemasExchange = await get("/Schemas");
  const spc = objectBody(spcExchange);
  const typesBody = typesExchange.response?.status === 200 ? typesExchange.response.body : undefined;
  const schemasBody = schemasExchange.response?.status === 200 ? schemasExchange.response.body : undefined;
  const resourceTypes = resourcesOf(typesBody);
  const schemas = resourcesOf(schemasBody);
  const byName = (name: string) =>
    resourceTypes.find((r) => String(r["name"]).toLowerCase() === name.toLowerCase());
  const user = byName("User");
  const extensions = (Array.isArray(user?.["schemaExtensions"]) ? (user["schemaExtensions"] as Json[]) : [])
    .filter(isObject)
    .map((e) => String(e["schema"]))
    .filter((s) => s !== "undefined");

  const notes: string[] = [];
  const capabilities = new Set<Capability>(["users", "put"]);
  const supported = (name: string) =>
    (spc?.[name] as { supported?: unknown } | undefined)?.supported === true;
  if (spc === undefined || supported("patch")) capabilities.add("patch");
  if (supported("etag")) capabilities.add("etag");
  notes.push(
    spc === undefined
      ? `ServiceProviderConfig: ${spcExchange.response?.status ?? spcExchange.error?.kind}; assuming PATCH`
      : "ServiceProviderConfig read",
  );

  let hasGroups = byName("Group") !== undefined;
  let hasEnterpriseUser = extensions.some((e) => e.toLowerCase() === SCHEMA_ENTERPRISE_USER.toLowerCase());
  let groupsProbe: Exchange | undefined;
  if (resourceTypes.length === 0) {
    groupsProbe = await withRetryAfter(() =>
      client.send({ label: "discovery: Groups probe", method: "GET", path: "/Groups?count=1" }),
    );
    hasGroups = groupsProbe.response?.status === 200;
    hasEnterpriseUser = true;
    notes.push(
      `ResourceTypes unavailable; GET /Groups answered ${groupsProbe.response?.status ?? groupsProbe.error?.kind}`,
    );
  } else {
    notes.push(`ResourceTypes: ${resourceTypes.map((r) => String(r["name"])).join(", ")}`);
  }
  if (hasGroups) capabilities.add("groups");
  if (hasEnterpriseUser) capabilities.add("enterpriseUser");
  if (options.tokenControl) capabilities.add("tokenControl");

  const userSchema = resourceTypes.length > 0 ? userSchemaInfo(typesBody, schemasBody) : undefined;
  // A password sync needs somewhere to put the password; unknown schemas get the benefit of the doubt.
  if (userSchema === undefined || userSchema.attributes.has("password")) capabilities.add("password");
  if (resourceTypes.length > 0) {
    notes.push(
      userSchema === undefined
        ? `Schemas: ${schemasExchange.response?.status ?? schemasExchange.error?.kind}; user attributes not checked`
        : "Schemas read: scenarios whose user attributes do not fit are not applicable",
    );
  }
  const userAttributes = declaredUserAttributes(schemas, extensions);
  const userType = userResourceType({ schemas, resourceTypes });
  const userTypeDeclared = userType.description.startsWith("User (as the target declares it)");

  return {
    serviceProviderConfig: spc,
    resourceTypes,
    schemas,
    exchanges: {
      serviceProviderConfig: spcExchange,
      resourceTypes: typesExchange,
      schemas: schemasExchange,
      ...(groupsProbe !== undefined ? { groupsProbe } : {}),
    },
    supports(feature) {
      if (spc === undefined) return undefined;
      return supported(feature);
    },
    hasGroups,
    hasEnterpriseUser,
    userAttributes,
    userSchema,
    userType,
    userTypeDeclared,
    capabilities,
    notes,
    declares: (name) => userAttributes?.has(name.toLowerCase()) ?? true,
    enterprise: (name) => resolveAttribute(userType, { uri: SCHEMA_ENTERPRISE_USER, name }) !== undefined,
  };
}
