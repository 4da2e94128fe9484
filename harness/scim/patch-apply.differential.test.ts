/**
 * Differential test of PATCH apply (RFC 7644 §3.5.2) against scim-patch 0.8.3, an independent
 * implementation: on seeded fast-check users and operation lists, scim-patch's answer must be one of
 * the outcomes our oracle allows (`allowedPatchOutcomes`, strict mode): the same resource as one allowed
 * success, or an error where a rejection is allowed.
 *
 * The generated domain leaves out the documented divergences below; each has its own test that shows it.
 *
 * | # | Case | scim-harness (RFC) | scim-patch | RFC citation |
 * |---|------|--------------------|------------|--------------|
 * | P1 | path-less `add`/`replace` with `{"name": {"givenName": "g"}}` on a user with `name.familyName` | merges: `name` keeps familyName | replaces `name` whole (familyName lost) | RFC 7644 §3.5.2.3: for a complex attribute the value's sub-attributes replace existing ones and "Sub-attributes that are not specified in the "value" parameter are left unchanged"; §3.5.2.1 adds sub-attributes likewise. With `path: "name"` scim-patch merges too |
 * | P3 | `remove` on `emails[type eq "x"]` with no match | noTarget or success unchanged (both allowed) | success unchanged | none: agreement, listed because the oracle allows both (contracts/README.md) |
 */
import fc from "fast-check";
import { scimPatch } from "scim-patch";
import type { ScimPatchOperation, ScimResource } from "scim-patch";
import { describe, expect, it } from "vitest";
import { deepEqual } from "./attribute-path.ts";
import { allowedPatchOutcomes, describeOutcomes } from "./patch-oracle.ts";
import { patchBody } from "./rfc-fixtures.ts";
import { SCHEMA_USER, USER_RESOURCE_TYPE } from "./schemas.ts";

type Json = Record<string, unknown>;

const WORDS = ["a", "b", "Ab"] as const;
const TYPES = ["work", "home"] as const;
const word = fc.constantFrom(...WORDS);
const emails = fc.uniqueArray(
  fc.record({ value: fc.constantFrom("a@x.org", "b@x.org"), type: fc.constantFrom(...TYPES) }),
  { minLength: 1, maxLength: 2, selector: (e) => e.type },
);

const user = fc.record(
  {
    schemas: fc.constant([SCHEMA_USER]),
    id: fc.constant("u1"),
    userName: fc.constant("bjensen"),
    displayName: word,
    title: word,
    active: fc.boolean(),
    name: fc.record({ givenName: word, familyName: word }, { requiredKeys: [] }),
    emails,
  },
  { requiredKeys: ["schemas", "id", "userName"] },
);

const simplePath = fc.constantFrom("displayName", "title", "name.givenName", "name.familyName");
const op: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ op: fc.constantFrom("add", "replace"), path: simplePath, value: word }),
  fc.record({ op: fc.constant("remove"), path: simplePath }),
  fc.record({ op: fc.constantFrom("add", "replace"), path: fc.constant("active"), value: fc.boolean() }),
  fc.record({ op: fc.constant("replace"), path: fc.constant("emails"), value: emails }),
  fc.constant({ op: "remove", path: "emails" }),
  fc.record({
    op: fc.constant("remove"),
    path: fc.constantFrom(...TYPES).map((t) => `emails[type eq "${t}"]`),
  }),
  fc.record({
    op: fc.constantFrom("add", "replace"),
    path: fc.constantFrom(...TYPES).map((t) => `emails[type eq "${t}"].value`),
    value: fc.constantFrom("a@x.org", "c@x.org"),
  }),
  fc.record({ op: fc.constant("add"), path: fc.constant("emails"), value: emails }),
  fc.record({
    op: fc.constant("remove"),
    path: fc.constantFrom(...TYPES).map((t) => `emails[type eq "${t}"].value`),
  }),
  fc.record({
    op: fc.constantFrom("add", "replace"),
    value: fc.record({ displayName: word, title: word }, { requiredKeys: [] }),
  }),
);

/** RFC 7643 §2.5: null, `[]` and an absent attribute are all unassigned; `{}` likewise. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value !== "object" || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const n = normalise(v);
    const empty =
      n === null ||
      n === undefined ||
      (Array.isArray(n) && n.length === 0) ||
      (typeof n === "object" && n !== null && Object.keys(n).length === 0);
    if (!empty) out[k] = n;
  }
  return out;
}

type Theirs = { ok: Json } | { error: string };

function theirs(resource: Json, ops: Json[]): Theirs {
  try {
    const result = scimPatch(
      structuredClone(resource) as unknown as ScimResource,
      ops as unknown as ScimPatchOperation[],
      {
        mutateDocument: false,
      },
    );
    return { ok: result as unknown as Json };
  } catch (error) {
    return { error: error instanceof Error ? error.constructor.name : String(error) };
  }
}

/** Is scim-patch's answer one of the allowed outcomes? */
function allowedAnswer(resource: Json, ops: Json[]): { allowed: boolean; detail: string } {
  const outcomes = allowedPatchOutcomes(resource, patchBody(...ops), USER_RESOURCE_TYPE);
  const answer = theirs(resource, ops);
  const allowed =
    "ok" in answer
      ? outcomes.some((o) => o.kind === "ok" && deepEqual(normalise(o.resource), normalise(answer.ok)))
      : outcomes.some((o) => o.kind === "error");
  return { allowed, detail: `theirs: ${JSON.stringify(answer)}; allowed: ${describeOutcomes(outcomes)}` };
}

describe("PATCH apply: scim-harness oracle vs scim-patch", () => {
  it("scim-patch's answer is one the oracle allows, on generated users and operations (seeded)", () => {
    fc.assert(
      fc.property(user, fc.array(op, { minLength: 1, maxLength: 3 }), (generated, generatedOps) => {
        // Plain JSON, as on the wire (fast-check may build null-prototype objects).
        const [resource, ops] = JSON.parse(JSON.stringify([generated, generatedOps])) as [Json, Json[]];
        const { allowed, detail } = allowedAnswer(resource, ops);
        expect(allowed, `${JSON.stringify(ops)} on ${JSON.stringify(resource)}: ${detail}`).toBe(true);
      }),
      { seed: 14, numRuns: 400 },
    );
  });

  const base: Json = {
    schemas: [SCHEMA_USER],
    id: "u1",
    userName: "bjensen",
    emails: [{ value: "a@x.org", type: "work" }],
  };

  it("P1: a path-less complex value merges (ours, §3.5.2.3) / replaces the attribute (scim-patch)", () => {
    const named = { ...base, name: { familyName: "a" } };
    for (const o of ["add", "replace"]) {
      const ops = [{ op: o, value: { name: { givenName: "g" } } }];
      expect(allowedAnswer(named, ops).allowed).toBe(false);
      expect(allowedPatchOutcomes(named, patchBody(...ops), USER_RESOURCE_TYPE)).toMatchObject([
        { kind: "ok", resource: { name: { familyName: "a", givenName: "g" } } },
      ]);
      expect(theirs(named, ops)).toMatchObject({ ok: { name: { givenName: "g" } } });
    }
  });

  it("P3: remove with no match: scim-patch succeeds unchanged, one of the two allowed answers", () => {
    const ops = [{ op: "remove", path: 'emails[type eq "home"]' }];
    expect(theirs(base, ops)).toEqual({ ok: base });
    expect(allowedAnswer(base, ops).allowed).toBe(true);
  });
});
