/**
 * What the schema cannot see but `run` would reject or misread, checked when a file is loaded (so
 * `validate` and `run` refuse the same files): IdP options and option values the model does not have, a
 * `disableUser.variant` the IdP does not know, `matches:` filters that do not parse (RFC 7644 §3.4.2.2), and
 * `${…}` templates that name a capture no earlier step sets or an undeclared user or group.
 */
import { parseDisableVariant } from "../idp/entra/entra-options.ts";
import { getIdpModel } from "../idp/index.ts";
import { parseActiveMethod } from "../idp/jumpcloud/jumpcloud-options.ts";
import { parseFilter } from "../scim/filter-parser.ts";
import { expandVariants } from "./expand-variants.ts";
import type { Scenario } from "./scenario-schema.ts";

/** A problem at a path into the scenario document. */
export interface SemanticProblem {
  path: (string | number)[];
  reason: string;
}

const TEMPLATE = /\$\{([^}]+)\}/g;
const FIXTURE_REF = /^(users|groups)\.([A-Za-z][\w-]*)\.(id|userName|displayName|externalId)$/;

/** The filter with each `${…}` replaced by a string literal (inside quotes: by plain text), for parsing. */
function withPlaceholders(filter: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i]!;
    if (quoted && c === "\\") {
      out += c + (filter[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "$" && filter[i + 1] === "{") {
      const end = filter.indexOf("}", i);
      if (end > i) {
        out += quoted ? "x" : '"x"';
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Every string in a value, with its path. */
function* strings(value: unknown, path: (string | number)[]): Generator<[string, (string | number)[]]> {
  if (typeof value === "string") yield [value, path];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}

/** The first semantic problem of a schema-valid scenario, or undefined. */
export function semanticProblem(
  scenario: Scenario,
  check: { options?: boolean } = {},
): SemanticProblem | undefined {
  const model = getIdpModel(scenario.idp);
  // Options: every variant's option record must resolve; name the option that does not.
  for (const variant of check.options === false ? [] : expandVariants(scenario)) {
    try {
      model.resolveOptions(variant.options);
    } catch (e) {
      const key = Object.keys(variant.options).find((k) => {
        try {
          model.resolveOptions({ [k]: variant.options[k]! });
          return false;
        } catch {
          return true;
        }
      });
      const raw = key === undefined ? undefined : scenario.options?.[key];
      const index = Array.isArray(raw) ? raw.indexOf(variant.options[key!]!) : -1;
      return {
        path: key === undefined ? ["options"] : index >= 0 ? ["options", key, index] : ["options", key],
        reason: (e as Error).message,
      };
    }
  }
  const users = new Set(Object.keys(scenario.given?.users ?? {}));
  const groups = new Set(Object.keys(scenario.given?.groups ?? {}));
  const captured = new Set<string>();
  for (const [index, step] of scenario.steps.entries()) {
    const at = (...rest: (string | number)[]) => ["steps", index, ...rest];
    if (step.do === "disableUser" && step.variant !== undefined) {
      try {
        if (scenario.idp === "entra") parseDisableVariant(step.variant, "a");
        else parseActiveMethod(step.variant, "put");
      } catch (e) {
        return { path: at("variant"), reason: (e as Error).message };
      }
    }
    // Templates are expanded in a raw request's path, headers and body (before its own captures are set)
    // and in `matches:` (after them: captures come from the step's main response).
    const templated: [string, (string | number)[]][] = [];
    if (step.do === "request")
      for (const field of ["path", "headers", "body"] as const)
        templated.push(...strings(step[field], at(field)));
    const before = templated.length;
    for (const [j, state] of (step.expect?.state ?? []).entries())
      if (state.matches !== undefined) templated.push([state.matches, at("expect", "state", j, "matches")]);
    for (const [n, [text, path]] of templated.entries()) {
      if (n === before) for (const name of Object.keys(step.capture ?? {})) captured.add(name);
      for (const [, raw] of text.matchAll(TEMPLATE)) {
        const name = raw!.trim();
        if (name === "runPrefix" || captured.has(name)) continue;
        const ref = FIXTURE_REF.exec(name);
        if (ref?.[1] === "users" && users.has(ref[2]!)) continue;
        if (ref?.[1] === "groups" && groups.has(ref[2]!)) continue;
        return {
          path,
          reason:
            ref !== null
              ? `\${${name}}: unknown ${ref[1] === "users" ? "user" : "group"} "${ref[2]}" (declare it under given.${ref[1]})`
              : `\${${name}} is never set before it is used: no earlier step captures it, and it is not runPrefix or users|groups.<key>.<id|userName|displayName|externalId>`,
        };
      }
    }
    for (const name of Object.keys(step.capture ?? {})) captured.add(name);
    for (const [j, state] of (step.expect?.state ?? []).entries()) {
      if (state.matches === undefined) continue;
      try {
        parseFilter(withPlaceholders(state.matches));
      } catch (e) {
        return {
          path: at("expect", "state", j, "matches"),
          reason: `the filter ${JSON.stringify(state.matches)} does not parse (RFC 7644 §3.4.2.2): ${(e as Error).message}`,
        };
      }
    }
  }
  return undefined;
}
