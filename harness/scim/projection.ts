/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) honouring each attribute's `returned`
 * characteristic (RFC 7643 §2.2, §7).
 */
import { COMMON_ATTRIBUTES, findAttributeDefinition, schemasOf } from "./schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "./schema-types.ts";
import { ScimError } from "./scim-error.ts";
import { cloneJson, isJsonObject, setOwn } from "./plain-object.ts";
import type { JsonObject } from "./plain-object.ts";

export interface ProjectionOptions {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** A tree of named attributes; `whole` means the node itself was named (not only some of its children). */
interface Selection {
  whole: boolean;
  children: Map<string, Selection>;
}

const DROP = Symbol("drop");

/**
 * The lower-cased selection paths one name stands for: `[attr, sub?]` in the core schema (and common
 * attributes), `[extensionUrn, attr?, sub?]` in an extension, `[]` for the core schema URN itself. An
 * unqualified name that only an extension defines resolves to that extension (RFC 7644 §3.10). A URN
 * no schema of the resource type has yields two readings: a whole top-level key, and `uri:attr[.sub]`.
 */
function selectionPaths(name: string, resourceType: ResourceTypeSchemas): string[][] {
  const lower = name.toLowerCase();
  const core = resourceType.core.id.toLowerCase();
  if (lower.startsWith("urn:")) {
    const ids = schemasOf(resourceType)
      .map((s) => s.id.toLowerCase())
      .sort((x, y) => y.length - x.length);
    for (const id of ids) {
      const scope = id === core ? [] : [id];
      if (lower === id) return [scope];
      if (lower.startsWith(`${id}:`)) return [[...scope, ...lower.slice(id.length + 1).split(".")]];
    }
    const colon = lower.lastIndexOf(":");
    return [[lower], [lower.slice(0, colon), ...lower.slice(colon + 1).split(".")]];
  }
  const segments = lower.split(".");
  const top = segments[0] ?? "";
  if (findAttributeDefinition([...COMMON_ATTRIBUTES, ...resourceType.core.attributes], top) !== undefined) {
    return [segments];
  }
  const ext = resourceType.extensions.find(
    (e) => findAttributeDefinition(e.schema.attributes, top) !== undefined,
  );
  return [ext === undefined ? segments : [ext.schema.id.toLowerCase(), ...segments]];
}

function buildSelection(names: readonly string[], resourceType: ResourceTypeSchemas): Selection {
  const root: Selection = { whole: false, children: new Map() };
  for (const name of names) {
    for (const path of selectionPaths(name, resourceType)) {
      let node = root;
      for (const segment of path) {
        let child = node.children.get(segment);
        if (child === undefined) node.children.set(segment, (child = { whole: false, children: new Map() }));
        node = child;
      }
      node.whole = true;
    }
  }
  return root;
}

/**
 * Inclusion state of a child: `null` = no `attributes` constraint at this level (default set),
 * `undefined` = `attributes` given and the child not named, a Selection = named (wholly or in part).
 */
function childInclusion(parent: Selection | null, name: string): Selection | null | undefined {
  if (parent === null) return null;
  const child = parent.children.get(name);
  if (!parent.whole) return child;
  return child === undefined ? null : { whole: true, children: child.children };
}

function projectValue(
  value: unknown,
  def: AttributeDefinition | undefined,
  incl: Selection | null,
  excl: Selection | undefined,
): unknown {
  const subs = def?.subAttributes ?? [];
  if (!Array.isArray(value)) return projectItem(value, subs, incl, excl);
  const items: unknown[] = [];
  for (const item of value) {
    const projected = projectItem(item, subs, incl, excl);
    if (projected !== DROP) items.push(projected);
  }
  return items.length === 0 && value.length > 0 ? DROP : items;
}

/** One value (or one element of a multi-valued attribute): a copy, projected when it is complex. */
function projectItem(
  value: unknown,
  subs: readonly AttributeDefinition[],
  incl: Selection | null,
  excl: Selection | undefined,
): unknown {
  if (!isJsonObject(value)) return cloneJson(value);
  const projected = projectObject(value, subs, incl, excl);
  return Object.keys(projected).length === 0 && Object.keys(value).length > 0 ? DROP : projected;
}

function projectObject(
  object: JsonObject,
  defs: readonly AttributeDefinition[],
  incl: Selection | null,
  excl: Selection | undefined,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    const name = key.toLowerCase();
    const def = findAttributeDefinition(defs, key);
    const returned = def?.returned ?? "default";
    const childIncl = childInclusion(incl, name);
    const childExcl = excl?.children.get(name);
    if (returned === "never") continue;
    if (returned !== "always") {
      if (childIncl === undefined) continue;
      if (returned === "request" && childIncl === null) continue;
      if (childExcl?.whole === true) continue;
    }
    const projected = projectValue(value, def, childIncl ?? null, childExcl);
    if (projected !== DROP) setOwn(out, key, projected);
  }
  return out;
}

/** The top-level attribute definitions of a resource type, built once per resource type object. */
const TOP_LEVEL = new WeakMap<ResourceTypeSchemas, readonly AttributeDefinition[]>();

function topLevelDefinitions(resourceType: ResourceTypeSchemas): readonly AttributeDefinition[] {
  const cached = TOP_LEVEL.get(resourceType);
  if (cached !== undefined) return cached;
  const topLevel: AttributeDefinition[] = [
    ...COMMON_ATTRIBUTES,
    ...resourceType.core.attributes,
    {
      name: "schemas",
      type: "string",
      multiValued: true,
      description: "RFC 7643 §3",
      required: true,
      caseExact: false,
      mutability: "readOnly",
      returned: "always",
      uniqueness: "none",
    },
    ...resourceType.extensions.map(({ schema }): AttributeDefinition => ({
      name: schema.id,
      type: "complex",
      multiValued: false,
      description: schema.description,
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
      subAttributes: schema.attributes,
    })),
  ];
  TOP_LEVEL.set(resourceType, topLevel);
  return topLevel;
}

/**
 * Applies `attributes` / `excludedAttributes` to a resource and returns a new object (the input is not
 * touched). Rules (RFC 7644 §3.4.2.5, §3.9; RFC 7643 §2.2):
 * - `schemas` and `returned: "always"` attributes (`id`) are always present, even when excluded;
 * - `returned: "never"` (`password`) is never present, even when requested;
 * - `returned: "request"` only when named in `attributes`;
 * - `returned: "default"` (including `meta`) unless excluded; when `attributes` is given, only if named.
 *
 * Names are case-insensitive and may be URN-qualified (`urn:…:enterprise:2.0:User:employeeNumber`),
 * name a sub-attribute (`name.familyName`; `emails.value` keeps `value` in every email), or name a whole
 * extension by its URN. When both lists are given, `attributes` selects and `excludedAttributes` then
 * removes. Complex values and extension objects left empty by the projection are omitted. Attributes not in
 * the schemas are treated as `returned: "default"`; names that match nothing are ignored.
 */
export function projectResource(
  resource: JsonObject,
  resourceType: ResourceTypeSchemas,
  options: ProjectionOptions = {},
): JsonObject {
  if (!isJsonObject(resource)) throw new TypeError("projectResource: the resource must be a plain object");
  const incl = options.attributes?.length ? buildSelection(options.attributes, resourceType) : null;
  const excl = options.excludedAttributes?.length
    ? buildSelection(options.excludedAttributes, resourceType)
    : undefined;
  const topLevel = topLevelDefinitions(resourceType);
  return projectObject(resource, topLevel, incl, excl);
}

const ATTRIBUTE_NAME = /^[A-Za-z][\w-]*(\.([A-Za-z][\w-]*|\$ref))?$/;
const URN_NAME = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[\w.:$-]+$/i;

/**
 * Parses the comma-separated `attributes` / `excludedAttributes` query parameter (RFC 7644 §3.4.2.5).
 * Returns undefined when the parameter is absent or empty; blanks around names and empty items are
 * skipped. A name that is not `[URI ":"] ATTRNAME ["." subAttr]` (RFC 7644 §3.10) throws
 * `ScimError(400, "invalidValue")`: the RFC names no scimType for this, and the parameter value (not a
 * PATCH path, `invalidPath`) is what is wrong.
 */
export function parseAttributeList(
  param: string | undefined,
  paramName = "attributes",
): string[] | undefined {
  if (param === undefined) return undefined;
  const names = param
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const name of names) {
    if (!ATTRIBUTE_NAME.test(name) && !URN_NAME.test(name)) {
      throw new ScimError(
        400,
        "invalidValue",
        `${paramName}: ${JSON.stringify(name)} is not an attribute name`,
      );
    }
  }
  return names.length === 0 ? undefined : names;
}
