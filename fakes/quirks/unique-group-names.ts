/**
 * An RFC-allowed trait IdPs trip over: a service provider that keeps group displayNames unique. RFC 7643
 * §4.2 gives displayName no uniqueness and §7 lets a server add it (409 "uniqueness", RFC 7644 §3.3); two
 * IdP groups of one name then cannot both be provisioned (JumpCloud takes groups over by name [J4], Entra
 * looks groups up by displayName [S1]). The contract check `idp.group-displayName-shared` reports it.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { defineQuirk } from "./quirk.ts";

const nameOf = (group: JsonObject): string | undefined => {
  const key = Object.keys(group).find((k) => k.toLowerCase() === "displayname");
  const value = key === undefined ? undefined : group[key];
  return typeof value === "string" ? value.toLowerCase() : undefined;
};

/** Owner id by lower-cased name, in the quirk's private state; a group being created is `pending:<n>`. */
const owners = (state: Record<string, unknown>): Map<string, string> =>
  (state["owners"] ??= new Map<string, string>()) as Map<string, string>;

const PENDING = new WeakMap<object, string>();

function release(byName: Map<string, string>, owner: string, to: string | undefined): void {
  for (const [name, id] of byName) {
    if (id !== owner) continue;
    if (to === undefined) byName.delete(name);
    else byName.set(name, to);
  }
}

export const uniqueGroupNames = defineQuirk({
  id: "unique-group-names",
  title: "Group displayNames are unique; a clash answers 409 uniqueness",
  bugIds: [],
  sources: ["RFC 7643 §7 (uniqueness)", "RFC 7644 §3.3 (409 uniqueness)", "[J4] (takeover by name)"],
  description:
    "POST, PUT and PATCH of a group whose displayName (compared case-insensitively) another group has answer " +
    '409 with scimType "uniqueness" and change nothing. A deleted group frees its name.',
  hooks: {
    beforeCommit(ctx, change) {
      if (change.resourceType !== "Group") return change.after;
      const byName = owners(ctx.state);
      const known = change.before?.["id"] ?? change.after["id"];
      let id: string;
      if (change.operation === "create" || typeof known !== "string") {
        ctx.state["next"] = Number(ctx.state["next"] ?? 0) + 1;
        id = `pending:${String(ctx.state["next"])}`;
        PENDING.set(ctx.request, id);
      } else id = known;
      const name = nameOf(change.after);
      if (name !== undefined && byName.has(name) && byName.get(name) !== id)
        throw new ScimError(409, "uniqueness", `a group named ${name} exists`);
      release(byName, id, undefined);
      if (name !== undefined) byName.set(name, id);
      return change.after;
    },
    onResponse(ctx, response) {
      if (ctx.route.resourceType !== "Group") return response;
      const byName = owners(ctx.state);
      const pending = PENDING.get(ctx.request);
      if (pending !== undefined) {
        const id = isJsonObject(response.json) ? response.json["id"] : undefined;
        release(byName, pending, response.status < 300 && typeof id === "string" ? id : undefined);
      }
      if (ctx.route.operation === "delete" && response.status < 300 && ctx.route.id !== undefined)
        release(byName, ctx.route.id, undefined);
      return response;
    },
  },
});
