/**
 * An SP that folds the case of userName: it stores and returns `alice.smith@contoso.com` for Entra's UPN
 * `Alice.Smith@Contoso.com`. RFC 7643 §4.1.1 declares userName caseExact false, so lookups still match,
 * but the value the IdP sent is not the value it reads back (Entra's default mapping sends userName from
 * userPrincipalName [S1]); the contract check `idp.userName-capitals-kept` reports it (inferred, a warning).
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

export const usernameLowercased = defineQuirk({
  id: "username-lowercased",
  title: "userName is stored and returned lower-cased",
  bugIds: [],
  sources: ["[S1] (userName from userPrincipalName)", "RFC 7643 §4.1.1 (caseExact false)"],
  description:
    "POST and PUT of a user store its userName lower-cased; every answer returns the lower-cased value.",
  hooks: {
    transformBody(ctx, body) {
      if (ctx.route.resourceType !== "User") return body;
      if (ctx.route.operation !== "create" && ctx.route.operation !== "replace") return body;
      if (!isJsonObject(body)) return body;
      const key = Object.keys(body).find((k) => k.toLowerCase() === "username");
      const value = key === undefined ? undefined : body[key];
      return typeof value === "string" ? { ...body, [key!]: value.toLowerCase() } : body;
    },
  },
});
