/**
 * B17: an SP that deserialises POST/PUT bodies into strict types, so JumpCloud's `"emails": null`
 * (idp-behaviour §2.4.2, [J6]) and the Entra validator's `"primary": "True"` ([C15]) fail with 400,
 * although RFC 7643 §2.5 reads null as unassigned.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { defineQuirk } from "./quirk.ts";

/** Boolean attributes of the core and enterprise schemas that clients send as strings. */
const BOOLEAN_NAMES = new Set(["active", "primary"]);

/** The first strict-typing violation in a body: a null, or a string in a boolean attribute. */
function violation(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = violation(item, `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (item === null) return `${at}: null is not a valid value`;
    if (BOOLEAN_NAMES.has(key.toLowerCase()) && typeof item === "string")
      return `${at}: cannot deserialize "${item}" as a boolean`;
    const found = violation(item, at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** POST/PUT bodies with nulls or string booleans answer 400 (B17). */
export const strictJsonTypes = defineQuirk({
  id: "strict-json-types",
  title: 'POST/PUT bodies with "emails": null or "primary": "True" are rejected with 400',
  bugIds: ["B17"],
  sources: ["https://github.com/ShiftControl-io/scim-v2-rust", "[J6]", "[C15]"],
  description:
    "A POST or PUT body with a null anywhere, or a string value for active/primary, answers 400 " +
    "invalidSyntax and stores nothing. Bodies with proper types, and PATCH (including Entra's " +
    '"active": "False"), are unchanged.',
  hooks: {
    transformBody(ctx, body) {
      if (ctx.route.operation !== "create" && ctx.route.operation !== "replace") return body;
      const found = violation(body, "");
      if (found !== undefined) throw new ScimError(400, "invalidSyntax", `Deserialisation failed: ${found}`);
      return body;
    },
  },
});
