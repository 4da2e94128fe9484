/**
 * B24: a rate limiter in front of the SP answers 429 to a non-gallery Entra job, which has no client-side
 * rate limiting and may not honour Retry-After ([S16], [S18]); the job can end up in quarantine.
 */
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { numberOption } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";
import type { QuirkHooks } from "./quirk.ts";

const USAGE = "rate-limit-429=<limit>[/<windowMs>][/no-retry-after], e.g. 25/1000";

interface Limit {
  limit: number;
  windowMs: number;
  retryAfter: boolean;
}

/** Parses `<limit>[/<windowMs>][/no-retry-after]`. */
export function parseRateLimit(option: string): Limit {
  const parts = option.split("/").map((p) => p.trim());
  const retryAfter = parts.at(-1) !== "no-retry-after";
  if (!retryAfter) parts.pop();
  if (parts.length < 1 || parts.length > 2) throw new TypeError(`${USAGE} (got "${option}")`);
  const limit = numberOption(parts[0] ?? "", 0, 1_000_000, USAGE);
  const windowMs = parts[1] === undefined ? 1000 : numberOption(parts[1], 1, 86_400_000, USAGE);
  if (!Number.isInteger(limit)) throw new TypeError(`${USAGE} (got "${option}")`);
  return { limit, windowMs, retryAfter };
}

const hooks = ({ limit, windowMs, retryAfter }: Limit): QuirkHooks => ({
  onRequest(ctx) {
    const now = ctx.clock.now().getTime();
    const start = typeof ctx.state["start"] === "number" ? ctx.state["start"] : Number.NEGATIVE_INFINITY;
    const fresh = now - start >= windowMs || now < start;
    if (fresh) ctx.state["start"] = now;
    const count = (fresh ? 0 : Number(ctx.state["count"] ?? 0)) + 1;
    ctx.state["count"] = count;
    if (count <= limit) return undefined;
    const response = scimErrorResponse(429, undefined, "Too many requests");
    if (!retryAfter) return response;
    const waitMs = (fresh ? now : start) + windowMs - now;
    return {
      ...response,
      headers: { ...response.headers, "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
    };
  },
});

/** More than `limit` requests per window answer 429 (B24). */
export const rateLimit429 = defineQuirk({
  id: "rate-limit-429",
  title: "A fixed-window rate limiter answers 429 (with or without Retry-After)",
  bugIds: ["B24"],
  sources: ["[S16]", "[S18]", "[S8]"],
  description:
    "Counts every SCIM request in fixed windows of the fake's clock; beyond the limit (default 25 per 1000 ms, " +
    "the gallery bar [S1]; `rate-limit-429=<limit>[/<windowMs>][/no-retry-after]`) a request answers 429 " +
    "with a SCIM error body and Retry-After in seconds until the window ends (none with no-retry-after), " +
    "before authentication. Requests within the limit are unchanged.",
  hooks: hooks({ limit: 25, windowMs: 1000, retryAfter: true }),
  configure: (option) => hooks(parseRateLimit(option)),
});
