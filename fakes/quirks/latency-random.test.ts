import { expect, it } from "vitest";
import { setup } from "../test-support.ts";
import { parseRange } from "./latency-random.ts";

it("with latency-random=100-300 and random() = 0.5, a request takes about 200 ms and answers as usual", async () => {
  const api = setup({ quirks: ["latency-random=100-300"], random: () => 0.5 });
  const started = performance.now();
  const res = await api.get("/Users");
  const elapsed = performance.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(195);
  expect(elapsed).toBeLessThan(1500);
  expect(res.status).toBe(200);
});

it("parses min-max and refuses bad ranges", () => {
  expect(parseRange("50-500")).toEqual({ min: 50, max: 500 });
  expect(() => parseRange("500-50")).toThrow(TypeError);
  expect(() => parseRange("fast")).toThrow(TypeError);
});
