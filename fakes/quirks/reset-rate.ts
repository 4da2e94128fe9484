/**
 * Fault: a share of connections is reset without an answer (Entra logs `WebExceptionProtocolError` and
 * retries in 40 minutes, idp-behaviour §1.9 [S8]).
 */
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

const hooks = (rate: number): QuirkHooks => ({
  onRequest(ctx) {
    return ctx.random() < rate ? { status: 0, headers: {}, action: "reset" } : undefined;
  },
});

/** `reset-rate=<0..1>`: that share of requests gets its connection destroyed before handling. */
export const resetRate = defineQuirk({
  id: "reset-rate",
  title: "A share of requests gets a connection reset",
  bugIds: [],
  sources: ["[S8]"],
  description:
    "Each SCIM request, with probability rate (default 0.1; `reset-rate=<0..1>`), has its connection " +
    "destroyed before authentication and handling (the client sees ECONNRESET / socket hang up; msw: a " +
    "network error), and changes nothing. The other requests are unchanged.",
  hooks: hooks(0.1),
  configure: (option) => hooks(numberOption(option, 0, 1, "reset-rate=<0..1>")),
});
