/**
 * fast-check arbitraries of random and hostile SCIM requests for the fake SP's fuzz test
 * (`fuzz.property.test.ts`). Test-only: imports fast-check. Bodies are generated as JSON *text*, so keys
 * such as `__proto__` arrive as real own keys, exactly as `JSON.parse` produces them from the wire.
 */
import fc from "fast-check";
import { scimFilter, scimPatchPath } from "../harness/scim/filter-arbitrary.test-support.ts";
import { printFilter, printPatchPath } from "../harness/scim/filter-print.ts";

const PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** Keys that reach prototypes when assigned naively, and their dotted forms (B18). */
export const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "__proto__.polluted",
  "constructor.prototype.polluted",
  "prototype.polluted",
  "name.__proto__",
  `${ENTERPRISE_URN}:__proto__`,
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
] as const;

const ATTRIBUTE_KEYS = [
  "schemas",
  "id",
  "meta",
  "userName",
  "name",
  "givenName",
  "familyName",
  "name.givenName",
  "displayName",
  "active",
  "emails",
  "value",
  "type",
  "primary",
  "members",
  "groups",
  "roles",
  "$ref",
  "externalId",
  "manager",
  ENTERPRISE_URN,
  `${ENTERPRISE_URN}:manager`,
  "Operations",
  "op",
  "path",
  "filter",
  "startIndex",
  "count",
];

/** Number literals JSON allows but programs mishandle: overflow to ±Infinity, precision loss, -0. */
const NUMBER_LITERALS = [
  "1e999",
  "-1e999",
  "1e308",
  "-0",
  "4e-324",
  "9007199254740993",
  "1".repeat(400),
  "0.1e-400",
];

const jsonKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ATTRIBUTE_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const jsonLeaf: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("null", "true", "false", '"False"', '"True"', '""', ...NUMBER_LITERALS),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: "binary", maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

/** Random JSON text (objects, arrays, hostile keys, odd numbers), a few levels deep. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    jsonLeaf,
    fc
      .array(fc.tuple(jsonKey, tie("node")), { maxLength: 5 })
      .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
    fc.array(tie("node"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
  ),
})).node;

/** Nesting from 60 to 10 000 levels of arrays, objects, or an unbalanced mix. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 60, max: 10_000 }), fc.constantFrom("array", "object", "unbalanced", "patch"))
  .map(([depth, kind]) => {
    if (kind === "array") return "[".repeat(depth) + "]".repeat(depth);
    if (kind === "object") return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    if (kind === "unbalanced") return "[".repeat(depth);
    const value = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    return `{"schemas":["${PATCH_URN}"],"Operations":[{"op":"add","path":"title","value":${value}}]}`;
  });

/** Paths of real attributes, so that many operations get past path resolution. */
const SIMPLE_PATHS = [
  "title",
  "active",
  "displayName",
  "userName",
  "name.givenName",
  "emails",
  'emails[type eq "work"].value',
  "members",
  'members[value eq "u1"]',
  `${ENTERPRISE_URN}:manager`,
  `${ENTERPRISE_URN}:employeeNumber`,
  ENTERPRISE_URN,
  "externalId",
  "meta.created",
  "id",
];

const hostilePath = fc.constantFrom(
  "__proto__",
  "__proto__.polluted",
  "constructor.prototype.polluted",
  "prototype",
  "name.__proto__",
  "emails[__proto__ eq 1]",
  'members[value eq "__proto__"]',
  `${ENTERPRISE_URN}:__proto__`,
  'emails[type eq "work"].__proto__',
  "members[",
  "]",
  "",
);

const opName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("add", "Add", "replace", "Replace", "remove", "Remove") },
  { weight: 1, arbitrary: fc.constantFrom("REMOVE", "", "copy", "move", "add\u0000", " replace") },
);

/** One PATCH operation as JSON text: odd ops, printed/hostile/random paths, random values. */
const hostileOperation: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: opName.map((o) => JSON.stringify(o)) },
      { weight: 1, arbitrary: jsonText },
    ),
    fc.option(
      fc.oneof(
        { weight: 4, arbitrary: scimPatchPath().map((p) => JSON.stringify(printPatchPath(p))) },
        { weight: 4, arbitrary: fc.constantFrom(...SIMPLE_PATHS).map((p) => JSON.stringify(p)) },
        { weight: 2, arbitrary: hostilePath.map((p) => JSON.stringify(p)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)) },
        { weight: 1, arbitrary: jsonLeaf },
      ),
      { nil: undefined, freq: 6 },
    ),
    fc.option(fc.oneof({ weight: 3, arbitrary: jsonLeaf }, { weight: 2, arbitrary: jsonText }), {
      nil: undefined,
      freq: 8,
    }),
    fc.oneof(
      { weight: 7, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_KEYS), jsonText) },
    ),
  )
  .map(([op, path, value, extra]) => {
    const members = [`"op":${op}`];
    if (path !== undefined) members.push(`"path":${path}`);
    if (value !== undefined) members.push(`"value":${value}`);
    if (extra !== undefined) members.push(`${JSON.stringify(extra[0])}:${extra[1]}`);
    return `{${members.join(",")}}`;
  });

/** Operations shaped like Entra's and JumpCloud's, on real attributes, with simple values. */
const plausibleOperation: fc.Arbitrary<string> = fc
  .tuple(
    opName,
    fc.constantFrom(...SIMPLE_PATHS),
    fc.oneof(
      jsonLeaf,
      fc.constantFrom(
        '[{"value":"u1"}]',
        '[{"value":"u2","$ref":null}]',
        '{"value":"u3"}',
        '[{"type":"work","value":"x@y"}]',
      ),
    ),
  )
  .map(([op, path, value]) => `{"op":${JSON.stringify(op)},"path":${JSON.stringify(path)},"value":${value}}`);

const patchOperation = fc.oneof(
  { weight: 3, arbitrary: hostileOperation },
  { weight: 2, arbitrary: plausibleOperation },
);

/** PATCH request bodies: mostly well-formed envelopes around hostile operations. */
export const patchBodyText: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(patchOperation, { minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(patchOperation, { maxLength: 2 }) },
  )
  .chain((operations) =>
    fc
      .oneof(
        { weight: 6, arbitrary: fc.constant(`["${PATCH_URN}"]`) },
        { weight: 1, arbitrary: fc.constantFrom("[]", "null", `"${PATCH_URN}"`) },
      )
      .map((schemas) => `{"schemas":${schemas},"Operations":[${operations.join(",")}]}`),
  );

/** POST/PUT bodies: a User envelope with random, wrongly typed and hostile attributes. */
export const resourceBodyText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
      jsonLeaf,
      jsonText,
    ),
    fc.array(fc.tuple(jsonKey, jsonText), { maxLength: 6 }),
  )
  .map(
    ([userName, pairs]) =>
      `{"schemas":["${USER_URN}"],"userName":${userName}${pairs.map(([k, v]) => `,${JSON.stringify(k)}:${v}`).join("")}}`,
  );

/** Filters that stress the parser's limits: deep nesting, long `or` chains, unclosed brackets. */
function hostileFilter(n: number, kind: number): string {
  switch (kind) {
    case 0:
      return `${"(".repeat(n)}userName pr${")".repeat(n)}`;
    case 1:
      return `${"not (".repeat(n)}userName pr${")".repeat(n)}`;
    case 2:
      return Array.from({ length: Math.min(n, 1500) }, (_, i) => `userName eq "u${i}"`).join(" or ");
    case 3:
      return `emails[${"value[".repeat(n)}`;
    default:
      return `__proto__.polluted eq "x" or constructor pr`;
  }
}

/** Filters: printed generated ASTs, random strings, and hostile nesting. */
export const filterText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: scimFilter({ maxDepth: 4 }).map(printFilter) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 50, max: 20_000 }), fc.integer({ min: 0, max: 4 }))
      .map(([n, kind]) => hostileFilter(n, kind)),
  },
);

/** Query-string values: filters for `filter`, numbers and junk for the rest. */
export const queryParameters: fc.Arbitrary<[string, string][]> = fc.array(
  fc.oneof(
    filterText.map((f): [string, string] => ["filter", f]),
    fc
      .tuple(
        fc.constantFrom(
          "startIndex",
          "count",
          "attributes",
          "excludedAttributes",
          "sortBy",
          "sortOrder",
          "x",
        ),
        fc.oneof(
          fc.constantFrom(
            ...NUMBER_LITERALS,
            "-1",
            "0",
            "1.5",
            "NaN",
            "",
            "userName,__proto__",
            "emails[",
            "a..b",
          ),
          fc.string({ maxLength: 15 }),
        ),
      )
      .map(([k, v]): [string, string] => [k, v]),
  ),
  { maxLength: 3 },
);

/** Content types, valid and not. */
export const contentType = fc.option(
  fc.constantFrom(
    "application/scim+json",
    "application/json",
    "application/scim+json; charset=utf-8",
    "application/json; charset=latin1",
    "application/json; charset",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    ";;;",
    "",
  ),
  { nil: undefined, freq: 6 },
);

/** SearchRequest bodies (RFC 7644 §3.4.3) with generated filters and junk paging. */
export const searchBodyText: fc.Arbitrary<string> = fc
  .tuple(filterText, fc.option(jsonLeaf, { nil: undefined }), fc.option(jsonText, { nil: undefined }))
  .map(([filter, count, attributes]) => {
    const members = [
      `"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]`,
      `"filter":${JSON.stringify(filter)}`,
    ];
    if (count !== undefined) members.push(`"count":${count}`);
    if (attributes !== undefined) members.push(`"attributes":${attributes}`);
    return `{${members.join(",")}}`;
  });
