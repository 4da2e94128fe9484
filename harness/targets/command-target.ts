/**
 * `command:"<shell command>"`: a SCIM server started as a local process, for vendors without Docker.
 * It gets a free port in `PORT` (plus the harness's environment and `withEnv`), is ready when SCIM
 * discovery answers, and its stdout/stderr are the target's logs. A supervisor (command-supervisor.js)
 * runs it in its own process group and kills the group on stop, or when the harness dies.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import { ConfigurationError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
import { LaunchedTarget } from "./launched-target.ts";
import { LogBuffer } from "./log-buffer.ts";
import type { StartedScimTarget } from "./scim-target.ts";
import { waitForScimReady } from "./wait-for-scim.ts";

// plain JavaScript, shipped as is (not built): resolved from the package root
const SUPERVISOR = packagePath("harness/targets/command-supervisor.js");

/** A free TCP port on 127.0.0.1 (bound, then released for the command to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits for the process to exit, up to `ms`; resolves whether it did. */
function exitedWithin(child: ChildProcessWithoutNullStreams, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A SCIM server run as a shell command on a free local port. */
export class CommandTarget extends LaunchedTarget {
  #cwd = process.cwd();

  constructor(readonly command: string) {
    super();
    if (command.trim() === "") throw new ConfigurationError("command: target needs a shell command");
  }

  /** Working directory of the command (default: the harness's). */
  withCwd(cwd: string): this {
    this.#cwd = cwd;
    return this;
  }

  async start(): Promise<StartedScimTarget> {
    const { basePath, token, env, startupTimeoutMs } = this.launch;
    const t0 = performance.now();
    const port = await freePort();
    const logs = new LogBuffer();
    const child = spawn(process.execPath, [SUPERVISOR, this.command], {
      cwd: this.#cwd,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdout.on("data", (c: Buffer) => logs.push(c));
    child.stderr.on("data", (c: Buffer) => logs.push(c));
    child.stdin.on("error", () => {}); // the supervisor is gone: nothing left to stop
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        child.stdin.end(); // the supervisor kills the command's process group
        if (!(await exitedWithin(child, 5000))) child.kill("SIGKILL");
      })());
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitForScimReady({
        baseUrl: `${origin}${basePath}`,
        token,
        timeoutMs: startupTimeoutMs,
        logs: () => logs.lines(),
        what: `command \`${this.command}\``,
        exited: async () => {
          if (child.exitCode === null && child.signalCode === null) return undefined;
          await new Promise((r) => setTimeout(r, 50)); // the last output lines
          return `exited with ${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}`;
        },
      });
    } catch (e) {
      await stop();
      throw e;
    }
    return {
      kind: "command",
      baseUrl: `${origin}${basePath}`,
      token,
      details: {},
      ...(this.launch.tokenControls !== undefined
        ? { tokenControls: this.launch.tokenControls(origin, token) }
        : {}),
      startupMs: Math.round(performance.now() - t0),
      logs: () => logs.lines(),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
}
