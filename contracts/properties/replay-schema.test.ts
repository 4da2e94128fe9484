/**
 * Each invariant's replay schema (replay-schema.ts) accepts exactly the bodies the invariant accepts: for
 * generated values of the attribute it is about (any JSON, in any key case), the JSON Schema the saved
 * counterexample expects and the invariant agree. A stricter schema would make a replay red on a correct
 * server; a looser one would let a broken server replay green.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { expect, it } from "vitest";
import { USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import { rootSchema } from "./replay-schema.ts";
import type { JsonSchema } from "./replay-schema.ts";
import { groupsViolations, metaViolations, schemaViolations } from "./stateful-invariants.ts";
import type { MetaContext, Violation } from "./stateful-invariants.ts";

const ajv = new Ajv({ allErrors: true, strict: false, $data: true });
addFormatsModule.default(ajv);

type Json = Record<string, unknown>;
const accepts = (schema: JsonSchema, body: Json) => ajv.compile(schema)(body);

/** Every case spelling an SP may use for an attribute name (RFC 7643 §2.1). */
const spelled = (name: string) => fc.constantFrom(name, name.toLowerCase(), name.toUpperCase());
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(true, false, null, "", [], {}, "2026-12-03T11:10:12.884Z", [{ value: "a" }]),
);

/** The one replay schema a broken body yields for `invariant`, then agreement on generated bodies. */
function agrees(
  invariant: string,
  broken: Json,
  check: (body: Json) => Violation[],
  bodies: fc.Arbitrary<Json>,
): void {
  const witness = check(broken).filter((v) => v.invariant === invariant);
  expect(witness.length, `${invariant} on ${JSON.stringify(broken)}`).toBeGreaterThan(0);
  const schema = rootSchema(invariant, [witness[0]!.replay]);
  fc.assert(
    fc.property(bodies, (body) => {
      const held = !check(body).some((v) => v.invariant === invariant);
      expect(accepts(schema, body), JSON.stringify(body)).toBe(held);
    }),
    { seed: 23, numRuns: 300 },
  );
}

const base = { id: "1", userName: "u" };
const only = (prefix: string) => (vs: Violation[]) =>
  vs.filter((v) => v.message.toLowerCase().startsWith(prefix.toLowerCase()));

it("schema.type: a declared boolean, and a multi-valued complex attribute", () => {
  const full = (b: Json) => schemaViolations(b, USER_RESOURCE_TYPE, true);
  agrees(
    "schema.type",
    { ...base, active: "true" },
    (b) => only("active")(full(b)),
    fc.tuple(spelled("active"), value).map(([k, v]) => ({ ...base, [k]: v })),
  );
  agrees(
    "schema.type",
    { ...base, emails: "a@example.com" },
    (b) => only("emails ")(full(b)),
    fc.tuple(spelled("emails"), value).map(([k, v]) => ({ ...base, [k]: v })),
  );
});

it("schema.returned: password never comes back; schema.required: userName is there", () => {
  const full = (b: Json) => schemaViolations(b, USER_RESOURCE_TYPE, true);
  agrees(
    "schema.returned",
    { ...base, password: "x" },
    full,
    fc.tuple(spelled("password"), value).map(([k, v]) => ({ ...base, [k]: v })),
  );
  agrees(
    "schema.required",
    { id: "1" },
    (b) => only("userName")(full(b)),
    fc
      .option(fc.tuple(spelled("userName"), value))
      .map((kv) => (kv === null ? { id: "1" } : { id: "1", [kv[0]]: kv[1] })),
  );
});

it("groups: listed exactly when a member", () => {
  const groups = fc.tuple(
    spelled("groups"),
    fc.oneof(value, fc.array(fc.record({ value: fc.constantFrom("g1", "g2") }))),
  );
  for (const member of [true, false])
    agrees(
      "groups",
      { groups: member ? [] : [{ value: "g1" }] },
      (b) => groupsViolations(b, new Map([["g", "g1"]]), new Set(member ? ["g"] : [])),
      groups.map(([k, v]) => ({ [k]: v })),
    );
});

const ctx: MetaContext = {
  kind: "Users",
  resourceType: "User",
  id: "abc",
  baseUrl: "https://sp.example.com/scim/v2",
  changed: false,
  sentAt: 0,
  readAt: 0,
  earlier: () => {
    throw new Error("no earlier read");
  },
};

it("meta.resourceType and meta.location", () => {
  const meta = (name: string, values: fc.Arbitrary<unknown>) =>
    fc.tuple(spelled(name), fc.oneof(value, values)).map(([k, v]) => ({ meta: { [k]: v } }));
  const check = (b: Json) => metaViolations(b, undefined, ctx).violations;
  agrees(
    "meta.resourceType",
    { meta: { resourceType: "Users" } },
    check,
    meta("resourceType", fc.constantFrom("User", "user", "Group")),
  );
  agrees(
    "meta.location",
    { meta: { location: "https://sp.example.com/scim/v2/Users" } },
    check,
    meta(
      "location",
      fc.constantFrom(
        "https://sp.example.com/scim/v2/Users/abc",
        "https://other.example.com/Users/abc?x=1",
        "/scim/v2/Users/abc",
        "Users/abc",
        "https://sp.example.com/scim/v2/Users/abcd",
        "https://sp.example.com/scim/v2/Users/abc/",
        "https://sp.example.com/scim/v2/Groups/abc",
      ),
    ),
  );
});

it("meta.lastModified of a never modified resource is its created instant, in any spelling", () => {
  const created = "2026-12-03T11:10:12.884Z";
  const lastModified = fc.constantFrom(
    created,
    "2026-12-03T11:10:12.884+00:00",
    "2026-12-03T12:10:12.884+01:00",
    "2026-12-03T11:10:12.885Z",
    "2026-12-03T11:10:12Z",
  );
  agrees(
    "meta.lastModified",
    { meta: { created, lastModified: "2026-12-03T11:10:13Z" } },
    (b) => metaViolations(b, undefined, ctx).violations,
    fc.tuple(spelled("lastModified"), lastModified).map(([k, v]) => ({ meta: { created, [k]: v } })),
  );
});
