import { expect, it } from "vitest";
import { createFakeClock } from "../clock.ts";
import { setup } from "../test-support.ts";
import { parseRateLimit } from "./rate-limit-429.ts";

it("with rate-limit-429=3/1000, the 4th request in a window answers 429 with Retry-After (B24)", async () => {
  const clock = createFakeClock("2026-01-01T00:00:00Z");
  const api = setup({ clock, quirks: ["rate-limit-429=3/1000"] });
  for (let i = 0; i < 3; i++) expect((await api.get("/Users")).status).toBe(200);
  clock.advance(200);
  const limited = await api.get("/Users");
  expect(limited.status).toBe(429);
  expect(limited.headers["retry-after"]).toBe("1");
  expect(limited.body).toMatchObject({ status: "429" });
  clock.advance(800);
  expect((await api.get("/Users")).status).toBe(200);
});

it("with rate-limit-429=1/60000/no-retry-after, the 429 has no Retry-After", async () => {
  const clock = createFakeClock("2026-01-01T00:00:00Z");
  const api = setup({ clock, quirks: ["rate-limit-429=1/60000/no-retry-after"] });
  expect((await api.get("/Users")).status).toBe(200);
  const limited = await api.get("/Users");
  expect(limited.status).toBe(429);
  expect(limited.headers).not.toHaveProperty("retry-after");
});

it("parses the option and refuses bad ones", () => {
  expect(parseRateLimit("25")).toEqual({ limit: 25, windowMs: 1000, retryAfter: true });
  expect(parseRateLimit("5/200/no-retry-after")).toEqual({ limit: 5, windowMs: 200, retryAfter: false });
  expect(() => parseRateLimit("fast")).toThrow(TypeError);
  expect(() => parseRateLimit("1.5/10")).toThrow(TypeError);
});
