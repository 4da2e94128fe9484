/**
 * The mechanism behind the uniqueness traits (unique-emails, unique-group-names, unique-external-ids): a
 * resource type keeps some of its values unique across its resources (RFC 7643 §7 "server" uniqueness). A
 * write whose values another resource of the type already owns answers 409 "uniqueness" (RFC 7644 §3.3) and
 * changes nothing; a deleted resource frees its values. Ownership lives in the quirk's private state, by
 * resource type and value as `valuesOf` gives it; a resource being created owns its values as `pending:<n>`
 * until the response names its id.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import type { QuirkHooks } from "./quirk.ts";

export interface UniqueValues {
  /** The resource types that keep the values unique, each among its own resources. */
  resourceTypes: readonly ("User" | "Group")[];
  /** The values kept unique, as compared (lower-cased where the attribute is not caseExact). */
  valuesOf(resource: JsonObject): string[];
  /** The 409 detail for a value another resource owns. */
  clash(value: string): string;
}

/** Owner id by value. */
const owners = (state: Record<string, unknown>): Map<string, string> =>
  (state["owners"] ??= new Map<string, string>()) as Map<string, string>;

/** Moves every value of `from` to `to` (or frees them when `to` is undefined). */
function transfer(byValue: Map<string, string>, from: string, to: string | undefined): void {
  for (const [value, owner] of byValue) {
    if (owner !== from) continue;
    if (to === undefined) byValue.delete(value);
    else byValue.set(value, to);
  }
}

/** The hooks of a quirk that keeps `valuesOf` unique across the resources of one type. */
export function uniqueValuesHooks({ resourceTypes, valuesOf, clash }: UniqueValues): QuirkHooks {
  const kept = (type: string | undefined): boolean => resourceTypes.some((t) => t === type);
  /** The pending owner of a create request until its response names the id. */
  const pendingOf = new WeakMap<object, string>();
  return {
    beforeCommit(ctx, change) {
      if (!kept(change.resourceType)) return change.after;
      const byValue = owners(ctx.state);
      const known = change.before?.["id"] ?? change.after["id"];
      let id: string;
      if (change.operation === "create" || typeof known !== "string") {
        ctx.state["next"] = Number(ctx.state["next"] ?? 0) + 1;
        id = `pending:${String(ctx.state["next"])}`;
        pendingOf.set(ctx.request, id);
      } else id = known;
      const mine = valuesOf(change.after).map((v) => `${change.resourceType} ${v}`);
      const taken = mine.findIndex((v) => byValue.has(v) && byValue.get(v) !== id);
      if (taken !== -1) throw new ScimError(409, "uniqueness", clash(valuesOf(change.after)[taken]!));
      transfer(byValue, id, undefined);
      for (const v of mine) byValue.set(v, id);
      return change.after;
    },
    onResponse(ctx, response) {
      if (!kept(ctx.route.resourceType)) return response;
      const byValue = owners(ctx.state);
      const pending = pendingOf.get(ctx.request);
      if (pending !== undefined) {
        const id = isJsonObject(response.json) ? response.json["id"] : undefined;
        transfer(byValue, pending, response.status < 300 && typeof id === "string" ? id : undefined);
      }
      if (ctx.route.operation === "delete" && response.status < 300 && ctx.route.id !== undefined)
        transfer(byValue, ctx.route.id, undefined);
      return response;
    },
  };
}
