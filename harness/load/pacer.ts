/**
 * The pace of one tenant (one provisioning job): at most `perSecond` requests start per second (evenly
 * spaced, Entra's gallery bar is 25 per second per tenant, dossier §1.10 [S1] [S15]), or none when open
 * loop; and a pause for the whole tenant while a Retry-After runs, so no request of that job starts before
 * the target said it may.
 */
import { setTimeout as sleep } from "node:timers/promises";

export class Pacer {
  readonly #intervalMs: number | undefined;
  #next = 0;
  #pausedUntil = 0;
  #waitedMs = 0;

  /** `perSecond` undefined: open loop (only Retry-After pauses). */
  constructor(perSecond: number | undefined) {
    this.#intervalMs = perSecond === undefined || perSecond <= 0 ? undefined : 1000 / perSecond;
  }

  /** Waits until the next request of this tenant may start. */
  async slot(): Promise<void> {
    for (;;) {
      const now = performance.now();
      if (now < this.#pausedUntil) {
        await sleep(this.#pausedUntil - now);
        continue;
      }
      if (this.#intervalMs === undefined) return;
      const at = Math.max(now, this.#next);
      this.#next = at + this.#intervalMs;
      if (at - now >= 1) await sleep(at - now);
      if (performance.now() >= this.#pausedUntil) return;
    }
  }

  /** No request of this tenant starts for `ms` from now (Retry-After); overlapping pauses count once. */
  pause(ms: number): void {
    const now = performance.now();
    const until = now + ms;
    if (until <= this.#pausedUntil) return;
    this.#waitedMs += until - Math.max(now, this.#pausedUntil);
    this.#pausedUntil = until;
  }

  /** Total time this tenant was paused by Retry-After. */
  get waitedMs(): number {
    return this.#waitedMs;
  }
}

/** Retry-After in ms (RFC 9110 §10.2.3: delay-seconds or an HTTP-date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
