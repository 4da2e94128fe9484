/**
 * PRECIS preparation of userName (RFC 7644 §5, §7.8): "Before comparing or evaluating the uniqueness of a
 * "userName" ... service providers MUST use the [PRECIS] preparation and comparison rules described in
 * Sections 3 and 4 ... of [RFC7613]", and "When comparing Unicode strings such as those in query filters or
 * testing for uniqueness of usernames ..., strings MUST be appropriately prepared before comparison".
 *
 * Each check creates a user whose userName holds "é" precomposed (NFC, U+00E9) and then uses another
 * spelling of the same prepared name. What the RFC allows:
 * - the NFD spelling ("e" + U+0301): every PRECIS username profile normalises to NFC (RFC 8265 §3.3.2,
 *   §3.4.2; RFC 7613 §3.2.2, §3.3.2), so it is the same userName: a second user is refused (409), and
 *   `userName eq "<NFD spelling>"` finds the first user;
 * - a fullwidth spelling ("ｊ", U+FF4A): RFC 8265 maps it to "j" (width mapping, §3.3.1), RFC 7613 (which
 *   RFC 7644 cites) lets the server refuse it (its preparation allows only IdentifierClass code points,
 *   §3.2.1, and fullwidth ones are not). So a second user is refused either way (409, or 400 for the
 *   spelling itself), but a filter with it may match nothing under RFC 7613: the filter check uses the NFD
 *   spelling only.
 * A 400 to the NFD spelling refuses no valid userName the RFC names, but it creates no second user either:
 * reported as information, not a failure. Case stays as the target declares (caseExact): every spelling
 * has the case of the first.
 *
 * Severity: MUST, an error. The dossier (idp-behaviour.md) records no IdP sending a decomposed or
 * fullwidth userName, so no IdP dependence is claimed; the harm is the RFC's: two accounts for one name.
 */
import {
  allowedAnswer,
  bodyOf,
  createUser,
  DECLINE_ALLOWED,
  declinesFilter,
  describe,
  idsOf,
  listUsers,
  send,
  statusOf,
  userBody,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, ContractCheck } from "./contract-check.ts";
import type { Finding } from "../../reports/index.ts";

const RFC = "RFC 7644 §5, §7.8; RFC 8265 §3.3";

/** The three spellings of one prepared userName under the check prefix. */
function spellings(ctx: CheckContext): { nfc: string; nfd: string; fullwidth: string } {
  const name = ctx.uniqueName("precis");
  return {
    nfc: `${name}-jos\u00e9@example.com`,
    nfd: `${name}-jose\u0301@example.com`,
    fullwidth: `${name}-\uff4aos\u00e9@example.com`,
  };
}

/** Code points as U+XXXX, so that a message shows what differs between spellings that look the same. */
const codePoints = (s: string): string =>
  Array.from(s.slice(s.lastIndexOf("-") + 1, s.indexOf("@")), (c) =>
    c.codePointAt(0)! < 0x80 ? c : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
  ).join(" ");

export const userNameUniquePrepared = defineCheck({
  id: "rfc7644.user.userName-unique-prepared",
  title:
    "userName uniqueness compares PRECIS-prepared strings (an NFD or fullwidth spelling is the same name)",
  rfc: RFC,
  keyword: "MUST",
  async run(ctx) {
    const names = spellings(ctx);
    await createUser(ctx, "precis-nfc", { userName: names.nfc });
    const findings: Finding[] = [];
    for (const [spelling, userName] of [
      ["NFD", names.nfd],
      ["fullwidth", names.fullwidth],
    ] as const) {
      const again = await send(ctx, {
        method: "POST",
        path: "/Users",
        body: userBody(ctx, `precis-${spelling}`, { userName }),
      });
      const id = bodyOf(again)?.["id"];
      if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
      const status = statusOf(again);
      if (status === 409) continue;
      const shown = `userName ${JSON.stringify(userName)} (${codePoints(userName)}), the ${spelling} spelling of the existing ${JSON.stringify(names.nfc)} (${codePoints(names.nfc)})`;
      if (status === 400) {
        findings.push(
          allowedAnswer(ctx, {
            message: `POST of ${shown}: ${describe(again)}. The server refuses the spelling instead of preparing it; no second user exists, which is what ${RFC} protects${spelling === "fullwidth" ? " (RFC 7613 §3.2.1 allows fullwidth code points to be refused)" : ""}`,
            expected: 409,
            actual: bodyOf(again) ?? status,
            exchanges: [again],
          }),
        );
        continue;
      }
      findings.push(
        ctx.finding({
          message: `POST of ${shown}: ${describe(again)}. After PRECIS preparation (width mapping, NFC) both are the same userName, so RFC 7644 §5 makes the second a uniqueness clash (409); ${status === 201 ? "the target now holds two users for one prepared name" : "expected 409"}`,
          expected: 409,
          actual: bodyOf(again) ?? status ?? again.error?.kind ?? null,
          exchanges: [again],
        }),
      );
    }
    return findings;
  },
});

export const userNameFilterPrepared = defineCheck({
  id: "rfc7644.filter.userName-prepared",
  title: "A userName filter compares PRECIS-prepared strings (the NFD spelling finds the NFC user)",
  rfc: "RFC 7644 §5, §7.8, §3.4.2.2; RFC 8265 §3.3",
  keyword: "MUST",
  requires: ["filter"],
  async run(ctx) {
    const names = spellings(ctx);
    const user = await createUser(ctx, "precis-filter", { userName: names.nfc });
    // The same name as stored: a target that does not find it has a problem other checks name.
    const exact = await listUsers(ctx, `userName eq "${names.nfc}"`);
    if (statusOf(exact) !== 200 || !idsOf(exact).includes(user.id))
      return ctx.setupFailed(
        `userName eq with the userName as created does not find the user (${describe(exact)})`,
        exact,
      );
    const other = await listUsers(ctx, `userName eq "${names.nfd}"`);
    if (declinesFilter(other))
      return [
        allowedAnswer(ctx, {
          message: `userName eq with the NFD spelling: ${describe(other)}. ${DECLINE_ALLOWED}; the comparison could not be seen`,
          expected: [user.id],
          actual: bodyOf(other) ?? null,
          exchanges: [other],
        }),
      ];
    const ids = idsOf(other);
    if (statusOf(other) === 200 && ids.includes(user.id)) return [];
    return [
      ctx.finding({
        message: `userName eq ${JSON.stringify(names.nfd)} (${codePoints(names.nfd)}), the NFD spelling of the user's ${JSON.stringify(names.nfc)} (${codePoints(names.nfc)}): ${describe(other)}${statusOf(other) === 200 ? `, resources ${JSON.stringify(ids)}` : ""}. RFC 7644 §7.8: strings in query filters "MUST be appropriately prepared before comparison" (§5: NFC), so the filter matches the user; a client that looks the user up by this spelling misses it and may create a second one`,
        expected: [user.id],
        actual: statusOf(other) === 200 ? ids : (bodyOf(other) ?? statusOf(other) ?? null),
        exchanges: [other],
      }),
    ];
  },
});

/** The PRECIS checks, in catalogue order. */
export const PRECIS_CHECKS: readonly ContractCheck[] = [userNameUniquePrepared, userNameFilterPrepared];
