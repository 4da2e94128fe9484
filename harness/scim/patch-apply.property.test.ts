import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { expect, it } from "vitest";
import { filterLiteral, scimFilter, scimPatchPath } from "./filter-arbitrary.test-support.ts";
import type { FilterNode } from "./filter-ast.ts";
import { evaluateFilter } from "./filter-evaluate.ts";
import { printPatchPath } from "./filter-print.ts";
import { applyPatch } from "./patch-apply.ts";
import type { PatchResult } from "./patch-apply.ts";
import { RFC_ENTERPRISE_USER, RFC_FULL_USER, RFC_GROUP, deepFreeze } from "./rfc-fixtures.ts";
import { isScimError } from "./scim-error.ts";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas.ts";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const UNSAFE = ["__proto__", "constructor", "prototype"];

/** An object with exactly these own keys, even `__proto__` (as `JSON.parse` would build it). */
const objectOf = (entries: readonly (readonly [string, unknown])[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
};

const key = fc.constantFrom(
  ...UNSAFE,
  "userName",
  "nickname",
  "active",
  "emails",
  "name",
  "name.givenName",
  "name.__proto__",
  "value",
  "type",
  "primary",
  "members",
  "displayName",
  "polluted",
  ENTERPRISE,
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:__proto__`,
);

const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    fc.constantFrom(null, true, false, "False", "True", "", "x", 0, 1.5),
    fc.string(),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map(objectOf),
  ),
})).value;

const hostilePath = fc.constantFrom(
  "__proto__",
  "__proto__.polluted",
  "constructor",
  "constructor.prototype",
  "name.constructor",
  "prototype",
  `${ENTERPRISE}:__proto__`,
  `${ENTERPRISE}:constructor.prototype`,
  'emails[type eq "__proto__"].value',
  'emails[constructor eq "x"]',
  "emails[__proto__ pr].value",
  'members[value eq "x"].constructor',
);

const path = fc.oneof(hostilePath, scimPatchPath().map(printPatchPath), fc.string({ maxLength: 20 }));

const operation = fc
  .record(
    {
      op: fc.constantFrom("add", "replace", "remove", "Add", "Replace", "Remove", "bogus"),
      path,
      value: json,
    },
    { requiredKeys: ["op"] },
  )
  .map((op) => objectOf(Object.entries(op)));

const request = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(operation, { minLength: 1, maxLength: 4 })
      .map((ops) => ({ schemas: [PATCH_OP], Operations: ops })),
  },
  fc.array(operation, { maxLength: 2 }).map((ops) =>
    objectOf([
      ["schemas", [PATCH_OP]],
      ["Operations", ops],
      ["__proto__", { polluted: 1 }],
    ]),
  ),
  json,
);

const user = fc
  .record(
    {
      userName: fc.string({ maxLength: 8 }),
      title: fc.constantFrom("", "Tour Guide", null),
      active: fc.boolean(),
      emails: fc.array(
        fc.record(
          {
            value: fc.constantFrom("a@example.com", "B@Example.com", ""),
            type: fc.constantFrom("work", "home"),
            primary: fc.boolean(),
          },
          { requiredKeys: ["value"] },
        ),
        { maxLength: 3 },
      ),
      name: fc.record(
        { givenName: fc.string({ maxLength: 5 }), familyName: fc.constantFrom("Jensen", "") },
        { requiredKeys: [] },
      ),
      meta: fc.record({
        lastModified: fc.constantFrom("2011-05-13T04:42:34Z", "2011-05-13T04:42:34.5+01:00", "garbage"),
      }),
      [ENTERPRISE]: fc.record(
        {
          employeeNumber: fc.constantFrom("701984", "1"),
          manager: fc.record({ value: fc.string({ maxLength: 4 }) }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["userName"] },
  )
  .map((u) => objectOf(Object.entries(u)));

const userResource = fc.oneof(fc.constantFrom(RFC_FULL_USER, RFC_ENTERPRISE_USER), user).map(deepFreeze);

function attempt(run: () => PatchResult): PatchResult | "scim-error" {
  try {
    return run();
  } catch (error) {
    expect(isScimError(error), String(error)).toBe(true);
    // A 500 would be an internal bug surfacing through the safety net.
    expect(isScimError(error) && error.status, String(error)).toBe(400);
    return "scim-error";
  }
}

it("never mutates its inputs, never touches Object.prototype, only returns or throws ScimError", () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
  fc.assert(
    fc.property(
      fc.oneof(
        userResource.map((r) => [r, USER_RESOURCE_TYPE] as const),
        fc.constant([RFC_GROUP, GROUP_RESOURCE_TYPE] as const),
      ),
      request,
      fc.constantFrom("strict" as const, "tolerant" as const),
      ([resource, type], body, mode) => {
        const before = structuredClone(resource);
        const bodyBefore = structuredClone(body);
        deepFreeze(body);
        const outcome = attempt(() => applyPatch(resource, body, type, { mode }));
        expect(resource).toEqual(before);
        expect(body).toEqual(bodyBefore);
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
        if (outcome !== "scim-error") {
          expect(Object.getPrototypeOf(outcome.resource)).toBe(Object.prototype);
          // JSON round trip: the generator may build null-prototype objects, which the result clones as `{}`.
          const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
          expect(outcome.changed).toBe(!isDeepStrictEqual(plain(outcome.resource), plain(resource)));
          if (mode === "strict") expect(outcome.tolerated).toEqual([]);
        }
      },
    ),
    { numRuns: 1500 },
  );
});

it("when strict mode succeeds and tolerant mode needed no tolerated form, both give the same resource", () => {
  fc.assert(
    fc.property(userResource, fc.array(operation, { minLength: 1, maxLength: 3 }), (resource, ops) => {
      const body = deepFreeze({ schemas: [PATCH_OP], Operations: ops });
      const strict = attempt(() => applyPatch(resource, body, USER_RESOURCE_TYPE, { mode: "strict" }));
      const tolerant = attempt(() => applyPatch(resource, body, USER_RESOURCE_TYPE, { mode: "tolerant" }));
      if (strict === "scim-error" || tolerant === "scim-error" || tolerant.tolerated.length > 0) return;
      expect(tolerant.resource).toEqual(strict.resource);
      expect(tolerant.changed).toBe(strict.changed);
    }),
    { numRuns: 500 },
  );
});

it("a replace that sets a value already there reports changed: false", () => {
  fc.assert(
    fc.property(userResource, fc.string({ maxLength: 10 }), (resource, displayName) => {
      const once = applyPatch(
        resource,
        { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: displayName }] },
        USER_RESOURCE_TYPE,
      );
      const twice = applyPatch(
        once.resource,
        { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: displayName }] },
        USER_RESOURCE_TYPE,
      );
      expect(twice.changed).toBe(false);
      expect(twice.resource).toEqual(once.resource);
    }),
  );
});

function evaluation(filter: FilterNode, resource: Readonly<Record<string, unknown>>): boolean | "scim-error" {
  try {
    return evaluateFilter(filter, resource, USER_RESOURCE_TYPE);
  } catch (error) {
    expect(isScimError(error), String(error)).toBe(true);
    return "scim-error";
  }
}

it("evaluateFilter(not f) = !evaluateFilter(f), and both error together (only with ScimError)", () => {
  fc.assert(
    fc.property(scimFilter(), userResource, (filter, resource) => {
      const plain = evaluation(filter, resource);
      const negated = evaluation({ kind: "not", filter }, resource);
      if (plain === "scim-error") expect(negated).toBe("scim-error");
      else expect(negated).toBe(!plain);
    }),
    { numRuns: 1000 },
  );
});

it("eq and ne are complementary on single values (on multi-valued ones one of them matches), and eq null is the negation of pr", () => {
  const paths = [
    "userName",
    "title",
    "active",
    "emails",
    "emails.value",
    "name.givenName",
    "meta.lastModified",
    "employeeNumber",
    "nosuch",
  ];
  fc.assert(
    fc.property(fc.constantFrom(...paths), filterLiteral, userResource, (name, value, resource) => {
      const [top = "", sub] = name.split(".");
      const attr = sub === undefined ? { name: top } : { name: top, subAttr: sub };
      const eq = evaluation({ kind: "compare", path: attr, op: "eq", value }, resource);
      const ne = evaluation({ kind: "compare", path: attr, op: "ne", value }, resource);
      if (eq === "scim-error") {
        expect(ne).toBe("scim-error");
      } else if (top === "emails" && value !== null) {
        // Multi-valued: each operator matches when any value does (RFC 7644 §3.4.2.2), so with two
        // different values both eq and ne match; but when ne matches no value, every value equals the
        // literal, so eq matches whenever there is a value at all.
        const present = evaluation({ kind: "present", path: attr }, resource);
        if (ne === false) expect(eq || present !== true).toBe(true);
        if (eq === false) expect(ne || present !== true).toBe(true);
      } else {
        expect(ne).toBe(!eq);
        if (value === null) expect(eq).toBe(!evaluation({ kind: "present", path: attr }, resource));
      }
    }),
    { numRuns: 1000 },
  );
});
