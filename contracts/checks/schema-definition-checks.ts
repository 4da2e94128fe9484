/**
 * What the target's own discovery documents must say about themselves (RFC 7643 §2, §6, §7): attribute
 * definitions in `/Schemas`, schema extensions in `/ResourceTypes`, and integers written as integers. These
 * read the documents the session fetched once (RFC 7644 §4); a target that serves none is not applicable.
 */
import { attr, bodyOf, createUser, describe, getResource, send, statusOf } from "./check-helpers.ts";
import { SCHEMA_USER } from "../../harness/scim/schemas.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext } from "./contract-check.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const listOf = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const ATTRNAME = /^[A-Za-z][-_A-Za-z0-9]*$/;

/** One attribute definition of a schema, with where it sits (`urn:…:User emails.value`). */
interface Definition {
  where: string;
  attribute: Json;
  /** The complex attribute it is a sub-attribute of, if any. */
  parent?: Json;
}

/** Every attribute and sub-attribute definition of every schema the target serves. */
function definitions(schemas: readonly Json[]): Definition[] {
  const out: Definition[] = [];
  for (const schema of schemas) {
    for (const attribute of listOf(schema["attributes"])) {
      const where = `${String(schema["id"])} ${String(attribute["name"])}`;
      out.push({ where, attribute });
      for (const sub of listOf(attribute["subAttributes"]))
        out.push({ where: `${where}.${String(sub["name"])}`, attribute: sub, parent: attribute });
    }
  }
  return out;
}

function schemasOrSkip(ctx: CheckContext): readonly Json[] {
  if (ctx.discovery.schemas.length === 0)
    return ctx.notApplicable(
      `the target serves no schema definitions (${describe(ctx.discovery.exchanges.schemas)})`,
    );
  return ctx.discovery.schemas;
}

export const attributeDefinitions = defineCheck({
  id: "rfc7643.schema.attribute-definitions",
  title:
    "/Schemas attribute names follow ATTRNAME, simple attributes have no sub-attributes, complex ones nest none",
  rfc: "RFC 7643 §2.1, §2.3.8, §7",
  keyword: "MUST",
  async run(ctx) {
    const problems: string[] = [];
    for (const { where, attribute, parent } of definitions(schemasOrSkip(ctx))) {
      const name = attribute["name"];
      const type = String(attribute["type"]);
      // "$ref" is the RFC's own sub-attribute name for references (RFC 7643 §2.4, §8.7.1), not ATTRNAME.
      const refSub = parent !== undefined && name === "$ref";
      if (typeof name !== "string" || (!ATTRNAME.test(name) && !refSub))
        problems.push(`${where}: the name ${JSON.stringify(name)} is not ATTRNAME (RFC 7643 §2.1)`);
      if (type !== "complex" && listOf(attribute["subAttributes"]).length > 0)
        problems.push(`${where}: a ${type} attribute lists sub-attributes (RFC 7643 §2.3.8, §7)`);
      if (parent !== undefined && type === "complex")
        problems.push(`${where}: a complex attribute inside a complex attribute (RFC 7643 §2.3.8)`);
    }
    return problems.length === 0
      ? []
      : [
          ctx.finding({
            message: problems.join("; "),
            exchanges: [ctx.discovery.exchanges.schemas],
          }),
        ];
  },
});

export const complexSubAttributes = defineCheck({
  id: "rfc7643.schema.complex-sub-attributes",
  title: "/Schemas lists the sub-attributes of every complex attribute",
  rfc: "RFC 7643 §7",
  keyword: "SHOULD",
  async run(ctx) {
    const bare = definitions(schemasOrSkip(ctx))
      .filter((d) => d.attribute["type"] === "complex" && listOf(d.attribute["subAttributes"]).length === 0)
      .map((d) => d.where);
    return bare.length === 0
      ? []
      : [
          ctx.finding({
            message: `complex attributes without "subAttributes": ${bare.join(", ")}`,
            exchanges: [ctx.discovery.exchanges.schemas],
          }),
        ];
  },
});

export const schemaExtensionFields = defineCheck({
  id: "rfc7643.resource-type.schema-extensions",
  title: "Every schemaExtensions entry of /ResourceTypes names its schema and whether it is required",
  rfc: "RFC 7643 §6",
  keyword: "MUST",
  async run(ctx) {
    const types = ctx.discovery.resourceTypes;
    if (types.length === 0)
      return ctx.notApplicable(
        `the target serves no resource types (${describe(ctx.discovery.exchanges.resourceTypes)})`,
      );
    const entries = types.flatMap((t) =>
      listOf(t["schemaExtensions"]).map((e) => ({ type: String(t["name"]), e })),
    );
    if (entries.length === 0)
      return ctx.notApplicable("no resource type lists a schema extension (schemaExtensions is OPTIONAL)");
    const problems: string[] = [];
    for (const { type, e } of entries) {
      if (typeof e["schema"] !== "string" || e["schema"] === "")
        problems.push(`${type}: an extension without "schema" (${JSON.stringify(e)})`);
      if (typeof e["required"] !== "boolean")
        problems.push(
          `${type}: extension ${JSON.stringify(e["schema"])} has "required" ${JSON.stringify(e["required"])}, not a boolean`,
        );
    }
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), exchanges: [ctx.discovery.exchanges.resourceTypes] })];
  },
});

/** A JSON number written with a fraction or an exponent after `"name":` in a raw body. */
function fractionalIntegers(text: string, names: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`"${escaped}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, "gi");
    for (const m of text.matchAll(pattern)) if (/[.eE]/.test(m[1]!)) found.push(`"${name}": ${m[1]!}`);
  }
  return found;
}

/** RFC 7643 §5 integers of /ServiceProviderConfig (bulk.maxOperations, bulk.maxPayloadSize, filter.maxResults). */
const CONFIG_INTEGERS = ["maxOperations", "maxPayloadSize", "maxResults"];

export const integerValues = defineCheck({
  id: "rfc7643.resource.integer-values",
  title: "Integer values carry no fraction and no exponent",
  rfc: "RFC 7643 §2.3.4",
  keyword: "MUST",
  async run(ctx) {
    const config = ctx.discovery.exchanges.serviceProviderConfig;
    const problems: string[] = [];
    if (statusOf(config) === 200)
      for (const p of fractionalIntegers(config.response?.bodyText ?? "", CONFIG_INTEGERS))
        problems.push(`/ServiceProviderConfig ${p}`);
    // The User schema's own integer attributes, read back from a user with none set by the check.
    const integers = definitions(ctx.discovery.schemas)
      .filter((d) => d.attribute["type"] === "integer")
      .map((d) => String(d.attribute["name"]));
    const exchanges = [config];
    if (integers.length > 0) {
      const user = await createUser(ctx, "integers");
      const read = await getResource(ctx, "Users", user.id);
      exchanges.push(user.exchange, read);
      for (const [where, e] of [
        ["the 201 body", user.exchange],
        ["GET by id", read],
      ] as const)
        for (const p of fractionalIntegers(e.response?.bodyText ?? "", integers))
          problems.push(`${where} ${p}`);
    }
    if (statusOf(config) !== 200 && integers.length === 0)
      return ctx.notApplicable("no /ServiceProviderConfig and no integer attribute in /Schemas to read");
    return problems.length === 0
      ? []
      : [ctx.finding({ message: `integers written as ${problems.join(", ")}`, exchanges })];
  },
});

export const requiredExtension = defineCheck({
  id: "rfc7643.resource.required-extension",
  title: "A resource of a type whose extension is required carries that extension",
  rfc: "RFC 7643 §6",
  keyword: "MUST",
  async run(ctx) {
    const type = ctx.discovery.resourceTypes.find((t) => String(t["name"]).toLowerCase() === "user");
    const required = listOf(type?.["schemaExtensions"])
      .filter((e) => e["required"] === true && typeof e["schema"] === "string")
      .map((e) => String(e["schema"]));
    if (required.length === 0)
      return ctx.notApplicable("the User resource type declares no required schema extension");
    // A plain core user: the target must refuse it (400) or answer it with every required extension.
    const exchange = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: {
        schemas: [SCHEMA_USER],
        userName: `${ctx.uniqueName("no-extension")}@example.com`,
      },
    });
    const body = bodyOf(exchange);
    const id = attr(body, "id");
    if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
    if (statusOf(exchange) === 400) return [];
    if (statusOf(exchange) !== 201)
      return ctx.setupFailed(`POST /Users answered neither 201 nor 400: ${describe(exchange)}`, exchange);
    const schemas = attr(body, "schemas");
    const listed = Array.isArray(schemas) ? schemas.map((s) => String(s).toLowerCase()) : [];
    const missing = required.filter((urn) => !listed.includes(urn.toLowerCase()));
    return missing.length === 0
      ? []
      : [
          ctx.finding({
            message: `a user created without the required extension ${missing.join(", ")} was accepted (201) and does not carry it: the target must refuse it or add the extension`,
            actual: schemas ?? null,
            exchanges: [exchange],
          }),
        ];
  },
});

export const discoveryFilter403 = defineCheck({
  id: "rfc7644.discovery.filter-403",
  title: "A filter on /Schemas or /ResourceTypes answers 403",
  rfc: "RFC 7644 §4",
  keyword: "SHOULD",
  async run(ctx) {
    const findings = [];
    for (const [endpoint, filter] of [
      ["Schemas", `id eq "${SCHEMA_USER}"`],
      ["ResourceTypes", 'name eq "User"'],
    ] as const) {
      const exchange = await send(ctx, {
        method: "GET",
        path: `/${endpoint}?filter=${encodeURIComponent(filter)}`,
      });
      if (statusOf(exchange) !== 403)
        findings.push(
          ctx.finding({
            message: `${describe(exchange)}: a filter on a discovery endpoint should be answered 403, so that no client takes its conditions for true`,
            expected: 403,
            actual: statusOf(exchange) ?? exchange.error?.kind ?? null,
            exchanges: [exchange],
          }),
        );
    }
    return findings;
  },
});

/** The schema-definition checks, in catalogue order. */
export const SCHEMA_DEFINITION_CHECKS = [
  attributeDefinitions,
  complexSubAttributes,
  schemaExtensionFields,
  integerValues,
  requiredExtension,
  discoveryFilter403,
];
