/**
 * Generated PATCH operation lists (RFC 7644 §3.5.2) over the attributes a target declares: add, replace
 * and remove, with and without a path, value paths on emails (matching or not), a path-less value with
 * the readOnly `id`, URN-qualified extension paths, and, for
 * targets meant to accept them, the non-RFC forms Entra sends without `aadOptscim062020` [S2]:
 * capitalised `op` (B2), `"True"`/`"False"` strings (B1), dotted and URN keys in path-less values (B5).
 */
import fc from "fast-check";
import { SCHEMA_ENTERPRISE_USER } from "../../harness/scim/schemas.ts";
import { EMAIL_DOMAINS, EMAIL_LOCALS, EMAIL_TYPES, TEXTS } from "./population.ts";

export type Op = Record<string, unknown>;

/** Which wire dialect a case uses: RFC 7644, or Entra's pre-`aadOptscim062020` forms [S2]. */
export type Dialect = "rfc" | "entra-legacy";

interface SimpleAttr {
  path: string;
  /** For `declares` (lower-case dotted), or `enterprise:<name>`. */
  needs: string;
  /** The key used in a path-less value object. */
  key: string;
}

const ENT = SCHEMA_ENTERPRISE_USER;
const SIMPLE: readonly SimpleAttr[] = [
  { path: "displayName", needs: "displayname", key: "displayName" },
  { path: "title", needs: "title", key: "title" },
  { path: "name.givenName", needs: "name.givenname", key: "name.givenName" },
  { path: "name.familyName", needs: "name.familyname", key: "name.familyName" },
  { path: "externalId", needs: "username", key: "externalId" },
  { path: `${ENT}:employeeNumber`, needs: "enterprise:employeeNumber", key: `${ENT}:employeeNumber` },
  { path: `${ENT}:department`, needs: "enterprise:department", key: `${ENT}:department` },
];

const text = fc.constantFrom(...TEXTS);
/** An `id` that is never the user's own: a server must not take it (readOnly, RFC 7643 §3.1). */
const READONLY_ID = "scimh-readonly-id";
const emailValue = fc
  .tuple(fc.constantFrom(...EMAIL_LOCALS), fc.constantFrom(...EMAIL_DOMAINS))
  .map(([l, d]) => `${l}@${d}`);
const email = fc.record(
  { value: emailValue, type: fc.constantFrom(...EMAIL_TYPES) },
  { requiredKeys: ["value"] },
);

/** Operation lists of 1–4 operations, with the dialect they are written in. */
export function patchCase(
  declares: (name: string) => boolean,
  enterprise: (name: string) => boolean,
  tolerant: boolean,
): fc.Arbitrary<{ dialect: Dialect; operations: Op[] }> {
  const simple = SIMPLE.filter((a) =>
    a.needs.startsWith("enterprise:") ? enterprise(a.needs.slice(11)) : declares(a.needs),
  );
  const ops: fc.Arbitrary<Op>[] = [];
  if (simple.length > 0) {
    const attr = fc.constantFrom(...simple);
    ops.push(
      fc.record({ op: fc.constantFrom("add", "replace"), path: attr.map((a) => a.path), value: text }),
    );
    ops.push(fc.record({ op: fc.constant("remove"), path: attr.map((a) => a.path) }));
    const pathless = fc.uniqueArray(fc.tuple(attr, text), {
      minLength: 1,
      maxLength: 3,
      selector: ([a]) => a.key,
    });
    // Path-less values: nested objects in RFC form, dotted / URN keys as Entra sends them [S2] (B5).
    ops.push(
      fc.record({
        op: fc.constantFrom("add", "replace"),
        value: pathless.map((pairs) => nestedValue(pairs.map(([a, v]) => [a.key, v]))),
      }),
    );
    // A path-less value that carries the readOnly `id`: ignored, or 400 mutability (RFC 7644 §3.5.2).
    ops.push(
      fc.record({
        op: fc.constantFrom("add", "replace"),
        value: pathless.map((pairs) => ({
          id: READONLY_ID,
          ...nestedValue(pairs.map(([a, v]) => [a.key, v])),
        })),
      }),
    );
    if (tolerant)
      ops.push(
        fc.record({
          op: fc.constant("replace"),
          value: pathless.map((pairs) => Object.fromEntries(pairs.map(([a, v]) => [a.key, v]))),
        }),
      );
  }
  if (declares("active")) {
    // Cross-shrinking turns "False" into false when the failure does not need the IdP form, so a
    // counterexample keeps Entra's string only when it is what the target gets wrong.
    const value = tolerant
      ? fc.oneof({ withCrossShrink: true }, fc.boolean(), fc.constantFrom("True", "False"))
      : fc.boolean();
    ops.push(fc.record({ op: fc.constantFrom("add", "replace"), path: fc.constant("active"), value }));
  }
  if (declares("emails")) {
    const type = fc.constantFrom(...EMAIL_TYPES);
    ops.push(
      fc.record({
        op: fc.constantFrom("add", "replace"),
        path: fc.constant("emails"),
        value: fc.array(email, { minLength: 1, maxLength: 2 }),
      }),
    );
    ops.push(fc.constant({ op: "remove", path: "emails" }));
    ops.push(
      fc.record({
        op: fc.constantFrom("add", "replace"),
        path: type.map((t) => `emails[type eq "${t}"].value`),
        value: emailValue,
      }),
    );
    ops.push(fc.record({ op: fc.constant("remove"), path: type.map((t) => `emails[type eq "${t}"]`) }));
  }
  // Each slot may shrink to "no operation": fast-check's array shrinker only drops leading items, so
  // without it a counterexample keeps operations its failure does not need.
  const operations = fc
    .array(fc.option(fc.oneof(...ops), { nil: undefined }), { minLength: 1, maxLength: 4 })
    .map((slots) => slots.filter((o): o is Op => o !== undefined))
    .filter((list) => list.length > 0);
  const dialect: fc.Arbitrary<Dialect> = tolerant
    ? fc.constantFrom("rfc", "entra-legacy")
    : fc.constant("rfc");
  return fc.record({ dialect, operations }).map(({ dialect, operations }) => ({
    dialect,
    // Entra without the flag capitalises op [S2] (B2); the RFC dialect keeps them lower-case.
    operations:
      dialect === "entra-legacy"
        ? operations.map((o) => ({ ...o, op: capitalise(String(o["op"])) }))
        : operations,
  }));
}

const capitalise = (op: string) => op.charAt(0).toUpperCase() + op.slice(1);

/** `[["name.givenName","x"],[URN:employeeNumber,"y"]]` → `{ name: { givenName: "x" }, URN: { employeeNumber: "y" } }`. */
function nestedValue(pairs: [string, unknown][]): Op {
  const out: Op = {};
  for (const [key, value] of pairs) {
    if (key.startsWith("urn:")) {
      const at = key.lastIndexOf(":");
      const urn = key.slice(0, at);
      out[urn] = { ...(out[urn] as Op | undefined), [key.slice(at + 1)]: value };
    } else if (key.includes(".")) {
      const [top, sub] = key.split(".") as [string, string];
      out[top] = { ...(out[top] as Op | undefined), [sub]: value };
    } else out[key] = value;
  }
  return out;
}
