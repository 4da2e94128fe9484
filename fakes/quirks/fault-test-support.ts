/**
 * Helpers for the fault quirks' socket-level tests: a listening fake that is closed after each test, and
 * a random source that replays given numbers. Not part of the public barrel.
 */
import { afterEach } from "vitest";
import { createFakeServiceProvider } from "../create-fake-service-provider.ts";
import type { FakeServiceProviderOptions, ListeningFake } from "../create-fake-service-provider.ts";
import { TOKEN } from "../test-support.ts";

/** Bearer and content-type headers for `fetch`. */
export const FETCH_HEADERS = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };

/** Registers an `afterEach` that closes the servers `listenFake` opened; returns `listenFake`. */
export function useListeningFakes(): (options: FakeServiceProviderOptions) => Promise<ListeningFake> {
  const open: ListeningFake[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });
  return async (options) => {
    const listening = await createFakeServiceProvider({ tokens: { value: TOKEN }, ...options }).listen();
    open.push(listening);
    return listening;
  };
}

/** A `random()` that returns `values` in turn, then repeats the last one. */
export function replay(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}
