import { expect, it } from "vitest";
import { USER_URN, setup } from "../test-support.ts";
import { replay } from "./fault-test-support.ts";
import { parseErrorRate } from "./error-5xx-rate.ts";

it("with error-5xx-rate=0.1, a request drawn under the rate answers 500 and changes nothing; others pass", async () => {
  const api = setup({ quirks: ["error-5xx-rate=0.1"], random: replay(0.05, 0.5) });
  const failed = await api.post("/Users", { schemas: [USER_URN], userName: "alice" });
  expect(failed.status).toBe(500);
  expect(failed.body).toMatchObject({ status: "500" });
  expect(api.fake.store.count("User")).toBe(0);
  const passed = await api.post("/Users", { schemas: [USER_URN], userName: "alice" });
  expect(passed.status).toBe(201);
});

it("with error-5xx-rate=1/503 every request answers 503; with rate 0 none fails", async () => {
  expect((await setup({ quirks: ["error-5xx-rate=1/503"] }).get("/Users")).status).toBe(503);
  expect((await setup({ quirks: ["error-5xx-rate=0"] }).get("/Users")).status).toBe(200);
  expect(parseErrorRate("0.2")).toEqual({ rate: 0.2, status: 500 });
  expect(() => parseErrorRate("2")).toThrow(TypeError);
  expect(() => parseErrorRate("0.5/404")).toThrow(TypeError);
});
