/**
 * Path-less `add`/`replace` (RFC 7644 §3.5.2.1, §3.5.2.3): "the target location is assumed to be the
 * resource itself" and the value is a set of attributes. Each key becomes one target.
 *
 * - Keys match attribute names case-insensitively (`"nickname"` in the RFC 7644 example is `nickName`).
 * - A key equal to an extension schema URN holds that extension's attributes (RFC 7643 §3.3).
 * - readOnly attributes (`id`, `meta`, `groups`) are ignored by default (Entra POSTs carry
 *   `meta.resourceType` [S1]); RFC 7644 §3.5.2 also allows 400 `mutability` (choice "readonly-in-value").
 * - `schemas` is ignored: applyPatch maintains it from the extensions actually present.
 * - Dotted keys (`"name.givenName"`) and URN-qualified keys (`"urn:…:User:employeeNumber"`) are what Entra
 *   sends with aadOptscim062020 [S2] [C13] (B5): tolerated as `dotted-key` / `extension-urn-key`, else
 *   `invalidValue`. An unknown attribute is `invalidValue` (the value does not fit the resource schema).
 */
import { isUnsafeName, resolvePatchTarget } from "./attribute-path.ts";
import type { PatchTarget } from "./attribute-path.ts";
import { ATTRNAME_PATTERN, parseAttrPath } from "./filter-parser.ts";
import { choose, fail, tolerate } from "./patch-context.ts";
import type { PatchContext } from "./patch-context.ts";
import { isJsonObject } from "./plain-object.ts";
import type { AttrPath } from "./filter-ast.ts";

/** One attribute of a path-less value; `clearExtension` when an extension object is set to null. */
export type PathlessItem = { target: PatchTarget; value: unknown } | { clearExtension: string };

/** The extension schema URN `key` names (case-insensitive), if any. */
export function extensionNamed(ctx: PatchContext, key: string): string | undefined {
  const lower = key.toLowerCase();
  return ctx.resourceType.extensions.find((e) => e.schema.id.toLowerCase() === lower)?.schema.id;
}

function target(ctx: PatchContext, attr: AttrPath, label: string): PatchTarget | undefined {
  const resolved = resolvePatchTarget(ctx.resourceType, { attr }, label, "invalidValue");
  const readOnly = resolved.attribute.mutability === "readOnly" || resolved.sub?.mutability === "readOnly";
  if (!readOnly) return resolved;
  if (choose(ctx, "readonly-in-value", ["ignore", "mutability"]) === "mutability")
    throw fail("mutability", `"${label}" is readOnly (RFC 7644 §3.5.2, RFC 7643 §2.2)`);
  return undefined;
}

function qualifiedKey(ctx: PatchContext, key: string): AttrPath {
  let attr: AttrPath;
  try {
    attr = parseAttrPath(key);
  } catch {
    throw fail("invalidValue", `"${key}" is not an attribute name`);
  }
  const form = attr.uri === undefined ? "dotted-key" : "extension-urn-key";
  tolerate(ctx, form, "invalidValue", `path-less value key "${key}" is a path, not an attribute name`);
  return attr;
}

/** Expands a path-less value into targets, in key order. Throws `ScimError(400, "invalidValue")`. */
export function expandPathless(ctx: PatchContext, value: unknown): PathlessItem[] {
  if (!isJsonObject(value)) throw fail("invalidValue", "A path-less add/replace needs an object value");
  const items: PathlessItem[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (isUnsafeName(key)) throw fail("invalidValue", `"${key}" is not an attribute name`);
    if (key.toLowerCase() === "schemas") continue;
    const extension = extensionNamed(ctx, key);
    if (extension !== undefined) {
      if (v === null) {
        items.push({ clearExtension: extension });
        continue;
      }
      if (!isJsonObject(v)) throw fail("invalidValue", `"${key}" must be an object of extension attributes`);
      for (const [name, sv] of Object.entries(v)) {
        if (isUnsafeName(name) || !ATTRNAME_PATTERN.test(name)) {
          throw fail("invalidValue", `"${key}": "${name}" is not an attribute name`);
        }
        const t = target(ctx, { uri: extension, name }, `${key}:${name}`);
        if (t !== undefined) items.push({ target: t, value: sv });
      }
      continue;
    }
    const attr = ATTRNAME_PATTERN.test(key) ? { name: key } : qualifiedKey(ctx, key);
    const t = target(ctx, attr, key);
    if (t !== undefined) items.push({ target: t, value: v });
  }
  return items;
}
