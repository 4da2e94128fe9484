import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createValueSource, type ValueSource } from "./value-source.ts";

const draws = (s: ValueSource) => [s.uuid(), s.hex(13), s.int(1, 1000), s.digits(7), s.seed32()];

describe("createValueSource", () => {
  it("gives the same values for the same seed and scope, and other values for another seed or scope", () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, scope) => {
        const a = draws(createValueSource(seed, scope));
        expect(draws(createValueSource(seed, scope))).toEqual(a);
        expect(draws(createValueSource(seed + 1, scope))).not.toEqual(a);
        expect(draws(createValueSource(seed, `${scope}x`))).not.toEqual(a);
      }),
    );
  });

  it("keeps scope parts apart: (ab, c) and (a, bc) are different sources", () => {
    expect(createValueSource(1, "ab", "c").hex(32)).not.toBe(createValueSource(1, "a", "bc").hex(32));
  });

  it("forks by name: a fork's values do not depend on what the parent drew before", () => {
    const fresh = createValueSource(7, "run").fork("user", "alice");
    const used = createValueSource(7, "run");
    used.uuid();
    used.hex(100);
    expect(draws(used.fork("user", "alice"))).toEqual(draws(fresh));
    expect(draws(used.fork("user", "bob"))).not.toEqual(
      draws(createValueSource(7, "run").fork("user", "alice")),
    );
    expect(fresh.scope).toEqual(["run", "user", "alice"]);
  });

  it("draws successive values: two uuids of one stream differ", () => {
    const s = createValueSource(3);
    const seen = new Set(Array.from({ length: 1000 }, () => s.uuid()));
    expect(seen.size).toBe(1000);
  });

  it("shapes uuids as v4 (version 4, variant 10xx) and hex as n lower-case digits", () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(70), (seed, n) => {
        const s = createValueSource(seed);
        expect(s.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(s.hex(n)).toMatch(new RegExp(`^[0-9a-f]{${n}}$`));
        expect(s.digits(n)).toMatch(new RegExp(`^[0-9]{${n}}$`));
      }),
    );
  });

  it("keeps int within [min, max] and reaches both ends", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1e9, max: 1e9 }), fc.nat(5), (seed, min, width) => {
        const s = createValueSource(seed);
        for (let i = 0; i < 50; i++) {
          const v = s.int(min, min + width);
          expect(Number.isInteger(v) && v >= min && v <= min + width).toBe(true);
        }
      }),
    );
    const s = createValueSource(11);
    const seen = new Set(Array.from({ length: 200 }, () => s.int(0, 3)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it("spreads int evenly (chi-squared over 10 buckets, 10 000 draws, well below the 0.1% critical value)", () => {
    const s = createValueSource(2026);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[s.int(0, 9)]!++;
    const chi2 = counts.reduce((sum, c) => sum + (c - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(27.88); // 9 degrees of freedom, p = 0.001
  });

  it("picks from a list and rejects impossible requests", () => {
    const s = createValueSource(5);
    expect(["a", "b", "c"]).toContain(s.pick(["a", "b", "c"]));
    expect(() => s.pick([])).toThrow(RangeError);
    expect(() => s.int(3, 2)).toThrow(RangeError);
    expect(() => s.int(0, 2 ** 49)).toThrow(RangeError);
    expect(() => s.bytes(-1)).toThrow(RangeError);
    expect(() => s.fork()).toThrow(TypeError);
  });
});
