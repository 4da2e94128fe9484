/**
 * The `scim-harness` command line: argv → command. Exit codes: 0 no failing finding, 1 failing findings,
 * 2 usage, configuration, scenario-file or unreachable-target error.
 */
import { Command, CommanderError, Option } from "commander";
import { HARNESS_VERSION } from "../version.ts";
import { runCommand } from "./run-command.ts";
import { validateCommand } from "./validate-command.ts";

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

export function buildProgram(): Command {
  const program = new Command("scim-harness")
    .description("Replay Entra ID and JumpCloud SCIM provisioning sequences against any SCIM 2.0 target.")
    .version(HARNESS_VERSION)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("run", { isDefault: true })
    .description("Run scenarios against a target and write reports.")
    .option("--target <target>", "fake | fake:<profile>[+quirk…] | http(s)://…/scim/v2", "fake")
    .option("--token <token>", "bearer token for a URL target (prefer --token-env)")
    .option("--token-env <var>", "environment variable holding the token", "SCIM_TOKEN")
    .option("--scenario <id|glob|file>", "scenario id, glob over ids (entra/*) or file; repeatable", collect)
    .option("--scenario-dir <dir>", "folder of scenario files (default: the shipped scenarios/)")
    .option("--idp <idp>", "only scenarios of this IdP (entra, jumpcloud); repeatable", collect)
    .option("--tag <tag>", "only scenarios with this tag (e.g. B4, seed:000); repeatable", collect)
    .option("--seed <n>", "fixture seed, for identical requests across runs", (v) => parseIntArg("--seed", v))
    .option("--run-id <id>", "run id used in created resource names (default: random)")
    .addOption(
      new Option("--reporter <list>", "console,json,junit,html")
        .default(["console", "json", "junit"], "console,json,junit")
        .argParser(collect),
    )
    .option("--out <dir>", "report folder", "scim-report")
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that fails the run")
        .choices(["error", "warning"])
        .default("error"),
    )
    .option("--bail", "stop after the first failing scenario", false)
    .option("--timeout <ms>", "per-request timeout", (v) => parseIntArg("--timeout", v), 60_000)
    .option("--concurrency <n>", "scenarios in flight at once", (v) => parseIntArg("--concurrency", v), 4)
    .option("--list", "list the selected scenarios and exit", false)
    .action(async (opts) => {
      process.exitCode = await runCommand(opts);
    });

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
