/**
 * Whether an IdP variant's user attributes fit a target's User schema (RFC 7643 §7 `/Schemas`, §6
 * `/ResourceTypes`): an attribute mapping that writes attributes the target does not have, or never sends
 * one it requires, is a configuration no admin would choose for that app (seeds 000–004 list each app's
 * attributes), so the scenario is not applicable there rather than failed. Attributes the admin can delete
 * from the mapping (`UserAttributeNeeds.omittable`) are deleted first (`adaptToUserSchema`): the scenario
 * runs with the adapted mapping, unless it checks one of them itself.
 */
import type { IdpModel, UserAttributeNeeds } from "../idp/idp-model.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import type { OptionValue } from "../scenario/scenario-schema.ts";
import type { FilterNode } from "../scim/filter-ast.ts";
import { parseFilter } from "../scim/filter-parser.ts";

/** The target's User resource type as discovered: its attribute paths and the required ones, lower-case. */
export interface UserSchemaInfo {
  /** `username`, `name.givenname`, `emails.value`, `urn:…:enterprise:2.0:user:department`, … */
  attributes: ReadonlySet<string>;
  /** Required (and not readOnly) attributes, including required sub-attributes of required complex ones. */
  required: ReadonlySet<string>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Attributes every resource has whatever its schema (RFC 7643 §3.1). */
const COMMON = ["id", "externalid", "meta", "schemas"];

const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user";

/**
 * A SCIM attribute path in the form the schema flattening uses: lower-case, value filters dropped, the core
 * User URN dropped, extension attributes as `<schema urn>:<attr>` (RFC 7644 §3.10).
 */
export function normaliseAttributePath(path: string): string {
  const lower = path.replace(/\[[^\]]*\]/g, "").toLowerCase();
  return lower.startsWith(`${CORE_USER}:`) ? lower.slice(CORE_USER.length + 1) : lower;
}

function walk(
  attributes: unknown,
  prefix: string,
  parentRequired: boolean,
  into: { attributes: Set<string>; required: Set<string> },
): void {
  if (!Array.isArray(attributes)) return;
  for (const attribute of attributes) {
    if (!isObject(attribute) || typeof attribute["name"] !== "string") continue;
    const path = `${prefix}${attribute["name"].toLowerCase()}`;
    into.attributes.add(path);
    const required = attribute["required"] === true && attribute["mutability"] !== "readOnly";
    if (required && parentRequired) into.required.add(path);
    walk(attribute["subAttributes"], `${path}.`, required && parentRequired, into);
  }
}

/**
 * The User schema of a target from its `/ResourceTypes` and `/Schemas` answers (ListResponse bodies);
 * undefined when either is missing or names no User schema, so that nothing is judged on a guess.
 */
export function userSchemaInfo(resourceTypes: unknown, schemas: unknown): UserSchemaInfo | undefined {
  const list = (body: unknown): Json[] => {
    const resources = Array.isArray(body) ? body : isObject(body) ? body["Resources"] : undefined;
    return Array.isArray(resources) ? resources.filter(isObject) : [];
  };
  const user = list(resourceTypes).find((r) => String(r["name"]).toLowerCase() === "user");
  const core = typeof user?.["schema"] === "string" ? user["schema"] : undefined;
  const byId = new Map(list(schemas).map((s) => [String(s["id"]).toLowerCase(), s]));
  const coreSchema = core === undefined ? undefined : byId.get(core.toLowerCase());
  if (user === undefined || coreSchema === undefined) return undefined;
  const into = { attributes: new Set<string>(COMMON), required: new Set<string>() };
  walk(coreSchema["attributes"], "", true, into);
  const extensions = Array.isArray(user["schemaExtensions"]) ? user["schemaExtensions"].filter(isObject) : [];
  for (const extension of extensions) {
    const id = String(extension["schema"]).toLowerCase();
    walk(byId.get(id)?.["attributes"], `${id}:`, extension["required"] === true, into);
  }
  return into;
}

/** What does not fit: attributes the target lacks (strict writers only), required ones never sent. */
export interface UserSchemaGap {
  unsupported: string[];
  missingRequired: string[];
}

/** Compares what a variant writes with the target's User schema. */
export function userSchemaGap(needs: UserAttributeNeeds, schema: UserSchemaInfo): UserSchemaGap {
  const sent = needs.sent.map(normaliseAttributePath);
  const known = (path: string): boolean => {
    if (schema.attributes.has(path)) return true;
    // A complex attribute published without sub-attributes: trust its name.
    const parent = path.slice(0, path.lastIndexOf("."));
    return (
      parent !== "" &&
      schema.attributes.has(parent) &&
      ![...schema.attributes].some((a) => a.startsWith(`${parent}.`))
    );
  };
  const unsupported = needs.strict ? needs.sent.filter((_, i) => !known(sent[i]!)) : [];
  const missing = [...schema.required].filter((r) => !sent.some((s) => s === r || s.startsWith(`${r}.`)));
  // A missing required complex attribute stands for its required sub-attributes.
  const missingRequired = missing.filter((r) => !missing.some((p) => r.startsWith(`${p}.`)));
  return { unsupported, missingRequired };
}

/** The not-applicable reason for a gap, or undefined when the variant fits. */
export function describeGap(needs: UserAttributeNeeds, gap: UserSchemaGap): string | undefined {
  const parts: string[] = [];
  if (gap.unsupported.length > 0)
    parts.push(`the target's User schema has no ${gap.unsupported.join(", ")} (sent by ${needs.label})`);
  if (gap.missingRequired.length > 0)
    parts.push(`the target requires ${gap.missingRequired.join(", ")}, which ${needs.label} does not send`);
  return parts.length === 0
    ? undefined
    : `${parts.join("; ")} (no admin would configure that for this app; use a mapping that fits, e.g. the app's seed mapping)`;
}

/** Steps that write no user attributes: a variant made only of these fits any User schema. */
const NO_USER_WRITES = new Set(["testConnection", "request", "expireToken", "rotateToken"]);

/** Why a variant's user attributes do not fit the target's User schema, or undefined when they do. */
export function variantMisfit(
  variant: ScenarioVariant,
  model: IdpModel,
  options: Record<string, OptionValue>,
  schema: UserSchemaInfo,
): string | undefined {
  if (model.userAttributes === undefined) return undefined;
  if (variant.scenario.steps.every((s) => NO_USER_WRITES.has(s.do))) return undefined;
  const needs = model.userAttributes(options);
  return describeGap(needs, userSchemaGap(needs, schema));
}

/** A variant adapted to the target's User schema: the options to run with and what was left out. */
export type SchemaAdaptation =
  { options: Record<string, OptionValue>; dropped: string[]; inferred: boolean } | { notApplicable: string };

const filterPaths = (node: FilterNode, into: string[], prefix = ""): void => {
  const name = (p: { uri?: string; name: string; subAttr?: string }) =>
    normaliseAttributePath(`${p.uri !== undefined ? `${p.uri}:` : ""}${prefix}${p.name}`);
  switch (node.kind) {
    case "and":
    case "or":
      filterPaths(node.left, into, prefix);
      filterPaths(node.right, into, prefix);
      return;
    case "not":
      filterPaths(node.filter, into, prefix);
      return;
    case "valuePath":
      into.push(name(node.path));
      filterPaths(node.filter, into, `${name(node.path)}.`);
      return;
    default:
      into.push(
        name(node.path) + (node.path.subAttr !== undefined ? `.${node.path.subAttr.toLowerCase()}` : ""),
      );
  }
};

/** User attributes (normalised) the variant's expectations read: user state filters and body pointers. */
export function expectedUserAttributes(variant: ScenarioVariant): string[] {
  const paths: string[] = [];
  for (const step of variant.scenario.steps) {
    for (const state of step.expect?.state ?? []) {
      if (!("user" in state) || state.matches === undefined) continue;
      try {
        filterPaths(parseFilter(state.matches), paths);
      } catch {
        // An unparsable filter fails as the scenario's own expectation; nothing to adapt on.
      }
    }
    for (const pointer of Object.keys(step.expect?.body ?? {})) {
      const first = pointer.split("/")[1];
      if (first !== undefined && first !== "") paths.push(normaliseAttributePath(first.replace(/~1/g, "/")));
    }
  }
  return paths;
}

/** Whether an expectation path reads a dropped attribute (or a part of it, or it as a part). */
const reads = (expected: string, dropped: string): boolean =>
  expected === dropped || expected.startsWith(`${dropped}.`) || dropped.startsWith(`${expected}.`);

/**
 * Adapts a variant to the target's User schema as an admin would: the attributes the target does not have
 * and the IdP lets the admin unmap are left out (`omitAttributes`), for PATCH writers and whole-resource
 * writers alike. Not applicable when the scenario checks a left-out attribute (it is the subject), or when
 * what remains still does not fit (an attribute the admin cannot unmap, a required one never sent).
 */
export function adaptToUserSchema(
  variant: ScenarioVariant,
  model: IdpModel,
  options: Record<string, OptionValue>,
  schema: UserSchemaInfo,
): SchemaAdaptation {
  const unchanged = { options, dropped: [], inferred: false };
  if (model.userAttributes === undefined) return unchanged;
  if (variant.scenario.steps.every((s) => NO_USER_WRITES.has(s.do))) return unchanged;
  const needs = model.userAttributes(options);
  const lacking = userSchemaGap({ ...needs, strict: true }, schema).unsupported;
  const dropped = lacking.filter((a) => needs.omittable?.includes(a) === true);
  if (dropped.length === 0) {
    const misfit = describeGap(needs, userSchemaGap(needs, schema));
    return misfit === undefined ? unchanged : { notApplicable: misfit };
  }
  const expected = expectedUserAttributes(variant);
  const checked = dropped.filter((d) => expected.some((e) => reads(e, normaliseAttributePath(d))));
  if (checked.length > 0) {
    return {
      notApplicable: `the scenario checks ${checked.join(", ")}, which the target's User schema does not have`,
    };
  }
  const already = typeof options["omitAttributes"] === "string" ? [options["omitAttributes"]] : [];
  const adapted = model.resolveOptions({
    ...variant.options,
    omitAttributes: [...already, ...dropped].join(","),
  });
  const adaptedNeeds = model.userAttributes(adapted);
  const misfit = describeGap(adaptedNeeds, userSchemaGap(adaptedNeeds, schema));
  if (misfit !== undefined) return { notApplicable: misfit };
  return { options: adapted, dropped, inferred: needs.omissionInferred === true };
}
