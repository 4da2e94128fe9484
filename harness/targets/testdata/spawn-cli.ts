/**
 * Test support: runs `scim-harness` as a child process (`node harness/cli/bin.js`: one process, so its
 * pid is the one in the container labels) and collects its output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr or stdout matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves to the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts the CLI with `args` in the repository root. */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ["harness/cli/bin.js", ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout!.on("data", (d: Buffer) => ((out += d.toString()), notify()));
  child.stderr!.on("data", (d: Buffer) => ((err += d.toString()), notify()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(out) && !pattern.test(err)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no ${pattern} in the CLI output:\n${out}\n${err}`));
      }, timeoutMs);
      listeners.add(check);
      void exited.then(() =>
        setTimeout(() => {
          check();
          if (!listeners.delete(check)) return;
          clearTimeout(timer);
          reject(new Error(`the CLI exited without printing ${pattern}:\n${out}\n${err}`));
        }, 0),
      );
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}

/**
 * A folder of `count` Entra scenarios of `steps` raw GETs each: a run long enough to interrupt
 * (each GET goes through docker-proxy to the container).
 */
export function writeSlowScenarios(dir: string, count: number, steps: number): string {
  mkdirSync(dir, { recursive: true });
  const step = "  - do: request\n    method: GET\n    path: /ServiceProviderConfig\n";
  for (let i = 1; i <= count; i++) {
    const id = String(i).padStart(2, "0");
    writeFileSync(
      join(dir, `slow-${id}.yaml`),
      `id: slow/s${id}\ntitle: many reads\nidp: entra\nsteps:\n${step.repeat(steps)}`,
    );
  }
  return dir;
}

const made: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs` (call it in `afterAll`). */
export function tempDir(prefix = "scim-harness-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders `tempDir` made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
