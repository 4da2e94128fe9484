/**
 * An SP that answers 500 to inputs RFC 7644 §3.12 defines a client error for: the malformed filter, path or
 * body, the duplicate, the unsupported media type reach code that throws instead of a validation that
 * refuses them. An IdP cannot tell a 500 from an outage and retries, or quarantines the job; the error
 * contract checks (`rfc7644.error.*`, `rfc7644.filter.invalid-filter-400`,
 * `rfc7644.patch.remove-without-path-400`, `rfc7644.create.uniqueness-409`) report it.
 *
 * Default: every 400, 409 and 415 answer, and the 404 to an endpoint that does not exist.
 * `bad-input-500=invalidFilter,404` limits it to answers with those scimTypes or statuses (404 then covers
 * unknown ids too); `endpoint` names the 404 to an unknown endpoint alone.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { SCIM_TYPES } from "../../harness/scim/scim-error.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import type { QuirkHooks } from "./quirk.ts";
import { defineQuirk } from "./quirk.ts";

/** Error answers with one of `matches` (a status, a scimType, or `endpoint`) become a 500. */
function hooks(matches: readonly string[]): QuirkHooks {
  return {
    onResponse(ctx, response) {
      if (response.status < 400 || response.status >= 500) return response;
      const scimType = isJsonObject(response.json) ? response.json["scimType"] : undefined;
      const unknownEndpoint = response.status === 404 && ctx.route.operation === "unknown";
      const hit =
        matches.includes(String(response.status)) ||
        matches.includes(String(scimType)) ||
        (unknownEndpoint && matches.includes("endpoint"));
      return hit ? scimErrorResponse(500, undefined, "Internal Server Error") : response;
    },
  };
}

export const badInput500 = defineQuirk({
  id: "bad-input-500",
  title: "Inputs the RFC defines a client error for (400, 409, 415) answer 500",
  bugIds: [],
  sources: ["RFC 7644 §3.12 (errors)"],
  description:
    "Every 400 (a malformed filter, path or body, a readOnly attribute, a value of the wrong type, …), 409 " +
    "(uniqueness) and 415 answer, and the 404 to an endpoint that does not exist, becomes a 500 with a SCIM " +
    "error body. With an option (`bad-input-500=invalidFilter,404`) only the 4xx answers with those " +
    "scimTypes or statuses do (`endpoint`: the 404 to an unknown endpoint).",
  hooks: hooks(["400", "409", "415", "endpoint"]),
  configure(option) {
    const tokens = option.split(",").map((t) => t.trim());
    const unknown = tokens.filter(
      (t) => !(SCIM_TYPES as readonly string[]).includes(t) && !/^4\d\d$/.test(t) && t !== "endpoint",
    );
    if (unknown.length > 0)
      throw new TypeError(
        `bad-input-500: "${unknown.join(",")}" is not an RFC 7644 §3.12 scimType, a 4xx status or "endpoint"`,
      );
    return hooks(tokens);
  },
});
