import { expect, it } from "vitest";
import { createKeyedMutex } from "./keyed-mutex.ts";

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

it("runs tasks with the same key one at a time, in arrival order", async () => {
  const mutex = createKeyedMutex();
  const log: string[] = [];
  const task = (name: string) => async () => {
    log.push(`${name}:start`);
    await tick();
    log.push(`${name}:end`);
    return name;
  };
  const results = await Promise.all([
    mutex.run("g", task("a")),
    mutex.run("g", task("b")),
    mutex.run("g", task("c")),
  ]);
  expect(results).toEqual(["a", "b", "c"]);
  expect(log).toEqual(["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
});

it("lets different keys interleave", async () => {
  const mutex = createKeyedMutex();
  const log: string[] = [];
  const task = (name: string) => async () => {
    log.push(`${name}:start`);
    await tick();
    log.push(`${name}:end`);
  };
  await Promise.all([mutex.run("x", task("x")), mutex.run("y", task("y"))]);
  expect(log.slice(0, 2)).toEqual(["x:start", "y:start"]);
});

it("keeps going after a task rejects and forgets idle keys", async () => {
  const mutex = createKeyedMutex();
  const failed = mutex.run("k", () => Promise.reject(new Error("boom")));
  const next = mutex.run("k", () => 42);
  await expect(failed).rejects.toThrow("boom");
  await expect(next).resolves.toBe(42);
  await tick();
  expect(mutex.activeKeys).toBe(0);
});
