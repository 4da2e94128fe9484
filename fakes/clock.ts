/**
 * Injectable clocks for the fake SP, so that tests can expire tokens and age resources without waiting.
 */

/** Anything that tells the time. */
export interface Clock {
  now(): Date;
}

/** A clock that tests (or the `/_admin` API) can move forward. */
export interface AdjustableClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds (negative values move it back). */
  advance(ms: number): void;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A frozen clock that only moves when told to.
 *
 * @example const clock = createFakeClock(new Date("2026-01-01T00:00:00Z")); clock.advance(60_000);
 */
export function createFakeClock(start: Date | string | number = "2026-01-01T00:00:00.000Z"): AdjustableClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new TypeError(`createFakeClock: invalid start ${String(start)}`);
  return {
    now: () => new Date(current),
    advance(ms: number): void {
      if (!Number.isFinite(ms)) throw new TypeError(`advance: ${ms} is not a finite number of milliseconds`);
      current += ms;
    },
  };
}

/** The wall clock plus an adjustable offset: real time keeps flowing, `advance` jumps ahead (standalone server). */
export function createOffsetClock(base: Clock = systemClock): AdjustableClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance(ms: number): void {
      if (!Number.isFinite(ms)) throw new TypeError(`advance: ${ms} is not a finite number of milliseconds`);
      offset += ms;
    },
  };
}

/** True when `clock` has an `advance` method. */
export function isAdjustableClock(clock: Clock): clock is AdjustableClock {
  return typeof (clock as Partial<AdjustableClock>).advance === "function";
}
