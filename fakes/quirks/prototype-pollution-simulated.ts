/**
 * B18: a JS SP that expands dotted keys of path-less PATCH values with naive assignment lets
 * `{"op":"replace","value":{"__proto__.isAdmin":true}}` write to `Object.prototype` (Infisical's
 * scim-patch tests). The fake never pollutes its own process: it simulates what a client would see from a
 * polluted SP, where every object, and so every resource it serialises from a fresh object, gains the key.
 */
import { isJsonObject, setOwn } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { mapResponseResources, opField, opName, opPath, withField } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { PatchOperation, QuirkContext } from "./quirk.ts";

const POLLUTING = /^(?:__proto__|constructor\.prototype|prototype)\.(.+)$/i;

/** The simulated prototype: attribute name → value (a Map, so no key can reach a real prototype). */
function pollution(ctx: QuirkContext): Map<string, unknown> {
  const existing = ctx.state["polluted"];
  if (existing instanceof Map) return existing as Map<string, unknown>;
  const created = new Map<string, unknown>();
  ctx.state["polluted"] = created;
  return created;
}

function absorb(ctx: QuirkContext, operation: PatchOperation): PatchOperation | undefined {
  const op = opName(operation);
  if (op !== "add" && op !== "replace") return operation;
  const value = opField(operation, "value");
  const path = opPath(operation);
  const pathMatch = path === undefined ? null : POLLUTING.exec(path);
  if (pathMatch?.[1] !== undefined) {
    pollution(ctx).set(pathMatch[1], value);
    return undefined;
  }
  if (path !== undefined || !isJsonObject(value)) return operation;
  const kept: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const name = POLLUTING.exec(key.trim())?.[1];
    if (name === undefined) setOwn(kept, key, v);
    else pollution(ctx).set(name, v);
  }
  if (Object.keys(kept).length === Object.keys(value).length) return operation;
  return Object.keys(kept).length === 0 ? undefined : withField(operation, "value", kept);
}

/** Dotted `__proto__.x` keys "pollute" every resource the fake returns afterwards (B18, simulated). */
export const prototypePollutionSimulated = defineQuirk({
  id: "prototype-pollution-simulated",
  title: 'Path-less "__proto__.x" keys pollute the prototype (simulated: every resource gains "x")',
  bugIds: ["B18"],
  sources: ["https://github.com/Infisical/infisical (backend/src/ee/services/scim/scim-patch.test.ts)"],
  description:
    'A PATCH add/replace whose path, or path-less value key, is "__proto__.<name>", ' +
    '"constructor.prototype.<name>" or "prototype.<name>" succeeds (the clean fake answers 400), and from ' +
    "then on every resource in every response of this fake carries <name> with that value unless it has " +
    "its own. Simulated: the fake's Object.prototype is never touched. Other keys apply as usual.",
  hooks: {
    transformPatchOperations(ctx, operations) {
      return operations.map((op) => absorb(ctx, op)).filter((op): op is PatchOperation => op !== undefined);
    },
    onResponse(ctx, response) {
      const polluted = pollution(ctx);
      if (polluted.size === 0) return response;
      return mapResponseResources(response, (resource) => {
        const out: JsonObject = { ...resource };
        for (const [name, value] of polluted) if (!Object.hasOwn(out, name)) setOwn(out, name, value);
        return out;
      });
    },
  },
});
