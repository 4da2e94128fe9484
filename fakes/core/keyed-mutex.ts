/**
 * A per-key async mutex: tasks with the same key run one after another, in arrival order; tasks with
 * different keys run concurrently. The fake SP serialises every mutation of one resource through it, so
 * concurrent membership PATCHes on one group cannot lose updates (B8).
 */

/** Serialises async work per key. */
export interface KeyedMutex {
  /** Runs `task` once every earlier task with the same key has settled; resolves/rejects with it. */
  run<T>(key: string, task: () => Promise<T> | T): Promise<T>;
  /** Keys with a running or queued task (for tests and leak checks). */
  readonly activeKeys: number;
}

/** Creates an empty keyed mutex. */
export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return {
    get activeKeys() {
      return tails.size;
    },
    run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(() => task());
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
