import { expect, it } from "vitest";
import { setup } from "../test-support.ts";

it("with latency-fixed=600, a request takes at least 600 ms and answers as usual", async () => {
  const api = setup({ quirks: ["latency-fixed=600"] });
  const started = performance.now();
  const res = await api.get("/Users");
  expect(performance.now() - started).toBeGreaterThanOrEqual(595);
  expect(res.status).toBe(200);
  expect(res.body.totalResults).toBe(0);
});

it("without the quirk the same request is fast; a bad option is refused", async () => {
  const api = setup();
  const started = performance.now();
  await api.get("/Users");
  expect(performance.now() - started).toBeLessThan(595);
  expect(() => setup({ quirks: ["latency-fixed=soon"] })).toThrow(TypeError);
});
