/** Broken servers for the PRECIS checks (precis-checks.ts): userNames compared without preparation. */
import { usernameUnprepared } from "../../../fakes/quirks/username-unprepared.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

export const PRECIS_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.user.userName-unique-prepared",
    broken:
      "compares userNames as sent, so an NFD or fullwidth spelling of a userName is a second user (the username-unprepared quirk)",
    quirks: [usernameUnprepared],
  },
  {
    check: "rfc7644.filter.userName-prepared",
    broken:
      "compares userName filter literals as sent, so the NFD spelling does not find the NFC user (the username-unprepared quirk)",
    quirks: [usernameUnprepared],
  },
];
