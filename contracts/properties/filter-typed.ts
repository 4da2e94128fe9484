/**
 * Filterable extension attributes of the types the core User schema lacks (RFC 7643 §2.3): integer,
 * decimal, a string with caseExact true, and a writable dateTime. For each type, the first single-valued,
 * writable, returned attribute of a User extension the target declares is filtered on with every operator,
 * and given population values that sit where servers go wrong:
 * - integers: boundaries (0, ±1, 9 and 10, which order differently as text, the 32-bit limits);
 * - decimals: 1.5 next to 10.25 and 9.5 (text order differs), a negative, an exponent form in the JSON
 *   body (1e-7, 2.5e+21: RFC 8259 §6), a whole number (2);
 * - caseExact strings: case variants of one code (RFC 7643 §2.2: they are different values);
 * - dateTimes: the same instant in two offsets, a fraction, one second apart.
 * RFC 7644 §3.4.2.2: gt/ge/lt/le on integer and decimal compare numerically, on dateTime chronologically;
 * the oracle (`allowedMatches`) knows every reading where the RFC is open. A target that declares none of
 * these types gets no typed attribute.
 */
import fc from "fast-check";
import { COMPARE_OPERATORS } from "../../harness/scim/filter-ast.ts";
import type { AttributeDefinition, ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { INSTANT_TRANSFORMS, NUMBER_TRANSFORMS } from "./filter-template.ts";
import type { AttrSpec } from "./filter-template.ts";

type Json = Record<string, unknown>;

/** Integer values (RFC 7643 §2.3.4). */
export const INTEGERS = [0, 1, -1, 9, 10, -10, 100, 2147483647, -2147483648] as const;
/** Decimal values (RFC 7643 §2.3.3); JSON.stringify writes 1e-7 and 2.5e+21 in exponent form. */
export const DECIMALS = [1.5, -1.5, 9.5, 10.25, 0.1, 2, 1e-7, 2.5e21, -0.25] as const;
/** caseExact strings: case variants of one code are different values. */
export const EXACT_CODES = ["Ab-1", "ab-1", "AB-1", "zZ", "Zz"] as const;
/** dateTimes: the same instant in two offsets, a fraction of a second, a second apart. */
export const DATE_TIMES = [
  "2020-01-01T00:00:00Z",
  "2020-01-01T05:30:00+05:30",
  "2020-01-01T00:00:00.5Z",
  "2020-01-01T00:00:01Z",
  "1999-12-31T23:59:59.999Z",
] as const;

/** A typed attribute of an extension, with the values a population gives it. */
export interface TypedAttr {
  key: string;
  uri: string;
  name: string;
  spec: AttrSpec;
}

const KINDS: readonly {
  key: string;
  fits: (a: AttributeDefinition) => boolean;
  constants: readonly (string | number)[];
  transforms?: AttrSpec["transforms"];
}[] = [
  {
    key: "typedInteger",
    fits: (a) => a.type === "integer",
    constants: INTEGERS,
    transforms: NUMBER_TRANSFORMS,
  },
  {
    key: "typedDecimal",
    fits: (a) => a.type === "decimal",
    constants: DECIMALS,
    transforms: NUMBER_TRANSFORMS,
  },
  { key: "typedExact", fits: (a) => a.type === "string" && a.caseExact, constants: EXACT_CODES },
  {
    key: "typedDateTime",
    fits: (a) => a.type === "dateTime",
    constants: DATE_TIMES,
    transforms: INSTANT_TRANSFORMS,
  },
];

const usable = (a: AttributeDefinition) =>
  !a.multiValued && (a.mutability === "readWrite" || a.mutability === "immutable") && a.returned !== "never";

/** The typed attributes of the User extensions `userType` declares, at most one per type. */
export function typedAttrs(userType: ResourceTypeSchemas): TypedAttr[] {
  const out: TypedAttr[] = [];
  for (const kind of KINDS) {
    for (const { schema } of userType.extensions) {
      const found = schema.attributes.find((a) => usable(a) && kind.fits(a));
      if (found === undefined) continue;
      const uri = schema.id;
      const name = found.name;
      out.push({
        key: kind.key,
        uri,
        name,
        spec: {
          path: { uri, name },
          ops: COMPARE_OPERATORS,
          constants: kind.constants,
          read: (r) => {
            const v = (r[uri] as Json | undefined)?.[name];
            return v === undefined || v === null ? [] : [v];
          },
          refs: true,
          // Only a target that declares these types has them: weighted up so that they are met often.
          weight: 6,
          ...(kind.transforms !== undefined && { transforms: kind.transforms }),
        },
      });
      break;
    }
  }
  return out;
}

/** The typed attributes as filter attributes, by key (for `filterTemplate` and `resolveTemplate`). */
export const typedFilterAttrs = (typed: readonly TypedAttr[]): Record<string, AttrSpec> =>
  Object.fromEntries(typed.map((t) => [t.key, t.spec]));

/** Values of the typed attributes for one user (each may be absent): schema URN → name → value. */
export function typedValues(
  typed: readonly TypedAttr[],
): fc.Arbitrary<Record<string, Record<string, unknown>> | undefined> {
  if (typed.length === 0) return fc.constant(undefined);
  return fc
    .tuple(
      ...typed.map((t) =>
        fc
          .option(fc.constantFrom(...t.spec.constants), { nil: undefined, freq: 4 })
          .map((value) => ({ t, value })),
      ),
    )
    .map((picked) => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const { t, value } of picked)
        if (value !== undefined) out[t.uri] = { ...(out[t.uri] ?? {}), [t.name]: value };
      return Object.keys(out).length === 0 ? undefined : out;
    });
}
