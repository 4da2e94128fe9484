/**
 * Test support: child processes started in a group of their own (`detached: true`), killed group and all
 * when a test file ends. tsx and `sh -c` run the real work in a child of their own, so killing the pid
 * alone would leave that process (a harness run, a fake SP) running.
 */
import type { ChildProcess } from "node:child_process";

const groups: ChildProcess[] = [];

/** Remembers a child spawned with `detached: true`; returns it. */
export function inGroup<T extends ChildProcess>(child: T): T {
  groups.push(child);
  return child;
}

/** Kills the group of every remembered child that is still running (for `afterAll`/`afterEach`). */
export function killGroups(): void {
  for (const c of groups.splice(0))
    try {
      if (c.pid !== undefined && c.exitCode === null && c.signalCode === null)
        process.kill(-c.pid, "SIGKILL");
    } catch {
      // the group is gone already
    }
}
