/**
 * Emails created or replaced with the same (type, value) twice are stored and returned twice (RFC 7643
 * §2.4: SHOULD NOT return the same (type, value) combination more than once per attribute). The clean fake
 * folds them into one.
 */
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import { defineQuirk } from "./quirk.ts";

const pairOf = (e: unknown): string =>
  isJsonObject(e)
    ? JSON.stringify([e[findKey(e, "type") ?? "type"] ?? null, e[findKey(e, "value") ?? "value"]])
    : "";

/** POST/PUT emails with a repeated (type, value) are stored as sent. */
export const repeatedEmailsKept = defineQuirk({
  id: "repeated-emails-kept",
  title: "Emails sent with the same (type, value) twice are returned twice",
  bugIds: [],
  sources: ["RFC 7643 §2.4"],
  description:
    "A POST or PUT whose emails hold the same (type, value) more than once stores the emails as sent, so " +
    "every read returns the pair twice (the clean fake folds it into one). Other bodies unchanged.",
  hooks: {
    beforeCommit(ctx, change) {
      if (change.operation === "patch" || change.resourceType !== "User") return change.after;
      let sent: unknown;
      try {
        sent = JSON.parse(new TextDecoder().decode(ctx.request.body));
      } catch {
        return change.after;
      }
      const key = isJsonObject(sent) ? findKey(sent, "emails") : undefined;
      const emails = key === undefined || !isJsonObject(sent) ? undefined : sent[key];
      if (!Array.isArray(emails)) return change.after;
      const pairs = emails.map(pairOf);
      if (new Set(pairs).size === pairs.length) return change.after;
      const storedKey = findKey(change.after, "emails") ?? "emails";
      return { ...change.after, [storedKey]: structuredClone(emails) };
    },
  },
});
