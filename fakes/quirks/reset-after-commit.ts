/**
 * B13 (the crash variant): the SP commits a write and then crashes before the answer reaches the client;
 * Entra sees a connection error, retries the POST, gets 409, and loops [S19].
 */
import { isWrite } from "./quirk-helpers.ts";
import { defineQuirk } from "./quirk.ts";

/** Successful writes are committed, then the connection is reset (B13). */
export const resetAfterCommit = defineQuirk({
  id: "reset-after-commit",
  title: "Successful writes are committed, then the connection is reset instead of answering",
  bugIds: ["B13"],
  sources: ["[S19]", "[S8]"],
  description:
    "A POST, PUT, PATCH or DELETE that succeeds is committed, then the connection is destroyed without an " +
    "answer (the client sees ECONNRESET / socket hang up). Reads and failed writes (409, 400, 404) are answered.",
  hooks: {
    onResponse(ctx, response) {
      if (!isWrite(ctx) || response.status < 200 || response.status >= 300) return response;
      return { status: 0, headers: {}, action: "reset" };
    },
  },
});
