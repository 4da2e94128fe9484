/**
 * B8: concurrent group PATCHes (Entra and Okta send them in parallel) on an SP that does an unprotected
 * read-modify-write, or reads a stale replica: each request reads the members, waits, and writes back its
 * own version, so members added by the others are silently lost (fleetdm/fleet #50724).
 */
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

/** Default wait between the read and the write, in ms. */
const DEFAULT_YIELD_MS = 5;

const hooks = (yieldMs: number): QuirkHooks => ({
  async beforeCommit(ctx, change) {
    if (change.operation === "patch") await ctx.sleep(yieldMs);
    return change.after;
  },
});

/** No per-resource lock, and every PATCH waits between read and write (B8). */
export const concurrentPatchLosesMembers = defineQuirk({
  id: "concurrent-patch-loses-members",
  title: "Concurrent PATCHes on one resource lose updates (unprotected read-modify-write)",
  bugIds: ["B8"],
  sources: ["https://github.com/fleetdm/fleet/issues/50724", "https://github.com/fleetdm/fleet/pull/51961"],
  description:
    "Switches off the per-resource mutation lock, and every PATCH waits (default 5 ms; " +
    "`concurrent-patch-loses-members=<ms>`) between reading the resource and writing its new version, so " +
    "concurrent PATCHes on one group overwrite each other and members are lost. Sequential PATCHes, " +
    "POST, PUT and DELETE behave as on the clean fake.",
  serialiseMutations: false,
  hooks: hooks(DEFAULT_YIELD_MS),
  configure: (option) =>
    hooks(numberOption(option, 0, 60_000, "concurrent-patch-loses-members=<ms> takes 0–60000")),
});
