/**
 * Fault: every request waits a fixed time before it is handled (Entra's 60 s budget and its `Timeout`
 * log code, idp-behaviour §1.9 [S8]; the 25 requests/s gallery bar, §1.10 [S1]).
 */
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

const hooks = (ms: number): QuirkHooks => ({
  async onRequest(ctx) {
    await ctx.sleep(ms);
    return undefined;
  },
});

/** `latency-fixed=<ms>`: each request waits `ms` (default 1000) before handling. */
export const latencyFixed = defineQuirk({
  id: "latency-fixed",
  title: "Every request is delayed by a fixed time",
  bugIds: [],
  sources: ["[S8]", "[S19]"],
  description:
    "Every SCIM request waits 1000 ms, or `latency-fixed=<ms>`, before authentication and handling; answers " +
    "are otherwise unchanged. /_admin is not delayed.",
  hooks: hooks(1000),
  configure: (option) => hooks(numberOption(option, 0, 3_600_000, "latency-fixed=<ms> takes 0–3600000")),
});
