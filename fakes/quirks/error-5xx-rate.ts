/**
 * Fault: a share of requests fail with a 5xx before they are handled (Entra logs `InternalServerError` and
 * retries in 40 minutes, idp-behaviour §1.9 [S8]).
 */
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

const USAGE = "error-5xx-rate=<0..1>[/<status 500–599>], e.g. 0.2 or 0.5/503";

/** Parses `<rate>[/<status>]`. */
export function parseErrorRate(option: string): { rate: number; status: number } {
  const [rate = "", status = "500", ...rest] = option.split("/");
  if (rest.length > 0) throw new TypeError(`${USAGE} (got "${option}")`);
  const code = numberOption(status, 500, 599, USAGE);
  if (!Number.isInteger(code)) throw new TypeError(`${USAGE} (got "${option}")`);
  return { rate: numberOption(rate, 0, 1, USAGE), status: code };
}

const hooks = ({ rate, status }: { rate: number; status: number }): QuirkHooks => ({
  onRequest(ctx) {
    if (ctx.random() >= rate) return undefined;
    return scimErrorResponse(status, undefined, "Simulated server error (error-5xx-rate)");
  },
});

/** `error-5xx-rate=<0..1>[/<status>]`: that share of requests answers 500 (or the given 5xx). */
export const error5xxRate = defineQuirk({
  id: "error-5xx-rate",
  title: "A share of requests fails with a 5xx",
  bugIds: [],
  sources: ["[S8]", "[S3]"],
  description:
    "Each SCIM request, with probability rate (default 0.1; `error-5xx-rate=<0..1>[/<status>]`), answers " +
    "500 (or the given 5xx) with a SCIM error body before authentication, and changes nothing. The other " +
    "requests are unchanged.",
  hooks: hooks({ rate: 0.1, status: 500 }),
  configure: (option) => hooks(parseErrorRate(option)),
});
