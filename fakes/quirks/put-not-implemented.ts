/**
 * B15: the SP implements no PUT, but JumpCloud (idp-behaviour §2.3, [J6]) and Okta update users with PUT,
 * so every profile update fails with 405 or 404.
 */
import { errorResponse } from "../core/scim-exchange.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

const STATUSES = [404, 405, 501];

const hooks = (status: number): QuirkHooks => ({
  onRequest(ctx) {
    if (ctx.route.operation !== "replace") return undefined;
    const error = new ScimError(status, undefined, `${ctx.request.method} is not supported`);
    return errorResponse(error, status === 405 ? { allow: "GET, PATCH, DELETE" } : {});
  },
});

/** PUT /Users/{id} and /Groups/{id} answer 405 (or the configured 404/501) (B15). */
export const putNotImplemented = defineQuirk({
  id: "put-not-implemented",
  title: "PUT is not implemented: 405 (or 404/501) on every PUT",
  bugIds: ["B15"],
  sources: [
    "https://github.com/kortix-ai/suna/pull/4244",
    "https://github.com/vouch-sh/vouch/issues/1411",
    "https://github.com/coder/coder/issues/15828",
  ],
  description:
    "PUT on a resource answers 405 with `Allow: GET, PATCH, DELETE` (or `put-not-implemented=404` / `=501`) " +
    "before authentication, and changes nothing. GET, PATCH and DELETE are unchanged.",
  hooks: hooks(405),
  configure(option) {
    const status = Number(option.trim());
    if (!STATUSES.includes(status))
      throw new TypeError(`put-not-implemented=<404|405|501> (got "${option}")`);
    return hooks(status);
  },
});
