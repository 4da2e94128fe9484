/**
 * The invariants of the stateful property, as pure functions of what the target answered and what the
 * model remembers (no I/O: the commands read the target and call these). Each violation names its
 * invariant and the RFC sentence behind it; where the RFC allows several answers, every one passes.
 *
 * - `schema.returned`: an attribute declared `returned: "never"` never comes back (RFC 7643 §7).
 * - `schema.type`: every returned value has the declared type and plurality (RFC 7643 §2.3, §7).
 * - `schema.required`: a required attribute returned by default is in every full representation (RFC 7643 §7).
 * - `schema.readOnly`: a client value for a readOnly attribute is never taken (RFC 7643 §7, RFC 7644 §3.5.2).
 * - `meta.*`: `created` fixed, `lastModified` equal to `created` until the first change, never earlier and
 *   moved by a change, `version` changed by a change, `location` the resource's URL, `resourceType`
 *   (RFC 7643 §3.1, RFC 7644 §3.14).
 * - `groups`: a user's `groups`, when returned, list exactly the case's groups the user is a member of
 *   (RFC 7643 §4.1.2).
 *
 * Each violation carries its `replay`: a JSON Schema fragment (replay-schema.ts) that the saved
 * counterexample's read step expects (`expect.schema`), accepting what the invariant accepts. What a schema
 * on one body cannot say is supplied by the recording (stateful-model.ts `replayOn`): earlier `meta`
 * values are captured from the earlier read's step, a readOnly value is judged only while a `/Schemas`
 * step shows the attribute declared readOnly, and the write before a `lastModified` comparison waits
 * (`delayMs`) longer than the timestamps resolve. Not replayed: a readOnly PATCH that a server answered
 * 2xx without taking any value a read shows (its step title says so), and a query's complex or
 * multi-valued state difference (stateful-lifecycle.ts `queriedSchema`, named in the step title).
 */
import type { AttrPath } from "../../harness/scim/filter-ast.ts";
import { parseAttrPath } from "../../harness/scim/filter-parser.ts";
import { resolveAttribute } from "../../harness/scim/schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { anyCase, at, DATE_TIME_PATTERN, hasKey, ifString, typeSchema } from "./replay-schema.ts";
import type { JsonSchema } from "./replay-schema.ts";

type Json = Record<string, unknown>;

export type InvariantId =
  | "state"
  | "schema.returned"
  | "schema.type"
  | "schema.required"
  | "schema.readOnly"
  | "meta.created"
  | "meta.lastModified"
  | "meta.version"
  | "meta.location"
  | "meta.resourceType"
  | "groups"
  | "deleted"
  | "projection"
  | "uniqueness";

/** One broken invariant. */
export interface Violation {
  invariant: InvariantId;
  message: string;
  rfc: string;
  /**
   * What the read's body must satisfy for this invariant to hold (a scenario `expect.schema` fragment,
   * replay-schema.ts): the same answers the invariant accepts, no fewer.
   */
  replay: JsonSchema;
  /** `replay` holds only while the target declares this attribute readOnly (it replays then only). */
  declared?: { schemaId: string; attribute: AttributeDefinition; subAttribute?: AttributeDefinition };
  /**
   * The write before the read must be sent at least this long after the read that showed the previous
   * change, for `replay` to hold (timestamps that resolve no finer cannot move).
   */
  spaceWriteMs?: number;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const keyOf = (body: Json, name: string) =>
  Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
const fieldOf = (body: Json | undefined, name: string): unknown => {
  if (body === undefined) return undefined;
  const key = keyOf(body, name);
  return key === undefined ? undefined : body[key];
};

/** An xsd:dateTime (RFC 7643 §2.3.5), e.g. 2008-01-23T04:56:22Z. */
const DATE_TIME = new RegExp(DATE_TIME_PATTERN);

function typeError(def: AttributeDefinition, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (def.type) {
    case "string":
    case "reference":
    case "binary":
      return typeof value === "string" ? undefined : "a string";
    case "boolean":
      return typeof value === "boolean" ? undefined : "a JSON boolean";
    case "integer":
      return Number.isInteger(value) ? undefined : "an integer";
    case "decimal":
      return typeof value === "number" ? undefined : "a number";
    case "dateTime":
      return typeof value === "string" && DATE_TIME.test(value) ? undefined : "an xsd:dateTime string";
    case "complex":
      return isObject(value) ? undefined : "a JSON object";
  }
}

/** Walks the attributes of a body that the definitions know, with their dotted names. */
function walk(
  body: Json,
  defs: readonly AttributeDefinition[],
  visit: (def: AttributeDefinition, value: unknown, path: readonly string[]) => void,
  prefix: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(body)) {
    const def = defs.find((d) => d.name.toLowerCase() === key.toLowerCase());
    if (def === undefined) continue;
    const path = [...prefix, key];
    visit(def, value, path);
    const items = def.multiValued && Array.isArray(value) ? value : [value];
    for (const item of items)
      if (def.type === "complex" && isObject(item) && def.subAttributes !== undefined)
        walk(item, def.subAttributes, visit, path);
  }
}

/** Every schema of the resource type with the object that holds its attributes in `body`. */
function parts(
  body: Json,
  type: ResourceTypeSchemas,
): { defs: readonly AttributeDefinition[]; node: Json; urn?: string }[] {
  const out: { defs: readonly AttributeDefinition[]; node: Json; urn?: string }[] = [
    { defs: type.core.attributes, node: body },
  ];
  for (const { schema } of type.extensions) {
    const node = fieldOf(body, schema.id);
    if (isObject(node)) out.push({ defs: schema.attributes, node, urn: schema.id });
  }
  return out;
}

/**
 * `returned`, `type` and (for a full representation) `required`, against the schemas the target
 * declares. `full` is false for projected bodies (`attributes=`), where only `returned` and `type` hold.
 */
export function schemaViolations(body: Json, type: ResourceTypeSchemas, full: boolean): Violation[] {
  const out: Violation[] = [];
  for (const { defs, node, urn } of parts(body, type)) {
    const root = urn === undefined ? [] : [urn];
    const nameOf = (path: readonly string[]) => (urn === undefined ? "" : `${urn}:`) + path.join(".");
    walk(node, defs, (def, value, path) => {
      const name = nameOf(path);
      // The replay applies the declared type to every element of a multi-valued complex parent.
      const type = at([...root, ...path], typeSchema(def), true);
      if (def.returned === "never" && value !== undefined && value !== null)
        out.push({
          invariant: "schema.returned",
          message: `${name} is declared returned "never" but came back`,
          rfc: 'RFC 7643 §7 returned "never": "The attribute is never returned"',
          replay: at([...root, ...path], { type: "null" }, true),
        });
      if (def.multiValued && !Array.isArray(value) && value !== null) {
        out.push({
          invariant: "schema.type",
          message: `${name} is declared multi-valued but is ${JSON.stringify(value)}, not an array`,
          rfc: "RFC 7643 §2.4: a multi-valued attribute is a JSON array",
          replay: type,
        });
        return;
      }
      if (!def.multiValued && Array.isArray(value)) {
        out.push({
          invariant: "schema.type",
          message: `${name} is declared single-valued but is an array`,
          rfc: "RFC 7643 §2.3, §7 multiValued",
          replay: type,
        });
        return;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        const wanted = typeError(def, item);
        if (wanted !== undefined)
          out.push({
            invariant: "schema.type",
            message: `${name} is declared ${def.type} but is ${JSON.stringify(item)}, not ${wanted}`,
            rfc: `RFC 7643 §2.3: the data type of an attribute is the one its schema declares (${def.type})`,
            replay: type,
          });
      }
    });
    if (!full) continue;
    for (const def of defs) {
      if (!def.required || def.returned === "never" || def.returned === "request") continue;
      const value = fieldOf(node, def.name);
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
        out.push({
          invariant: "schema.required",
          message: `${nameOf([def.name])} is declared required (returned "${def.returned}") but is missing`,
          rfc: 'RFC 7643 §7: a "required" attribute has a value, and returned "default"/"always" returns it',
          replay: at(root, {
            ...hasKey(def.name),
            patternProperties: { [anyCase(def.name)]: { not: { type: "null" }, minItems: 1 } },
          }),
        });
    }
  }
  return out;
}

/** The paths among `sent` that the resource type declares readOnly. */
export function readOnlyPaths(sent: ReadonlyMap<string, unknown>, type: ResourceTypeSchemas): string[] {
  return [...sent.keys()].filter((text) => {
    try {
      const resolved = resolveAttribute(type, parseAttrPath(text));
      return (resolved?.subAttribute ?? resolved?.attribute)?.mutability === "readOnly";
    } catch {
      return false;
    }
  });
}

/**
 * A client value for a readOnly attribute that the target took: `sent` are the values a request asked
 * for (attribute path → value), `before` and `after` the resource around it.
 */
export function readOnlyViolations(
  sent: ReadonlyMap<string, unknown>,
  before: Json,
  after: Json,
  type: ResourceTypeSchemas,
): Violation[] {
  const out: Violation[] = [];
  for (const [text, value] of sent) {
    let path: AttrPath;
    try {
      path = parseAttrPath(text);
    } catch {
      continue;
    }
    const resolved = resolveAttribute(type, path);
    const def = resolved?.subAttribute ?? resolved?.attribute;
    if (def?.mutability !== "readOnly" || resolved === undefined) continue;
    const read = (body: Json) => {
      const holder = resolved.inExtension ? fieldOf(body, resolved.schemaId) : body;
      const v = isObject(holder) ? fieldOf(holder, path.name) : undefined;
      return path.subAttr === undefined ? v : isObject(v) ? fieldOf(v, path.subAttr) : undefined;
    };
    const was = read(before);
    const now = read(after);
    if (JSON.stringify(now) === JSON.stringify(value) && JSON.stringify(was) !== JSON.stringify(value))
      out.push({
        invariant: "schema.readOnly",
        message: `${text} is declared readOnly but took the client's value ${JSON.stringify(value)} (was ${JSON.stringify(was ?? null)})`,
        rfc: 'RFC 7643 §7 readOnly: "The attribute SHALL NOT be modified"; RFC 7644 §3.5.2: ignore it or 400 mutability',
        replay: at(
          [
            ...(resolved.inExtension ? [resolved.schemaId] : []),
            path.name,
            ...(path.subAttr !== undefined ? [path.subAttr] : []),
          ],
          { not: { const: value } },
        ),
        declared: {
          schemaId: resolved.schemaId,
          attribute: resolved.attribute,
          ...(resolved.subAttribute !== undefined ? { subAttribute: resolved.subAttribute } : {}),
        },
      });
  }
  return out;
}

/** What the model remembers of a resource's `meta`, to compare the next read with. */
export interface MetaSeen {
  created?: string;
  lastModified?: string;
  version?: string;
  /** Has the resource changed since its creation (as the reads show)? */
  modified: boolean;
  /** Local time (ms) of the read that first showed the last change (or the creation). */
  changedAt: number;
}

/** The precision of a dateTime string in ms: 1000 for whole seconds, 10^(3-n) for n fractional digits. */
function precisionMs(text: string): number {
  // Trailing zeros may be padding of a coarser clock (a seconds column printed as ".000").
  const fraction = /\.(\d+)/.exec(text)?.[1]?.replace(/0+$/, "") ?? "";
  return fraction === "" ? 1000 : Math.max(10 ** (3 - fraction.length), 1e-3);
}

/** How a read relates to the last one. */
export interface MetaContext {
  kind: "Users" | "Groups";
  resourceType: "User" | "Group";
  id: string;
  /** The target's base URL (relative locations resolve against it). */
  baseUrl: string;
  /** The resource's own attributes changed since `seen` (the model's view of the history). */
  changed: boolean;
  /** Only derived attributes (a user's `groups`) changed: `lastModified` and `version` may move or not. */
  touched?: boolean;
  /** Local time (ms) when the last write was sent (no commit it made is earlier). */
  sentAt: number;
  /** Local time (ms) of this read (every commit it shows is earlier). */
  readAt: number;
  /**
   * The earlier read's value of a `meta` sub-attribute, as a `${var}` template the replay captures (what
   * `seen` holds was read there).
   */
  earlier: (name: "created" | "lastModified" | "version") => string;
}

/** The same instant as `other` (a `${var}` or a `$data` reference), in whatever format (ajv-formats). */
const sameInstant = (other: unknown): JsonSchema => ({
  format: "iso-date-time",
  formatMinimum: other,
  formatMaximum: other,
});

/**
 * A location whose path ends with `/<kind>/<id>` (RFC 7643 §3.1), absolute or relative, with or without a
 * query. The id is left unescaped so that the recorder templates it (`${u1}`); an id that holds regular
 * expression characters only loosens the pattern, and one that needs percent-encoding is accepted in
 * either spelling.
 */
function locationPattern(kind: string, id: string): string {
  const ids = encodeURIComponent(id) === id ? id : `(?:${id}|${encodeURIComponent(id)})`;
  return `(?:^|/)${kind}/${ids}(?:[?#].*)?$`;
}

/**
 * The `meta` invariants of one read against what the model saw before (undefined on the first read).
 * Returns the violations and what to remember. Absent sub-attributes are not checked: RFC 7643 §3.1
 * makes them the service provider's to assign.
 */
export function metaViolations(
  body: Json,
  seen: MetaSeen | undefined,
  ctx: MetaContext,
): { violations: Violation[]; seen: MetaSeen } {
  const out: Violation[] = [];
  const meta = fieldOf(body, "meta");
  const m = isObject(meta) ? meta : {};
  const str = (name: string) => {
    const v = fieldOf(m, name);
    return typeof v === "string" ? v : undefined;
  };
  const created = str("created");
  const lastModified = str("lastModified");
  const version = str("version");
  const location = str("location");
  const resourceType = str("resourceType");
  if (resourceType !== undefined && resourceType !== ctx.resourceType)
    out.push({
      invariant: "meta.resourceType",
      message: `meta.resourceType is ${JSON.stringify(resourceType)}, expected "${ctx.resourceType}"`,
      rfc: 'RFC 7643 §3.1 meta.resourceType: "The name of the resource type of the resource"',
      replay: at(["meta", "resourceType"], ifString({ const: ctx.resourceType })),
    });
  if (location !== undefined) {
    let path: string | undefined;
    try {
      path = decodeURIComponent(new URL(location, `${ctx.baseUrl}/`).pathname);
    } catch {
      path = undefined;
    }
    if (path === undefined || !path.endsWith(`/${ctx.kind}/${ctx.id}`))
      out.push({
        invariant: "meta.location",
        message: `meta.location is ${JSON.stringify(location)}, not the URL of ${ctx.kind}/${ctx.id}`,
        rfc: 'RFC 7643 §3.1 meta.location: "The URI of the resource being returned"',
        replay: at(["meta", "location"], ifString({ pattern: locationPattern(ctx.kind, ctx.id) })),
      });
  }
  const time = (v: string | undefined) => (v === undefined ? Number.NaN : Date.parse(v));
  if (seen?.created !== undefined && created !== undefined && time(created) !== time(seen.created))
    out.push({
      invariant: "meta.created",
      message: `meta.created moved from ${seen.created} to ${created}`,
      rfc: 'RFC 7643 §3.1 meta.created: "The DateTime that the resource was added to the service provider"',
      replay: at(["meta", "created"], ifString(sameInstant(ctx.earlier("created")))),
    });
  const modified = (seen?.modified ?? false) || ctx.changed || ctx.touched === true;
  if (
    !modified &&
    created !== undefined &&
    lastModified !== undefined &&
    time(created) !== time(lastModified)
  )
    out.push({
      invariant: "meta.lastModified",
      message: `meta.lastModified is ${lastModified} but the resource was never modified since its creation at ${created}`,
      rfc: 'RFC 7643 §3.1 meta.lastModified: "If this resource has never been modified since its initial creation, the value MUST be the same as the value of "created""',
      // $data: the sibling `created` of the same body (a relative JSON pointer).
      replay: at(["meta", "lastModified"], ifString(sameInstant({ $data: `1/${keyOf(m, "created")!}` }))),
    });
  if (seen?.lastModified !== undefined && lastModified !== undefined) {
    const before = time(seen.lastModified);
    const now = time(lastModified);
    if (now < before)
      out.push({
        invariant: "meta.lastModified",
        message: `meta.lastModified went back from ${seen.lastModified} to ${lastModified}`,
        rfc: 'RFC 7643 §3.1 meta.lastModified: "The most recent DateTime that the details of this resource were updated"',
        replay: at(
          ["meta", "lastModified"],
          ifString({ format: "iso-date-time", formatMinimum: ctx.earlier("lastModified") }),
        ),
      });
    // A change must move it, once more time passed between the two changes than the timestamps resolve.
    const unit = Math.max(precisionMs(seen.lastModified), precisionMs(lastModified));
    if (ctx.changed && now === before && ctx.sentAt - seen.changedAt > unit + 1)
      out.push({
        invariant: "meta.lastModified",
        message: `meta.lastModified stayed ${lastModified} although the resource changed ${Math.round(ctx.sentAt - seen.changedAt)} ms after its last change`,
        rfc: 'RFC 7643 §3.1 meta.lastModified: "The most recent DateTime that the details of this resource were updated at the service provider"',
        replay: at(
          ["meta", "lastModified"],
          ifString({ format: "iso-date-time", formatExclusiveMinimum: ctx.earlier("lastModified") }),
        ),
        spaceWriteMs: Math.ceil(unit) + 2,
      });
  }
  if (ctx.changed && seen?.version !== undefined && version !== undefined && version === seen.version)
    out.push({
      invariant: "meta.version",
      message: `meta.version stayed ${version} although the resource changed`,
      rfc: "RFC 7643 §3.1 meta.version (the entity-tag, RFC 7232 §2.3) and RFC 7644 §3.14: a changed resource has a new version",
      replay: at(["meta", "version"], { not: { const: ctx.earlier("version") } }),
    });
  return {
    violations: out,
    seen: {
      ...(created !== undefined || seen?.created !== undefined ? { created: seen?.created ?? created } : {}),
      ...(lastModified !== undefined ? { lastModified } : {}),
      ...(version !== undefined ? { version } : {}),
      modified,
      changedAt: ctx.changed || seen === undefined ? ctx.readAt : seen.changedAt,
    },
  };
}

/** A `groups` array with an entry whose `value` is `id`. */
const listing = (id: string): JsonSchema => ({
  type: "array",
  contains: { type: "object", ...hasKey("value"), patternProperties: { [anyCase("value")]: { const: id } } },
});

/**
 * A user's `groups` against the model: when the target returns the attribute, each group of the case is
 * listed exactly when the user is a member. Groups outside the case (dynamic, nested) are not judged.
 */
export function groupsViolations(
  body: Json,
  caseGroups: ReadonlyMap<string, string>,
  memberOf: ReadonlySet<string>,
): Violation[] {
  const groups = fieldOf(body, "groups");
  if (groups === undefined) return [];
  const listed = new Set(
    (Array.isArray(groups) ? groups : []).map((g) => (isObject(g) ? String(fieldOf(g, "value")) : "")),
  );
  const out: Violation[] = [];
  for (const [ref, id] of caseGroups) {
    const want = memberOf.has(ref);
    if (listed.has(id) !== want)
      out.push({
        invariant: "groups",
        message: `groups ${want ? "lacks" : "still lists"} ${ref} (${id})`,
        rfc: 'RFC 7643 §4.1.2 groups: "A list of groups to which the user belongs"',
        replay: at(["groups"], want ? listing(id) : { not: listing(id) }),
      });
  }
  return out;
}
