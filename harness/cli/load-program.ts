/** The `load` subcommand's flags (commander), kept beside main.ts so main.ts only registers it. */
import type { Command } from "commander";
import { CommanderError, Option } from "commander";
import { DEFAULT_LOAD_RATE, loadCommand, type LoadCommandOptions } from "./load-command.ts";

const LOAD_REPORTERS = ["console", "json", "html", "markdown"];

function parseFraction(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new CommanderError(
      2,
      "scim-harness.invalidArgument",
      `${flag} must be a fraction from 0 to 1, got ${JSON.stringify(value)}`,
    );
  return n;
}

/** Adds `scim-harness load` to the program. */
export function registerLoadCommand(program: Command, int: (flag: string, value: string) => number): void {
  program
    .command("load")
    .description(
      "Will the endpoint survive an initial cycle? Replays an IdP's initial cycle at scale (users, groups, memberships, tenants), paced per tenant, and measures throughput, latency percentiles, errors and 429s per request kind.",
    )
    .option(
      "--target <target>",
      "fake | fake:<profile>[+quirk…] | http(s)://…/scim/v2 | image:… | dockerfile:… | command:…",
      "fake",
    )
    .option("--token <token>", "bearer token (prefer --token-env)")
    .option("--token-env <var>", "environment variable holding the token", "SCIM_TOKEN")
    .option(
      "--i-own-this-target",
      "the target is not on this machine and is yours to load (required for non-loopback targets)",
    )
    .option("--idp <idp>", "the IdP whose initial cycle is replayed (entra, jumpcloud, okta)", "entra")
    .option("--users <n>", "users per tenant", (v) => int("--users", v), 1000)
    .option("--groups <n>", "groups per tenant (default users / 100, at least 1)", (v) => int("--groups", v))
    .option(
      "--memberships <n>",
      "memberships per tenant, spread over the groups (default: one per user)",
      (v) => int("--memberships", v),
    )
    .option(
      "--tenants <n>",
      "tenants (provisioning jobs) running at once, each with its own credential where the target issues them",
      (v) => int("--tenants", v),
      1,
    )
    .option(
      "--rate <n>",
      `requests per second per tenant (default ${DEFAULT_LOAD_RATE}: Entra's gallery bar)`,
      (v) => int("--rate", v),
      DEFAULT_LOAD_RATE,
    )
    .option("--open-loop", "no pacing: as fast as the target answers")
    .option("--concurrency <n>", "requests in flight per tenant", (v) => int("--concurrency", v), 4)
    .option(
      "--max-duration <seconds>",
      "stop starting new work after this long; cleanup still runs (default: 3 × the paced cycle's time, at least 30 min)",
      (v) => int("--max-duration", v),
    )
    .option(
      "--p99-max <ms>",
      "verdict: fail when the p99 latency is above this (default 60 000: Entra's deadline [S19])",
      (v) => int("--p99-max", v),
      60_000,
    )
    .addOption(
      new Option("--error-rate-max <fraction>", "verdict: fail when more than this fraction of requests fail")
        .default(0.01)
        .argParser((v) => parseFraction("--error-rate-max", v)),
    )
    .option("--seed <n>", "seed of every generated value (same seed, same requests)", (v) => int("--seed", v))
    .option("--run-id <id>", "run id used in created resource names (default: random)")
    .option(
      "--reporter <list>",
      LOAD_REPORTERS.join(","),
      (v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ["console", "json", "html"],
    )
    .option("--out <dir>", "report folder", "scim-report")
    .option("--timeout <ms>", "per-request timeout", (v) => int("--timeout", v), 60_000)
    .action(async (opts: LoadCommandOptions) => {
      process.exitCode = await loadCommand(opts);
    });
}
