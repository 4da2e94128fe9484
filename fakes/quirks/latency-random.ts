/**
 * Fault: every request waits a random time in a range before it is handled (jittery SPs; Entra's timeout
 * handling, idp-behaviour §1.9 [S8]).
 */
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

const USAGE = "latency-random=<minMs>-<maxMs>, e.g. 50-500";

/** Parses `<min>-<max>` (milliseconds, min ≤ max). */
export function parseRange(option: string): { min: number; max: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(option);
  if (match === null) throw new TypeError(`${USAGE} (got "${option}")`);
  const min = numberOption(match[1] ?? "", 0, 3_600_000, USAGE);
  const max = numberOption(match[2] ?? "", min, 3_600_000, USAGE);
  return { min, max };
}

const hooks = ({ min, max }: { min: number; max: number }): QuirkHooks => ({
  async onRequest(ctx) {
    await ctx.sleep(min + ctx.random() * (max - min));
    return undefined;
  },
});

/** `latency-random=<min>-<max>`: each request waits a uniform random time in [min, max) ms. */
export const latencyRandom = defineQuirk({
  id: "latency-random",
  title: "Every request is delayed by a random time in a range",
  bugIds: [],
  sources: ["[S8]", "[S19]"],
  description:
    "Every SCIM request waits a uniformly random time between min and max ms (default 0-1000; " +
    "`latency-random=<min>-<max>`) before authentication and handling; answers are otherwise unchanged.",
  hooks: hooks({ min: 0, max: 1000 }),
  configure: (option) => hooks(parseRange(option)),
});
