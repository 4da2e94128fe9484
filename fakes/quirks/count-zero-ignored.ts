/**
 * An SP that reads `count=0` as "no limit": it answers every match instead of none. RFC 7644 §3.4.2.4: "A
 * value of "0" indicates that no resource results are to be returned except for "totalResults""; an IdP
 * that asks count=0 only for the total (a cheap existence or size query) gets the whole directory. The
 * contract check `rfc7644.list.count-zero` reports it.
 */
import { defineQuirk } from "./quirk.ts";

export const countZeroIgnored = defineQuirk({
  id: "count-zero-ignored",
  title: "count=0 is read as no limit",
  bugIds: [],
  sources: ["RFC 7644 §3.4.2.4 (count)"],
  description: "A list request with count=0 is answered as if it had no count. Other counts are honoured.",
  hooks: {
    onRequest(ctx) {
      if (ctx.route.operation === "list" && ctx.request.url.searchParams.get("count") === "0")
        ctx.request.url.searchParams.delete("count");
      return undefined;
    },
  },
});
