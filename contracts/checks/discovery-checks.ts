/**
 * Discovery (RFC 7644 §4; RFC 7643 §5–§7): the three endpoints answer with well-formed documents, and what
 * they declare matches how the target behaves.
 */
import {
  SCHEMA_RESOURCE_TYPE,
  SCHEMA_SERVICE_PROVIDER_CONFIG,
  SCHEMA_USER,
} from "../../harness/scim/schemas.ts";
import { bodyOf, createUser, describe, resourcesOf, send, statusOf } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { Problem } from "./contract-check.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const hasSchema = (body: Json | undefined, urn: string) =>
  Array.isArray(body?.["schemas"]) &&
  (body["schemas"] as unknown[]).some((s) => String(s).toLowerCase() === urn.toLowerCase());

export const serviceProviderConfig = defineCheck({
  id: "rfc7644.discovery.service-provider-config",
  title: "/ServiceProviderConfig describes the supported features",
  rfc: "RFC 7644 §4; RFC 7643 §5",
  keyword: "MUST",
  async run(ctx) {
    const exchange = ctx.discovery.exchanges.serviceProviderConfig;
    const body = bodyOf(exchange);
    if (statusOf(exchange) !== 200 || body === undefined) {
      return [
        ctx.finding({
          message: `${describe(exchange)}: expected 200 with a JSON object`,
          exchanges: [exchange],
        }),
      ];
    }
    const problems: string[] = [];
    if (!hasSchema(body, SCHEMA_SERVICE_PROVIDER_CONFIG))
      problems.push(`"schemas" lacks ${SCHEMA_SERVICE_PROVIDER_CONFIG}`);
    for (const feature of ["patch", "bulk", "filter", "changePassword", "sort", "etag"]) {
      const value = body[feature];
      if (!isObject(value) || typeof value["supported"] !== "boolean")
        problems.push(`"${feature}.supported" is not a boolean`);
    }
    const bulk = body["bulk"];
    if (
      isObject(bulk) &&
      (!Number.isInteger(bulk["maxOperations"]) || !Number.isInteger(bulk["maxPayloadSize"]))
    ) {
      problems.push(`"bulk.maxOperations" and "bulk.maxPayloadSize" must be integers`);
    }
    const filter = body["filter"];
    if (isObject(filter) && !Number.isInteger(filter["maxResults"]))
      problems.push(`"filter.maxResults" is not an integer`);
    if (!Array.isArray(body["authenticationSchemes"]))
      problems.push(`"authenticationSchemes" is not an array`);
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), actual: body, exchanges: [exchange] })];
  },
});

export const resourceTypes = defineCheck({
  id: "rfc7644.discovery.resource-types",
  title: "/ResourceTypes lists the resource types with name, endpoint and schema",
  rfc: "RFC 7644 §4; RFC 7643 §6",
  keyword: "MUST",
  async run(ctx) {
    const exchange = ctx.discovery.exchanges.resourceTypes;
    if (statusOf(exchange) !== 200) {
      return [
        ctx.finding({
          message: `${describe(exchange)}: expected 200 with a ListResponse`,
          exchanges: [exchange],
        }),
      ];
    }
    const types = resourcesOf(exchange.response?.body);
    const problems: string[] = [];
    if (!types.some((t) => String(t["name"]) === "User")) problems.push(`no resource type named "User"`);
    for (const type of types) {
      const missing = ["name", "endpoint", "schema"].filter((k) => typeof type[k] !== "string");
      if (missing.length > 0)
        problems.push(`${JSON.stringify(type["name"] ?? type["id"])} lacks ${missing.join(", ")}`);
      if (!hasSchema(type, SCHEMA_RESOURCE_TYPE))
        problems.push(`${JSON.stringify(type["name"])}: "schemas" lacks ${SCHEMA_RESOURCE_TYPE}`);
    }
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), exchanges: [exchange] })];
  },
});

export const schemas = defineCheck({
  id: "rfc7644.discovery.schemas",
  title: "/Schemas defines every schema the resource types use",
  rfc: "RFC 7644 §4; RFC 7643 §7",
  keyword: "MUST",
  async run(ctx) {
    const exchange = ctx.discovery.exchanges.schemas;
    if (statusOf(exchange) !== 200) {
      return [
        ctx.finding({
          message: `${describe(exchange)}: expected 200 with a ListResponse`,
          exchanges: [exchange],
        }),
      ];
    }
    const ids = new Set(ctx.discovery.schemas.map((s) => String(s["id"]).toLowerCase()));
    const needed = [SCHEMA_USER];
    for (const type of ctx.discovery.resourceTypes) {
      if (typeof type["schema"] === "string") needed.push(type["schema"]);
      const extensions = Array.isArray(type["schemaExtensions"]) ? (type["schemaExtensions"] as Json[]) : [];
      for (const e of extensions) if (typeof e["schema"] === "string") needed.push(e["schema"]);
    }
    const problems = [...new Set(needed)]
      .filter((urn) => !ids.has(urn.toLowerCase()))
      .map((urn) => `${urn} is not in /Schemas`);
    for (const schema of ctx.discovery.schemas) {
      const attributes = schema["attributes"];
      if (!Array.isArray(attributes)) problems.push(`${String(schema["id"])}: "attributes" is not an array`);
      else {
        const bad = (attributes as unknown[]).filter(
          (a) => !isObject(a) || typeof a["name"] !== "string" || typeof a["type"] !== "string",
        );
        if (bad.length > 0)
          problems.push(`${String(schema["id"])}: ${bad.length} attribute(s) without "name" and "type"`);
      }
    }
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), exchanges: [exchange] })];
  },
});

export const endpointsServed = defineCheck({
  id: "rfc7643.discovery.endpoints-served",
  title: "Every endpoint /ResourceTypes declares answers a list request",
  rfc: "RFC 7643 §6; RFC 7644 §3.4.2",
  keyword: "MUST",
  async run(ctx) {
    if (ctx.discovery.resourceTypes.length === 0)
      return ctx.notApplicable("/ResourceTypes lists nothing to compare with");
    const problems: Problem[] = [];
    for (const type of ctx.discovery.resourceTypes) {
      const endpoint = String(type["endpoint"] ?? "");
      if (!endpoint.startsWith("/")) continue;
      const exchange = await send(ctx, { method: "GET", path: `${endpoint}?count=1` });
      if (statusOf(exchange) !== 200) {
        problems.push({
          message: `${String(type["name"])} is declared at ${endpoint}, but ${describe(exchange)}`,
          exchanges: [exchange],
          evidence: statusOf(exchange) === 404 ? ["B20"] : [],
        });
      }
    }
    return problems.map((p) => ctx.finding(p));
  },
});

export const schemaMatchesResources = defineCheck({
  id: "rfc7643.discovery.schema-matches-resources",
  title: "Users carry only attributes /Schemas declares",
  rfc: "RFC 7643 §7; RFC 7644 §4",
  keyword: "SHOULD",
  async run(ctx) {
    const declared = ctx.discovery.userAttributes;
    if (declared === undefined) return ctx.notApplicable("/Schemas has no User schema to compare with");
    const user = await createUser(ctx, "schema");
    const extensionKeys = new Set(
      ctx.discovery.schemas
        .map((s) => String(s["id"]).toLowerCase())
        .filter((id) => id !== SCHEMA_USER.toLowerCase()),
    );
    const common = new Set(["id", "externalid", "meta", "schemas"]);
    const extra = Object.keys(user.body).filter((k) => {
      const key = k.toLowerCase();
      return !common.has(key) && !declared.has(key) && !extensionKeys.has(key);
    });
    return extra.length === 0
      ? []
      : [
          ctx.finding({
            message: `the created user carries attribute(s) the User schema does not declare: ${extra.join(", ")}`,
            actual: extra,
            exchanges: [user.exchange, ctx.discovery.exchanges.schemas],
          }),
        ];
  },
});

export const authenticationSchemesPublic = defineCheck({
  id: "rfc7643.discovery.authentication-schemes-public",
  title: "/ServiceProviderConfig, with its authenticationSchemes, is readable without authentication",
  rfc: "RFC 7643 §5",
  keyword: "SHOULD",
  async run(ctx) {
    const schemes = ctx.discovery.serviceProviderConfig?.["authenticationSchemes"];
    if (!Array.isArray(schemes))
      return ctx.setupFailed(
        "/ServiceProviderConfig read with the token has no authenticationSchemes (rfc7644.discovery.service-provider-config reports it)",
        ctx.discovery.exchanges.serviceProviderConfig,
      );
    // RFC 7643 §5: the SP "SHOULD, with the appropriate security considerations, make the
    // authenticationSchemes attribute publicly accessible without prior authentication": a SHOULD, so a
    // server that protects the document too is a warning.
    const exchange = await send(ctx, { method: "GET", path: "/ServiceProviderConfig", auth: "none" });
    const body = bodyOf(exchange);
    if (statusOf(exchange) === 200 && Array.isArray(body?.["authenticationSchemes"])) return [];
    return [
      ctx.finding({
        message: `GET /ServiceProviderConfig without credentials: ${describe(exchange)}${statusOf(exchange) === 200 ? " without authenticationSchemes" : ""}; a client cannot discover how to authenticate before it has credentials`,
        expected: { status: 200, authenticationSchemes: schemes },
        actual: body ?? statusOf(exchange) ?? exchange.error?.kind ?? null,
        exchanges: [exchange],
      }),
    ];
  },
});

/** The discovery checks, in catalogue order. */
export const DISCOVERY_CHECKS = [
  serviceProviderConfig,
  resourceTypes,
  schemas,
  endpointsServed,
  schemaMatchesResources,
  authenticationSchemesPublic,
];
