/**
 * What every contract check runs against: a SCIM client, the target's discovery documents (read first,
 * RFC 7644 §4), a run-unique name prefix, and a cleanup registry that deletes what the checks created.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";

/** Optional SCIM features `/ServiceProviderConfig` advertises (RFC 7643 §5). */
export type Feature = "patch" | "bulk" | "filter" | "changePassword" | "sort" | "etag";

type Json = Record<string, unknown>;

/** The target's discovery documents and what follows from them. */
export interface Discovery {
  /** The `/ServiceProviderConfig` body when it answered 200 with an object. */
  serviceProviderConfig: Json | undefined;
  /** `/ResourceTypes` resources (empty when unavailable). */
  resourceTypes: Json[];
  /** `/Schemas` resources (empty when unavailable). */
  schemas: Json[];
  exchanges: { serviceProviderConfig: Exchange; resourceTypes: Exchange; schemas: Exchange };
  /** `<feature>.supported`; undefined when `/ServiceProviderConfig` could not be read. */
  supports(feature: Feature): boolean | undefined;
  hasGroups: boolean;
  hasEnterpriseUser: boolean;
  /**
   * User attribute names the target declares, lower-case (`emails`, `name.givenName` as `name.givenname`,
   * extension attributes by bare name); undefined when `/Schemas` has no User schema.
   */
  userAttributes: ReadonlySet<string> | undefined;
}

const objectBody = (exchange: Exchange): Json | undefined => {
  const body = exchange.response?.status === 200 ? exchange.response.body : undefined;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Json) : undefined;
};

/** The `Resources` of a list body (or a bare array, which some SPs send). */
export function resourcesOf(body: unknown): Json[] {
  const list = Array.isArray(body) ? body : (body as { Resources?: unknown } | undefined)?.Resources;
  return Array.isArray(list)
    ? list.filter((r): r is Json => typeof r === "object" && r !== null && !Array.isArray(r))
    : [];
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
      const name = String(attribute["name"]).toLowerCase();
      names.add(name);
      const subs = Array.isArray(attribute["subAttributes"]) ? (attribute["subAttributes"] as Json[]) : [];
      for (const sub of subs) names.add(`${name}.${String(sub["name"]).toLowerCase()}`);
    }
  };
  collect(user);
  for (const urn of extensions) {
    collect(schemas.find((s) => String(s["id"]).toLowerCase() === urn.toLowerCase()));
  }
  return names;
}

/** Reads `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4). Never throws. */
export async function readDiscovery(client: ScimClient): Promise<Discovery> {
  const get = (path: string) => client.send({ label: `discovery: ${path}`, method: "GET", path });
  const spcExchange = await get("/ServiceProviderConfig");
  const typesExchange = await get("/ResourceTypes");
  const schemasExchange = await get("/Schemas");
  const spc = objectBody(spcExchange);
  const resourceTypes = resourcesOf(
    typesExchange.response?.status === 200 ? typesExchange.response.body : undefined,
  );
  const schemas = resourcesOf(
    schemasExchange.response?.status === 200 ? schemasExchange.response.body : undefined,
  );
  const byName = (name: string) =>
    resourceTypes.find((r) => String(r["name"]).toLowerCase() === name.toLowerCase());
  const user = byName("User");
  const extensions = (Array.isArray(user?.["schemaExtensions"]) ? (user["schemaExtensions"] as Json[]) : [])
    .map((e) => String(e["schema"]))
    .filter((s) => s !== "undefined");
  let hasGroups = byName("Group") !== undefined;
  if (resourceTypes.length === 0) {
    const probe = await client.send({
      label: "discovery: Groups probe",
      method: "GET",
      path: "/Groups?count=1",
    });
    hasGroups = probe.response?.status === 200;
  }
  return {
    serviceProviderConfig: spc,
    resourceTypes,
    schemas,
    exchanges: { serviceProviderConfig: spcExchange, resourceTypes: typesExchange, schemas: schemasExchange },
    supports(feature) {
      if (spc === undefined) return undefined;
      return (spc[feature] as { supported?: unknown } | undefined)?.supported === true;
    },
    hasGroups,
    hasEnterpriseUser:
      resourceTypes.length === 0 ||
      extensions.some((e) => e.toLowerCase() === SCHEMA_ENTERPRISE_USER.toLowerCase()),
    userAttributes: declaredUserAttributes(schemas, extensions),
  };
}

/** What the cleanup did (best effort; failures are listed, never thrown). */
export interface CleanupSummary {
  attempted: number;
  deleted: number;
  failures: string[];
}

/** Remembers every resource a check created, and deletes them (groups first) at the end. */
export class CleanupRegistry {
  readonly #items = new Map<string, { kind: "Users" | "Groups"; id: string }>();

  track(kind: "Users" | "Groups", id: string): void {
    this.#items.set(`${kind}/${id}`, { kind, id });
  }

  /** A resource the check already deleted itself. */
  forget(kind: "Users" | "Groups", id: string): void {
    this.#items.delete(`${kind}/${id}`);
  }

  get size(): number {
    return this.#items.size;
  }

  async run(client: ScimClient): Promise<CleanupSummary> {
    const items = [...this.#items.values()].sort((a, b) =>
      a.kind === b.kind ? 0 : a.kind === "Groups" ? -1 : 1,
    );
    const summary: CleanupSummary = { attempted: 0, deleted: 0, failures: [] };
    for (const { kind, id } of items) {
      summary.attempted++;
      const exchange = await client.send({
        label: `cleanup: delete ${kind}/${id}`,
        method: "DELETE",
        path: `/${kind}/${encodeURIComponent(id)}`,
      });
      const status = exchange.response?.status;
      if (status !== undefined && (status < 300 || status === 404)) {
        summary.deleted++;
        this.#items.delete(`${kind}/${id}`);
      } else summary.failures.push(`DELETE /${kind}/${id}: ${status ?? exchange.error?.kind}`);
    }
    return summary;
  }
}

/** The suite-wide context of a contract run. */
export interface ContractContext {
  readonly client: ScimClient;
  readonly target: StartedScimTarget;
  readonly discovery: Discovery;
  /** Run-unique name prefix, `scimh-<runId>-`; every resource a check creates starts with it. */
  readonly prefix: string;
  readonly cleanup: CleanupRegistry;
  /** This check's own prefix, `scimh-<runId>-c<n>-`: `userName sw checkPrefix` scopes a query to its users. */
  readonly checkPrefix: string;
  /** A fresh name under the check prefix, `scimh-<runId>-c<n>-<label>` (a repeated label gets a counter). */
  uniqueName(label: string): string;
}
