/**
 * The HTTP side of the fake bench: forks `bench-server.ts` (the fake SP or the baseline server) in its
 * own process on a loopback port, and runs autocannon against it.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import type { Request } from "autocannon";

/** A bench server in a child process. */
export interface BenchServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  /** e.g. "/scim/v2" */
  basePath: string;
  /** The server process's resident set size once it listened (after seeding). */
  rssBytes: number;
  close(): Promise<void>;
}

const SERVER_ENTRY = fileURLToPath(new URL("./bench-server.ts", import.meta.url));

/** Starts the fake SP seeded with `users` users, or the fixed-JSON baseline, in a child process. */
export function startBenchServer(kind: "fake" | "baseline" | "express", users: number): Promise<BenchServer> {
  const child = fork(SERVER_ENTRY, [kind, String(users)], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: "inherit",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server (${kind}) exited with ${code}`)));
    child.once("message", (message) => {
      const { origin, basePath, rssBytes } = message as {
        origin: string;
        basePath: string;
        rssBytes: number;
      };
      resolve({
        origin,
        basePath,
        rssBytes,
        close: () => {
          if (child.connected) child.send("close");
          return exited;
        },
      });
    });
  });
}

/** What the throughput table shows of one autocannon run. */
export interface CannonSummary {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** Runs autocannon for `durationSec` with `connections` connections, repeating `request`. */
export async function runCannon(
  url: string,
  request: Request,
  durationSec: number,
  connections: number,
): Promise<CannonSummary> {
  const result = await autocannon({ url, connections, duration: durationSec, requests: [request] });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}
