/**
 * Validates a SCIM resource body against its resource type's schemas (RFC 7643 §2, §3; RFC 7644 §3.3,
 * §3.5.1). The body rewrites `coerceBooleans` and `stripReadOnly` live in rewrite-resource.ts and are
 * re-exported here.
 */
import { COMMON_ATTRIBUTES, findAttributeDefinition } from "./schema-types.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "./schema-types.ts";
import { ScimError } from "./scim-error.ts";
import { UNSAFE_KEYS, findKey, isJsonObject, setOwn } from "./plain-object.ts";
import { BOOLEAN_STRING, extensionFor } from "./rewrite-resource.ts";
import type { JsonObject } from "./plain-object.ts";
import { isXsdDateTime } from "./xsd-date-time.ts";

/**
 * `error`: the body must be rejected. `ignored`: a service provider ignores it (unknown or readOnly
 * attribute, RFC 7644 §3.3 / RFC 7643 §2.2). `tolerated`: not RFC-conformant but accepted in tolerant mode.
 */
export type IssueSeverity = "error" | "ignored" | "tolerated";

export interface ValidationIssue {
  /** `""` (whole resource), `userName`, `emails[1].primary`, `urn:…:enterprise:2.0:User:manager.value` */
  path: string;
  severity: IssueSeverity;
  scimType: "invalidValue" | "invalidSyntax";
  /** Names the path, e.g. `Attribute "userName": required attribute is missing`. */
  message: string;
  /** The rule, e.g. `RFC 7643 §2.4`. */
  rfc: string;
}

/**
 * `create` (POST, RFC 7644 §3.3) and `replace` (PUT, §3.5.1) both carry a full representation and follow the
 * same rules: readOnly attributes are ignored, required ones must be present. `response` checks a resource
 * returned by a service provider: readOnly attributes are type-checked, `id` is required and attributes
 * with `returned: never` (password) must be absent.
 */
export type ValidationMode = "create" | "replace" | "response";

export interface ValidateResourceOptions {
  mode: ValidationMode;
  /**
   * Accept Entra ID forms (as `tolerated` issues): booleans as the strings "True"/"False" in any case
   * ([C8] [C12] [C15], B1, B17), extension URNs missing from `schemas` and unknown URNs in `schemas`
   * ([S6]; the legacy `…enterprise:2.0User` typo).
   */
  tolerant?: boolean;
}

class Checker {
  readonly issues: ValidationIssue[] = [];
  constructor(
    readonly options: ValidateResourceOptions,
    readonly resourceType: ResourceTypeSchemas,
  ) {}

  add(
    severity: IssueSeverity,
    path: string,
    text: string,
    rfc: string,
    scimType: ValidationIssue["scimType"],
  ) {
    const subject = path === "" ? "Resource" : `Attribute "${path}"`;
    this.issues.push({ path, severity, scimType, message: `${subject}: ${text}`, rfc });
  }
  error(path: string, text: string, rfc: string, scimType: ValidationIssue["scimType"] = "invalidValue") {
    this.add("error", path, text, rfc, scimType);
  }
  /** An error, or a `tolerated` issue in tolerant mode. */
  lenient(path: string, text: string, rfc: string) {
    this.add(this.options.tolerant === true ? "tolerated" : "error", path, text, rfc, "invalidValue");
  }

  unsafeKeys(value: unknown, path: string, seen: WeakSet<object>): void {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.unsafeKeys(v, `${path}[${i}]`, seen));
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      const child = path === "" ? key : `${path}.${key}`;
      if (UNSAFE_KEYS.includes(key)) {
        const syntax = key === "__proto__"; // not an ATTRNAME at all (RFC 7644 §3.10: ALPHA first)
        this.error(
          child,
          `the key "${key}" is not allowed`,
          "RFC 7643 §2.1",
          syntax ? "invalidSyntax" : "invalidValue",
        );
      } else this.unsafeKeys(v, child, seen);
    }
  }

  /** Checks the attributes of one JSON object (the resource, an extension object or a complex value). */
  object(object: JsonObject, defs: readonly AttributeDefinition[], prefix: (key: string) => string): void {
    const seen = new Set<string>();
    for (const key of Object.keys(object)) {
      if (seen.has(key.toLowerCase()))
        this.error(prefix(key), "given twice (names are case-insensitive)", "RFC 7643 §2.1");
      seen.add(key.toLowerCase());
    }
    for (const [key, value] of Object.entries(object)) {
      if (UNSAFE_KEYS.includes(key)) continue;
      const def = findAttributeDefinition(defs, key);
      if (def === undefined)
        this.add("ignored", prefix(key), "unknown attribute, ignored", "RFC 7644 §3.3", "invalidValue");
      else this.attribute(value, def, prefix(key));
    }
    for (const def of defs) {
      if (!def.required || (def.mutability === "readOnly" && this.options.mode !== "response")) continue;
      const key = findKey(object, def.name);
      const value = key === undefined ? undefined : object[key];
      const empty = value === "" || (Array.isArray(value) && value.length === 0);
      if (value === undefined || value === null || empty) {
        this.error(prefix(def.name), `required attribute is ${empty ? "empty" : "missing"}`, "RFC 7643 §2.2");
      }
    }
  }

  attribute(value: unknown, def: AttributeDefinition, path: string): void {
    if (value === null || value === undefined) return; // null is "unassigned" (RFC 7643 §2.5)
    const response = this.options.mode === "response";
    if (def.mutability === "readOnly" && !response) {
      this.add(
        "ignored",
        path,
        "readOnly attribute in a request body, ignored",
        "RFC 7643 §2.2",
        "invalidValue",
      );
      return;
    }
    if (def.returned === "never" && response)
      this.error(path, 'returned "never" but present', "RFC 7643 §2.2");
    if (!def.multiValued) {
      if (Array.isArray(value))
        this.error(path, "single-valued attribute must not be an array", "RFC 7643 §2.3");
      else this.single(value, def, path);
      return;
    }
    if (!Array.isArray(value)) {
      this.error(path, "multi-valued attribute must be a JSON array", "RFC 7643 §2.4");
      return;
    }
    value.forEach((v, i) => {
      if (v === null) this.error(`${path}[${i}]`, "null inside a multi-valued attribute", "RFC 7643 §2.4");
      else this.single(v, def, `${path}[${i}]`);
    });
    const primaries = value.filter((v) => {
      const key = isJsonObject(v) ? findKey(v, "primary") : undefined;
      const p = key === undefined ? undefined : (v as JsonObject)[key];
      return (
        p === true || (this.options.tolerant === true && typeof p === "string" && p.toLowerCase() === "true")
      );
    });
    if (primaries.length > 1) {
      this.error(path, `${primaries.length} values have "primary": true, at most one may`, "RFC 7643 §2.4");
    }
  }

  single(value: unknown, def: AttributeDefinition, path: string): void {
    const got = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
    const expect = (ok: boolean, what: string, rfc: string) => {
      if (!ok) this.error(path, `expected ${what}, got ${got} ${JSON.stringify(value)}`, rfc);
    };
    switch (def.type) {
      case "string":
        return expect(typeof value === "string", "a string", "RFC 7643 §2.3.1");
      case "boolean":
        if (typeof value === "string" && BOOLEAN_STRING.test(value) && this.options.tolerant === true) {
          this.add(
            "tolerated",
            path,
            `string ${JSON.stringify(value)} accepted as a boolean (Entra, [C15])`,
            "RFC 7643 §2.3.2",
            "invalidValue",
          );
          return;
        }
        return expect(typeof value === "boolean", "a boolean", "RFC 7643 §2.3.2");
      case "decimal":
        return expect(
          typeof value === "number" && Number.isFinite(value),
          "a decimal number",
          "RFC 7643 §2.3.3",
        );
      case "integer":
        return expect(Number.isInteger(value), "an integer", "RFC 7643 §2.3.4");
      case "dateTime":
        return expect(
          typeof value === "string" && isXsdDateTime(value),
          "an xsd:dateTime string",
          "RFC 7643 §2.3.5",
        );
      case "binary":
        return expect(typeof value === "string", "a base64 string", "RFC 7643 §2.3.6");
      case "reference":
        return expect(typeof value === "string", "a URI string", "RFC 7643 §2.3.7");
      case "complex":
        if (!isJsonObject(value)) return expect(false, "a JSON object", "RFC 7643 §2.3.8");
        return this.object(value, def.subAttributes ?? [], (k) => `${path}.${k}`);
    }
  }

  schemas(resource: JsonObject): void {
    const rt = this.resourceType;
    const key = findKey(resource, "schemas");
    const declared = key === undefined ? undefined : resource[key];
    const known = [rt.core.id, ...rt.extensions.map((e) => e.schema.id)].map((id) => id.toLowerCase());
    let listed: string[] = [];
    if (declared === undefined || declared === null) this.error("schemas", "missing", "RFC 7643 §3");
    else if (!Array.isArray(declared) || declared.some((s) => typeof s !== "string")) {
      this.error("schemas", "must be an array of strings", "RFC 7643 §3");
    } else {
      listed = declared.map((s: string) => s.toLowerCase());
      if (new Set(listed).size !== listed.length) this.error("schemas", "URIs must be unique", "RFC 7643 §3");
      if (!listed.includes(rt.core.id.toLowerCase()))
        this.error("schemas", `must contain "${rt.core.id}"`, "RFC 7643 §3");
      for (const urn of declared as string[]) {
        if (!known.includes(urn.toLowerCase()))
          this.lenient("schemas", `unknown schema URI "${urn}"`, "RFC 7643 §3");
      }
    }
    for (const ext of rt.extensions) {
      const extKey = findKey(resource, ext.schema.id);
      const present = extKey !== undefined && resource[extKey] !== null;
      if (present && Array.isArray(declared) && !listed.includes(ext.schema.id.toLowerCase())) {
        this.lenient(
          extKey,
          `extension present but "${ext.schema.id}" is not listed in "schemas"`,
          "RFC 7643 §3",
        );
      }
      if (ext.required && !present) this.error(ext.schema.id, "required extension is missing", "RFC 7643 §6");
    }
  }
}

/** Validates a resource body; never throws. The body is valid when no issue has severity `error`. */
export function validateResource(
  resource: unknown,
  resourceType: ResourceTypeSchemas,
  options: ValidateResourceOptions,
): ValidationIssue[] {
  const check = new Checker(options, resourceType);
  if (!isJsonObject(resource)) {
    check.error("", "is not a JSON object", "RFC 7643 §3", "invalidSyntax");
    return check.issues;
  }
  check.unsafeKeys(resource, "", new WeakSet());
  check.schemas(resource);
  const coreDefs = [...COMMON_ATTRIBUTES, ...resourceType.core.attributes].map((def) =>
    def.name === "id" && options.mode === "response" ? { ...def, required: true } : def,
  );
  const topLevel: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    const ext = extensionFor(resourceType, key);
    if (ext === undefined) {
      if (key.toLowerCase() !== "schemas") setOwn(topLevel, key, value);
    } else if (value !== null && !isJsonObject(value)) {
      check.error(key, "an extension must be a JSON object", "RFC 7643 §3.3");
    } else if (value !== null) {
      check.object(value, ext.attributes, (k) => `${key}:${k}`);
    }
  }
  check.object(topLevel, coreDefs, (k) => k);
  return check.issues;
}

/**
 * Throws `ScimError(400, "invalidValue" | "invalidSyntax")` when `validateResource` finds an error; the
 * detail lists every error with its attribute path. Ignored and tolerated issues do not throw.
 */
export function assertValidResource(
  resource: unknown,
  resourceType: ResourceTypeSchemas,
  options: ValidateResourceOptions,
): asserts resource is JsonObject {
  const errors = validateResource(resource, resourceType, options).filter((i) => i.severity === "error");
  const first = errors[0];
  if (first !== undefined) throw new ScimError(400, first.scimType, errors.map((e) => e.message).join("; "));
}

export { coerceBooleans, stripReadOnly } from "./rewrite-resource.ts";
