import { expect, it } from "vitest";
import { createFakeClock, createOffsetClock, isAdjustableClock, systemClock } from "./clock.ts";

it("a fake clock stands still until advanced", () => {
  const clock = createFakeClock("2026-01-01T00:00:00.000Z");
  expect(clock.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
  clock.advance(90_000);
  expect(clock.now().toISOString()).toBe("2026-01-01T00:01:30.000Z");
  expect(() => createFakeClock("not a date")).toThrow(TypeError);
  expect(() => clock.advance(Number.NaN)).toThrow(TypeError);
});

it("an offset clock follows its base clock plus the advanced offset", () => {
  const base = createFakeClock("2026-01-01T00:00:00.000Z");
  const clock = createOffsetClock(base);
  clock.advance(1000);
  base.advance(500);
  expect(clock.now().toISOString()).toBe("2026-01-01T00:00:01.500Z");
  expect(isAdjustableClock(clock)).toBe(true);
  expect(isAdjustableClock(systemClock)).toBe(false);
});
