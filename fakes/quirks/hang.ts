/**
 * Fault: requests that never get an answer (Entra gives up after 60 s and logs `Timeout`, idp-behaviour
 * §1.9 [S8] [S19]).
 */
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkContext, QuirkHooks } from "./quirk.ts";

const USAGE = "hang=<0..1> (a rate) or hang=/<path prefix> (e.g. /Groups)";

const hooks = (applies: (ctx: QuirkContext) => boolean): QuirkHooks => ({
  onRequest(ctx) {
    return applies(ctx) ? { status: 0, headers: {}, action: "hang" } : undefined;
  },
});

/** Requests under a path prefix relative to the base path (case-insensitive), e.g. "/Groups". */
const underPrefix =
  (prefix: string) =>
  (ctx: QuirkContext): boolean => {
    const sub = (ctx.route.subPath ?? "").toLowerCase();
    const p = prefix.toLowerCase().replace(/\/+$/, "");
    return sub === p || sub.startsWith(`${p}/`) || sub.startsWith(`${p}?`);
  };

/** `hang` (every request), `hang=<rate>` or `hang=/<prefix>`: matching requests are never answered. */
export const hang = defineQuirk({
  id: "hang",
  title: "Requests are never answered (all, a share, or those under a path)",
  bugIds: [],
  sources: ["[S8]", "[S19]"],
  description:
    "Matching SCIM requests are accepted and never answered (the connection stays open until the client " +
    "gives up): every request by default, a random share with `hang=<0..1>`, or those under a path relative " +
    "to the base path with `hang=/<prefix>` (e.g. `hang=/Groups`). Nothing is changed; other requests are " +
    "unchanged.",
  hooks: hooks(() => true),
  configure(option) {
    const trimmed = option.trim();
    if (trimmed.startsWith("/") && trimmed.length > 1) return hooks(underPrefix(trimmed));
    const rate = numberOption(trimmed, 0, 1, USAGE);
    return hooks((ctx) => ctx.random() < rate);
  },
});
