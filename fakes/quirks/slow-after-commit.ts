/**
 * B13 (the slow variant): a write that commits but answers after the client's timeout (Entra waits 60 s,
 * idp-behaviour §1.9): Entra retries the POST, gets 409 for the user it just created, and loops [S19].
 */
import { isWrite, numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

/** Just over Entra's 60 s response budget [S8] [S19]. */
const DEFAULT_DELAY_MS = 61_000;

const hooks = (delayMs: number): QuirkHooks => ({
  async onResponse(ctx, response) {
    if (isWrite(ctx) && response.status >= 200 && response.status < 300) await ctx.sleep(delayMs);
    return response;
  },
});

/** Successful writes are committed at once and answered late (B13). */
export const slowAfterCommit = defineQuirk({
  id: "slow-after-commit",
  title: "Successful writes are committed, then answered only after a long delay (past the client timeout)",
  bugIds: ["B13"],
  sources: ["[S19]", "[S8]"],
  description:
    "A POST, PUT, PATCH or DELETE that succeeds is committed at once but answered only after 61 s, or " +
    "`slow-after-commit=<ms>`; a retry of the POST then gets 409. Reads and failed writes are answered at once.",
  hooks: hooks(DEFAULT_DELAY_MS),
  configure: (option) => hooks(numberOption(option, 0, 3_600_000, "slow-after-commit=<ms> takes 0–3600000")),
});
