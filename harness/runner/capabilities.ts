/**
 * What a target can do, read from its discovery documents (RFC 7643 §5, §6) so that scenarios needing a
 * capability it lacks are reported as not applicable, never silently skipped.
 */
import type { ScimClient } from "../http/scim-client.ts";
import type { Exchange } from "../http/exchange.ts";
import type { Capability } from "../scenario/scenario-schema.ts";
import { SCHEMA_ENTERPRISE_USER } from "../scim/schemas.ts";
import { userSchemaInfo, type UserSchemaInfo } from "./user-schema-fit.ts";

export interface TargetCapabilities {
  capabilities: Set<Capability>;
  /** How each capability was decided, for the report. */
  notes: string[];
  exchanges: Exchange[];
  /** The User schema from `/Schemas` (RFC 7643 §7), when the target publishes it. */
  userSchema?: UserSchemaInfo;
}

const resourcesOf = (body: unknown): Record<string, unknown>[] => {
  const list = Array.isArray(body) ? body : (body as { Resources?: unknown } | undefined)?.Resources;
  return Array.isArray(list)
    ? list.filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
    : [];
};

/**
 * Reads `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas`; when `/ResourceTypes` is missing, probes
 * `GET /Groups?count=1`. Throws when the target does not answer at all.
 */
export async function discoverCapabilities(
  client: ScimClient,
  tokenControl: boolean,
): Promise<TargetCapabilities> {
  const caps = new Set<Capability>(["users", "put"]);
  const notes: string[] = [];
  const spc = await client.send({
    label: "discovery: ServiceProviderConfig",
    method: "GET",
    path: "/ServiceProviderConfig",
  });
  const types = await client.send({
    label: "discovery: ResourceTypes",
    method: "GET",
    path: "/ResourceTypes",
  });
  const exchanges = [spc, types];
  if (spc.response === undefined && types.response === undefined) {
    throw new Error(
      `the target does not answer: ${spc.error?.kind ?? "no response"} (${spc.error?.message ?? ""})`,
    );
  }
  const config =
    spc.response?.status === 200 ? (spc.response.body as Record<string, unknown> | undefined) : undefined;
  const supported = (name: string) =>
    (config?.[name] as { supported?: unknown } | undefined)?.supported === true;
  if (config === undefined || supported("patch")) caps.add("patch");
  if (supported("etag")) caps.add("etag");
  notes.push(
    config === undefined
      ? `ServiceProviderConfig: ${spc.response?.status ?? spc.error?.kind}; assuming PATCH`
      : "ServiceProviderConfig read",
  );
  const resourceTypes = types.response?.status === 200 ? resourcesOf(types.response.body) : [];
  let userSchema: UserSchemaInfo | undefined;
  if (resourceTypes.length > 0) {
    const byName = (n: string) =>
      resourceTypes.find((r) => String(r["name"]).toLowerCase() === n.toLowerCase());
    if (byName("Group") !== undefined) caps.add("groups");
    const user = byName("User");
    const extensions = Array.isArray(user?.["schemaExtensions"])
      ? (user["schemaExtensions"] as { schema?: unknown }[])
      : [];
    if (extensions.some((e) => e.schema === SCHEMA_ENTERPRISE_USER)) caps.add("enterpriseUser");
    notes.push(`ResourceTypes: ${resourceTypes.map((r) => String(r["name"])).join(", ")}`);
    const schemas = await client.send({ label: "discovery: Schemas", method: "GET", path: "/Schemas" });
    exchanges.push(schemas);
    userSchema =
      schemas.response?.status === 200
        ? userSchemaInfo(types.response?.body, schemas.response.body)
        : undefined;
    notes.push(
      userSchema === undefined
        ? `Schemas: ${schemas.response?.status ?? schemas.error?.kind}; user attributes not checked`
        : "Schemas read: scenarios whose user attributes do not fit are not applicable",
    );
  } else {
    const probe = await client.send({
      label: "discovery: Groups probe",
      method: "GET",
      path: "/Groups?count=1",
    });
    exchanges.push(probe);
    if (probe.response?.status === 200) caps.add("groups");
    caps.add("enterpriseUser");
    notes.push(
      `ResourceTypes unavailable; GET /Groups answered ${probe.response?.status ?? probe.error?.kind}`,
    );
  }
  if (tokenControl) caps.add("tokenControl");
  return { capabilities: caps, notes, exchanges, ...(userSchema !== undefined ? { userSchema } : {}) };
}
