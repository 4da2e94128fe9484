/**
 * An SP that answers 500 to inputs RFC 7644 §3.12 defines a client error for: the malformed filter, path or
 * body reaches code that throws instead of a validation that refuses it. An IdP cannot tell a 500 from an
 * outage and retries, or quarantines the job; the error contract checks (`rfc7644.error.*`,
 * `rfc7644.filter.invalid-filter-400`, `rfc7644.patch.remove-without-path-400`) report it.
 *
 * `bad-input-500=invalidFilter,invalidPath` limits it to 400 answers with those scimTypes.
 */
import { isJsonObject } from "../../harness/scim/plain-object.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import type { QuirkHooks } from "./quirk.ts";
import { defineQuirk } from "./quirk.ts";

const SCIM_TYPES = [
  "invalidFilter",
  "tooMany",
  "uniqueness",
  "mutability",
  "invalidSyntax",
  "invalidPath",
  "noTarget",
  "invalidValue",
  "invalidVers",
  "sensitive",
];

/** 400 answers (with one of `scimTypes`, when given) become a 500. */
function hooks(scimTypes: readonly string[] | undefined): QuirkHooks {
  return {
    onResponse(_ctx, response) {
      if (response.status !== 400) return response;
      const scimType = isJsonObject(response.json) ? response.json["scimType"] : undefined;
      if (scimTypes !== undefined && !scimTypes.includes(String(scimType))) return response;
      return scimErrorResponse(500, undefined, "Internal Server Error");
    },
  };
}

export const badInput500 = defineQuirk({
  id: "bad-input-500",
  title: "Inputs the RFC defines a 400 error for answer 500",
  bugIds: [],
  sources: ["RFC 7644 §3.12 (errors)"],
  description:
    "Every 400 answer (a malformed filter, path or body, a readOnly attribute, a value of the wrong type, …) " +
    "becomes a 500 with a SCIM error body. With an option (`bad-input-500=invalidFilter,noTarget`) only 400 " +
    "answers with those scimTypes do.",
  hooks: hooks(undefined),
  configure(option) {
    const types = option.split(",").map((t) => t.trim());
    const unknown = types.filter((t) => !SCIM_TYPES.includes(t));
    if (unknown.length > 0 || types.length === 0)
      throw new TypeError(`bad-input-500: "${unknown.join(",")}" is not an RFC 7644 §3.12 scimType`);
    return hooks(types);
  },
});
