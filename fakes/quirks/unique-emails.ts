/**
 * An RFC-correct trait, not a bug: a service provider that keeps email addresses unique across users
 * (many apps key accounts by email). RFC 7643 §2.1 and §7 let a service provider enforce uniqueness
 * ("server"), and RFC 7644 §3.3 answers a clash with 409 and scimType "uniqueness". A test that reuses
 * literal emails across users fails against it; the contract checks and properties must not.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { defineQuirk } from "./quirk.ts";

/** The lower-cased email values of a user. */
function emailsOf(user: JsonObject): string[] {
  const key = Object.keys(user).find((k) => k.toLowerCase() === "emails");
  const emails = key === undefined ? [] : user[key];
  return (Array.isArray(emails) ? emails : [])
    .map((e) => (isJsonObject(e) ? e[Object.keys(e).find((k) => k.toLowerCase() === "value") ?? ""] : e))
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.toLowerCase());
}

/** Owner id by email, in the quirk's private state; a user being created owns its emails as `pending:<n>`. */
const owners = (state: Record<string, unknown>): Map<string, string> =>
  (state["owners"] ??= new Map<string, string>()) as Map<string, string>;

/** The pending owner of a create request until its response names the id. */
const PENDING = new WeakMap<object, string>();

/** Moves every email of `from` to `to` (or frees them when `to` is undefined). */
function transfer(byEmail: Map<string, string>, from: string, to: string | undefined): void {
  for (const [e, owner] of byEmail) {
    if (owner !== from) continue;
    if (to === undefined) byEmail.delete(e);
    else byEmail.set(e, to);
  }
}

/** A user whose email another user already has answers 409 uniqueness. */
export const uniqueEmails = defineQuirk({
  id: "unique-emails",
  title: "Email addresses are unique across users; a clash answers 409 uniqueness",
  bugIds: [],
  sources: ["RFC 7644 §3.3 (409 uniqueness)", "RFC 7643 §7 (uniqueness)"],
  description:
    "POST, PUT and PATCH of a user whose emails[].value (compared case-insensitively) another user already " +
    'has answer 409 with scimType "uniqueness" and change nothing. A deleted user frees its emails.',
  hooks: {
    beforeCommit(ctx, change) {
      if (change.resourceType !== "User") return change.after;
      const byEmail = owners(ctx.state);
      const known = change.before?.["id"] ?? change.after["id"];
      let id: string;
      if (change.operation === "create" || typeof known !== "string") {
        ctx.state["next"] = Number(ctx.state["next"] ?? 0) + 1;
        id = `pending:${String(ctx.state["next"])}`;
        PENDING.set(ctx.request, id);
      } else id = known;
      const mine = emailsOf(change.after);
      const clash = mine.find((e) => byEmail.has(e) && byEmail.get(e) !== id);
      if (clash !== undefined)
        throw new ScimError(409, "uniqueness", `the email ${clash} belongs to another user`);
      for (const [e, owner] of byEmail) if (owner === id && !mine.includes(e)) byEmail.delete(e);
      for (const e of mine) byEmail.set(e, id);
      return change.after;
    },
    onResponse(ctx, response) {
      if (ctx.route.resourceType !== "User") return response;
      const byEmail = owners(ctx.state);
      const pending = PENDING.get(ctx.request);
      if (pending !== undefined) {
        const id = isJsonObject(response.json) ? response.json["id"] : undefined;
        transfer(byEmail, pending, response.status < 300 && typeof id === "string" ? id : undefined);
      }
      if (ctx.route.operation === "delete" && response.status < 300 && ctx.route.id !== undefined)
        transfer(byEmail, ctx.route.id, undefined);
      return response;
    },
  },
});
