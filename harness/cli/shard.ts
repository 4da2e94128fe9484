/**
 * `--shard i/n`: splits a run across n CI jobs. The scenario variants are dealt round-robin; the split
 * depends only on the variants (sorted by scenario id and variant name), never on timing or machine, so
 * every job computes the same partition and each variant runs in exactly one shard. The contract suite
 * and the property suites are not split: they run whole in shard 1 (their checks share one discovery
 * read and one cleanup, and the property suites are time-bounded, not counted), so a sharded run still
 * runs every check and property exactly once and `merge-reports` puts them back beside the scenarios.
 */
import { ConfigurationError } from "../errors.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import type { Suite } from "./suites.ts";

/** Shard `index` (1-based) of `total`. */
export interface Shard {
  index: number;
  total: number;
}

/** Parses `2/3`; throws ConfigurationError for anything else (0/3, 4/3, 1/0, x/y). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (m === null || total < 1 || index < 1 || index > total)
    throw new ConfigurationError(
      `--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got ${JSON.stringify(text)}`,
    );
  return { index, total };
}

/** The sort key of a variant: scenario id, variant name, then file (ids should be unique anyway). */
export function variantKey(variant: ScenarioVariant): string {
  return `${variant.scenario.id}\u0000${variant.name}\u0000${variant.file ?? ""}`;
}

/**
 * The items of one shard, in their original order: items are ranked by `key` and dealt round-robin,
 * rank r going to shard (r mod n) + 1.
 */
export function selectShard<T>(items: readonly T[], shard: Shard, key: (item: T) => string): T[] {
  const ranked = items
    .map((item, position) => ({ item, position, key: key(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.position - b.position));
  return ranked
    .filter((_, rank) => rank % shard.total === shard.index - 1)
    .sort((a, b) => a.position - b.position)
    .map((r) => r.item);
}

/**
 * The suites one shard runs: shard 1 runs what was asked; the others only their scenario variants
 * (`undefined`: nothing at all, e.g. `--suite contracts` in shard 2).
 */
export function suiteOfShard(suite: Suite, shard: Shard): Suite | undefined {
  if (shard.index === 1) return suite;
  return suite === "scenarios" || suite === "all" ? "scenarios" : undefined;
}
