/**
 * The `scim-harness` command line: argv → command. Exit codes: 0 no failing finding, 1 failing findings,
 * 2 usage, configuration, scenario-file or unreachable-target error.
 */
import { Command, CommanderError, Option } from "commander";
import { isHarnessError } from "../errors.ts";
import { VERSION_TEXT } from "../version.ts";
import { cleanupCommand } from "./cleanup-command.ts";
import { diffCommand } from "./diff-command.ts";
import { importCommand } from "./import-command.ts";
import { registerLoadCommand } from "./load-program.ts";
import { applyConfig, loadConfigFile } from "./config-file.ts";
import { mergeReportsCommand } from "./merge-reports-command.ts";
import { recordCommand, type RecordCommandOptions } from "../record/record-command.ts";
import { rulesCommand } from "./rules-command.ts";
import { runCommand, type RunOptions } from "./run-command.ts";
import { validateCommand } from "./validate-command.ts";

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

/** A repeatable list option whose default is replaced, not extended, by the first flag. */
const listReplacing =
  (defaults: string[]) =>
  (value: string, previous: string[]): string[] =>
    collect(value, previous === defaults ? [] : previous);
const RUN_REPORTERS = ["console", "json", "junit"];
/** Every reporter `run` accepts (the default is RUN_REPORTERS). */
const RUN_REPORTER_CHOICES = "console,json,junit,html,markdown,badge";
const MERGE_REPORTERS = ["json", "junit"];

/** Repeatable option kept verbatim (`--env A=1,2` is one entry). */
const append = (value: string, previous: string[] = []): string[] => [...previous, value];

export function buildProgram(): Command {
  const program = new Command("scim-harness")
    .description("Replay Entra ID and JumpCloud SCIM provisioning sequences against any SCIM 2.0 target.")
    .version(VERSION_TEXT, "-V, --version", "print the tool version and the scenario-library version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("run", { isDefault: true })
    .description(
      "Run the gate against a target and write reports: the scenario library, the RFC contract suite and the property suites (--suite narrows it).",
    )
    .option(
      "--target <target>",
      "fake | fake:<profile>[+quirk…] | http(s)://…/scim/v2 | image:<name[:tag]> | dockerfile:<path> | command:<shell command>",
      "fake",
    )
    .option("--token <token>", "bearer token (prefer --token-env)")
    .option("--token-env <var>", "environment variable holding the token", "SCIM_TOKEN")
    .option(
      "--expired-token-env <var>",
      "environment variable holding a credential the target must refuse (expired, revoked or rotated out): every endpoint must answer it 401 and change nothing; the token scenarios use it (without it, and without token controls, those are not applicable)",
    )
    .option(
      "--target-port <port>",
      "port the SCIM server listens on in its container (image:, dockerfile:)",
      (v) => parseIntArg("--target-port", v),
      8080,
    )
    .option("--base-path <path>", "SCIM base path on a started target, e.g. /scim/v2")
    .option(
      "--env <KEY=VALUE>",
      "environment of a started target; KEY alone copies the harness's; {token} is the bearer token; repeatable",
      append,
    )
    .option(
      "--startup-timeout <ms>",
      "how long a started target may take until SCIM discovery answers",
      (v) => parseIntArg("--startup-timeout", v),
      60_000,
    )
    .option(
      "--shard <i/n>",
      "run only shard i of n (CI jobs): scenario variants are dealt round-robin; the contract and property suites run in shard 1 only",
    )
    .option(
      "--config <file>",
      "config file (default: ./scim-harness.config.json, .ts, .mts, .cts, .mjs, .cjs or .js, if present)",
    )
    .option("--scenario <id|glob|file>", "scenario id, glob over ids (entra/*) or file; repeatable", collect)
    .option("--scenario-dir <dir>", "folder of scenario files (default: the shipped scenarios/)")
    .option("--idp <idp>", "only scenarios of this IdP (entra, jumpcloud, okta); repeatable", collect)
    .option("--tag <tag>", "only scenarios with this tag (e.g. B4, seed:000); repeatable", collect)
    .option("--seed <n>", "fixture seed, for identical requests across runs", (v) => parseIntArg("--seed", v))
    .option("--run-id <id>", "run id used in created resource names (default: random)")
    .addOption(
      new Option("--reporter <list>", RUN_REPORTER_CHOICES)
        .default(RUN_REPORTERS, "console,json,junit")
        .argParser(listReplacing(RUN_REPORTERS)),
    )
    .option("--out <dir>", "report folder", "scim-report")
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that fails the run")
        .choices(["error", "warning"])
        .default("error"),
    )
    .option("--progress", "one line per finished scenario variant (default only on a terminal)")
    .option("--verbose", "every detail: each scenario and finding with rule, expected/actual and curl", false)
    .option("--bail", "stop after the first failing scenario", false)
    .option(
      "--keep",
      "delete nothing the scenarios and contract checks create (http(s) targets), so each finding's curl line finds its resource; writes kept.json and prints the cleanup command",
    )
    .option("--timeout <ms>", "per-request timeout", (v) => parseIntArg("--timeout", v), 60_000)
    .option("--concurrency <n>", "scenarios in flight at once", (v) => parseIntArg("--concurrency", v), 4)
    .option("--list", "list the selected scenarios and exit", false)
    .addOption(
      new Option(
        "--suite <suite>",
        "all (the gate: scenarios, contracts and properties), scenarios, contracts (RFC checks) or properties (fast-check)",
      )
        .choices(["scenarios", "contracts", "properties", "all"])
        .default("all"),
    )
    .option(
      "--check <id|glob>",
      "only these contract checks (with --suite contracts|all); repeatable",
      collect,
    )
    .option("--num-runs <n>", "runs per property (with --suite properties|all)", (v) =>
      parseIntArg("--num-runs", v),
    )
    .option(
      "--time-budget <seconds>",
      "how long each property suite may generate and shrink (default 20; with --suite properties|all)",
      (v) => parseIntArg("--time-budget", v),
    )
    .option("--save-counterexamples <dir>", "write each failing property as a replayable scenario file here")
    .option(
      "--baseline <report.json>",
      "an earlier report.json: its findings are known and do not fail this run",
    )
    .option("--waivers <file>", "accepted deviations (default: ./scim-harness.waivers.yaml when present)")
    .option("--no-waivers", "ignore scim-harness.waivers.yaml")
    .action(async (opts: RunOptions & { config?: string }, command: Command) => {
      try {
        const loaded = await loadConfigFile(opts.config);
        if (loaded !== undefined) applyConfig(command, loaded.config, loaded.file);
      } catch (e) {
        if (!isHarnessError(e)) throw e;
        process.stderr.write(`scim-harness: ${e.message}\n`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runCommand(command.opts<RunOptions>());
    });

  program
    .command("merge-reports")
    .description("Merge the report.json of several runs (e.g. --shard jobs) into one, and re-render JUnit.")
    .argument("<reports...>", "report folders (holding report.json) or report.json files")
    .option("--out <dir>", "folder for the merged report", "scim-report")
    .addOption(
      new Option("--reporter <list>", "json,junit,html")
        .default(MERGE_REPORTERS, "json,junit")
        .argParser(listReplacing(MERGE_REPORTERS)),
    )
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that fails")
        .choices(["error", "warning"])
        .default("error"),
    )
    .action(async (paths: string[], opts) => {
      process.exitCode = await mergeReportsCommand(paths, opts);
    });

  program
    .command("cleanup")
    .description(
      "Remove containers left by killed scim-harness runs (owner process gone); with --kept, the users and groups a run --keep left on its target.",
    )
    .option("--images", "also remove the images scim-harness built (fake SP image, Dockerfile cache)", false)
    .option("--kept <kept.json>", "delete what a run --keep left (the kept.json in its report folder)")
    .option("--token-env <var>", "with --kept: the variable holding the token (default: the run's)")
    .action(async (opts: { images: boolean; kept?: string; tokenEnv?: string }) => {
      process.exitCode = await cleanupCommand(opts);
    });

  const importCli = program.command("import").description("Turn a customer's export into a scenario file.");
  for (const [kind, args, help] of [
    [
      "entra-log",
      "<files...>",
      "Entra provisioning log: Graph/portal JSON, or the portal CSV (ProvisioningLogs*.csv; companions found next to it)",
    ],
    ["har", "<file>", "HAR captured by a proxy or browser in front of the SP"],
  ] as const) {
    importCli
      .command(kind)
      .description(help)
      .argument(args)
      .option("--out <file>", "scenario file to write (default scim-report/imported/<id>.yaml)")
      .option("--keep-pii", "keep names, e-mails, UPNs and ids (default: consistent fake values)")
      .option("--seed <n>", "seed of the fake values", (v) => parseIntArg("--seed", v))
      .option(
        "--credential <fingerprint>",
        "har: import the requests of this credential fingerprint (default: the first seen)",
      )
      .option(
        "--idp-steps",
        "har: IdP-level steps when the traffic is Entra's, JumpCloud's or Okta's (as `record` writes them)",
      )
      .action(
        async (
          files: string | string[],
          opts: { out?: string; keepPii?: boolean; seed?: number; credential?: string; idpSteps?: boolean },
        ) => {
          process.exitCode = await importCommand(kind, files, opts);
        },
      );
  }

  program
    .command("record")
    .description(
      "Proxy between a live IdP and the SP: forward every exchange, then write a HAR and a scenario.",
    )
    .requiredOption("--upstream <url>", "the SP's SCIM base URL")
    .requiredOption("--out <file>", "scenario file to write (one per credential when several used the proxy)")
    .option("--listen <host:port>", "address to listen on (loopback by default)", "127.0.0.1:8787")
    .option("--har <file>", "HAR to write (default: --out with .har)")
    .option("--tls-cert <file>", "PEM certificate: serve HTTPS (with --tls-key)")
    .option("--tls-key <file>", "PEM private key of --tls-cert")
    .option("--duration <s>", "stop after this many seconds", (v) => parseIntArg("--duration", v))
    .option("--max-exchanges <n>", "stop after this many exchanges", (v) => parseIntArg("--max-exchanges", v))
    .option("--max-body <bytes>", "record at most this much of each body (forwarded whole)", (v) =>
      parseIntArg("--max-body", v),
    )
    .option("--upstream-timeout <s>", "answer 504 when the SP is slower (default 30)", (v) =>
      parseIntArg("--upstream-timeout", v),
    )
    .option("--keep-pii", "keep names, e-mails, UPNs and ids in the scenario (default: consistent fakes)")
    .option("--seed <n>", "seed of the fake values", (v) => parseIntArg("--seed", v))
    .option("--raw-steps", "raw request steps even for a known IdP's traffic (default: IdP-level steps)")
    .action(async (opts: RecordCommandOptions) => {
      process.exitCode = await recordCommand(opts);
    });

  program
    .command("diff")
    .description("What changed between two runs: status changes, new and fixed findings, deltas.")
    .argument("<old>", "the older report.json")
    .argument("<new>", "the newer report.json")
    .action(async (oldFile: string, newFile: string) => {
      process.exitCode = await diffCommand(oldFile, newFile);
    });

  program
    .command("rules")
    .description("List the rule catalogue: every rule id with its severity and source.")
    .option("--json", "the full catalogue as JSON")
    .option("--coverage", "requirement coverage of RFC 7643/7644 per section (statements, testable, covered)")
    .option("--report <report.json>", "with --coverage: add passed, failed, not applicable from a run")
    .option("--markdown", "with --coverage: a Markdown table, sections with failures first")
    .action(async (opts: { json?: boolean; coverage?: boolean; report?: string; markdown?: boolean }) => {
      process.exitCode = await rulesCommand(opts);
    });

  registerLoadCommand(program, parseIntArg);

  program
    .command("validate")
    .description("Validate scenario files against the scenario schema.")
    .argument("[files...]", "scenario files or folders (default: the shipped scenarios/)")
    .action(async (files: string[]) => {
      process.exitCode = await validateCommand(files);
    });
  return program;
}

function parseIntArg(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CommanderError(
      2,
      "scim-harness.invalidArgument",
      `${flag} must be a non-negative integer, got ${JSON.stringify(value)}`,
    );
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      if (e.code === "scim-harness.invalidArgument") process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (isEntryPoint) {
  process.exitCode = await main(process.argv.slice(2));
}
