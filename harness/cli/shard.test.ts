import fc from "fast-check";
import { expect, it } from "vitest";
import { ConfigurationError } from "../errors.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import type { Scenario } from "../scenario/scenario-schema.ts";
import { parseShard, selectShard, variantKey } from "./shard.ts";

const variant = (id: string, name = "default"): ScenarioVariant => ({
  scenario: { id, title: id, idp: "entra", steps: [] } as unknown as Scenario,
  name,
  options: {},
});
const ids = (vs: ScenarioVariant[]) =>
  vs.map((v) => (v.name === "default" ? v.scenario.id : `${v.scenario.id}[${v.name}]`));

it("parses i/n and rejects shards outside 1..n", () => {
  expect(parseShard("2/3")).toEqual({ index: 2, total: 3 });
  expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, total: 1 });
  for (const bad of ["0/3", "4/3", "1/0", "x/y", "2", "-1/2", "1.5/3"])
    expect(() => parseShard(bad), bad).toThrow(ConfigurationError);
});

it("deals variants round-robin by scenario id and variant name, keeping the run order", () => {
  // sorted: a (rank 0), b[x=1] (1), b[x=2] (2), c (3), d (4); shard 1 of 2 takes ranks 0, 2, 4
  const all = [variant("d"), variant("b", "x=2"), variant("a"), variant("c"), variant("b", "x=1")];
  expect(ids(selectShard(all, { index: 1, total: 2 }, variantKey))).toEqual(["d", "b[x=2]", "a"]);
  expect(ids(selectShard(all, { index: 2, total: 2 }, variantKey))).toEqual(["c", "b[x=1]"]);
  expect(ids(selectShard(all, { index: 3, total: 3 }, variantKey))).toEqual(["b[x=2]"]);
  expect(ids(selectShard(all, { index: 1, total: 1 }, variantKey))).toEqual(ids(all));
});

it("the split does not depend on the order the variants were found in", () => {
  const all = ["e1", "e2", "e3", "j1", "j2", "j3", "j4"].map((id) => variant(id));
  const reversed = [...all].reverse();
  for (const index of [1, 2, 3]) {
    const a = ids(selectShard(all, { index, total: 3 }, variantKey)).sort();
    const b = ids(selectShard(reversed, { index, total: 3 }, variantKey)).sort();
    expect(a).toEqual(b);
  }
});

it("shards partition the variants: each runs in exactly one shard, sizes differ by at most one", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 }),
      fc.integer({ min: 1, max: 8 }),
      (names, total) => {
        const all = names.map((n) => variant(n));
        const shards = Array.from({ length: total }, (_, i) =>
          selectShard(all, { index: i + 1, total }, variantKey),
        );
        expect(shards.flat().map(variantKey).sort()).toEqual(all.map(variantKey).sort());
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      },
    ),
  );
});
