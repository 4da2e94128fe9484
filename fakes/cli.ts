/**
 * `npm run fake -- --port 8080 --profile cinode --quirks a,b`: serves the fake SP standalone on 127.0.0.1
 * and prints its base URL and a bearer token. `--admin` adds the `/_admin` API (see
 * core/admin-handlers.ts) and prints its secret. Ctrl+C (SIGINT) or SIGTERM stops it cleanly.
 */
import { pathToFileURL } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";
import { createOffsetClock } from "./clock.ts";
import { createFakeServiceProvider } from "./create-fake-service-provider.ts";
import type { FakeServiceProvider, ListeningFake } from "./create-fake-service-provider.ts";
import { PROFILE_NAMES } from "./profiles/profiles.ts";
import type { ProfileName } from "./profiles/app-profile.ts";
import { QUIRKS } from "./quirks/catalogue.ts";

/** Parsed command line. */
export interface CliOptions {
  port: number;
  host: string;
  profile: ProfileName;
  quirks: string[];
  tenant?: string;
  admin: boolean;
  typedExtension?: boolean;
  patchMode: "strict" | "tolerant";
  token?: string;
}

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError("must be 0–65535");
  return port;
};

const parseList = (value: string): string[] =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** The commander program (exits through `exitOverride` in tests). */
export function buildProgram(): Command {
  const quirkHelp = QUIRKS.map(
    (q) => `  ${q.id.padEnd(30)} ${[...q.bugIds].join(",").padEnd(5)} ${q.title}`,
  ).join("\n");
  return new Command("fake")
    .description("Reference fake SCIM 2.0 service provider (scim-harness)")
    .addOption(
      new Option("-p, --port <port>", "port to listen on (0 = any free port)")
        .default(8080)
        .argParser(parsePort),
    )
    .addOption(new Option("--host <host>", "interface to bind").default("127.0.0.1"))
    .addOption(new Option("--profile <name>", "app profile").choices(PROFILE_NAMES).default("generic"))
    .addOption(
      new Option("--quirks <ids>", "comma-separated quirk ids (id=option for options)")
        .default([])
        .argParser(parseList),
    )
    .addOption(new Option("--tenant <id>", "tenant id for the cinode base path (default demo-tenant)"))
    .addOption(
      new Option("--patch-mode <mode>", "PATCH reading").choices(["tolerant", "strict"]).default("tolerant"),
    )
    .addOption(
      new Option("--typed-extension", "generic: also declare the typed User extension (integer, decimal, …)"),
    )
    .addOption(new Option("--token <value>", "use this bearer token instead of a random one"))
    .addOption(new Option("--admin", "enable the /_admin API (prints its secret)").default(false))
    .addHelpText("after", `\nQuirks:\n${quirkHelp}\n\nProfiles: ${PROFILE_NAMES.join(", ")}`)
    .showHelpAfterError();
}

/** Parses `argv` (without the node and script entries). */
export function parseCliArgs(argv: readonly string[], program: Command = buildProgram()): CliOptions {
  program.parse([...argv], { from: "user" });
  return program.opts<CliOptions>();
}

/** Starts the fake for parsed options; returns it, its address and the banner lines it printed. */
export async function startFake(
  options: CliOptions,
  print: (line: string) => void = (line) => console.log(line),
): Promise<{ fake: FakeServiceProvider; listening: ListeningFake; banner: string[] }> {
  const fake = createFakeServiceProvider({
    profile: options.profile,
    quirks: options.quirks,
    patchMode: options.patchMode,
    // The offset clock follows real time; /_admin/clock/advance jumps it ahead (token expiry scenarios).
    clock: createOffsetClock(),
    ...(options.tenant !== undefined && { tenantId: options.tenant }),
    ...(options.token !== undefined && { tokens: { value: options.token } }),
    ...(options.admin && { admin: true }),
    ...(options.typedExtension === true && { typedExtension: true }),
  });
  const listening = await fake.listen(options.port, options.host);
  const record = fake.tokens.get(fake.tokens.primary);
  const tokenNotes = [
    record?.audience === undefined ? undefined : `audience ${record.audience}`,
    record?.expiresAt === undefined ? "never expires" : `expires ${record.expiresAt.toISOString()}`,
  ].filter((s) => s !== undefined);
  const banner = [
    `scim-harness fake SP: profile "${fake.profile.name}" (${fake.profile.title})`,
    `  Base URL : ${listening.baseUrl}`,
    `  Token    : ${fake.tokens.primary}  (${tokenNotes.join(", ")})`,
    `  Quirks   : ${fake.quirks.length === 0 ? "none" : fake.quirks.map((q) => q.id).join(", ")}`,
    `  PATCH    : ${options.patchMode}`,
  ];
  if (fake.adminSecret !== undefined)
    banner.push(`  Admin    : ${listening.origin}/_admin  (Bearer ${fake.adminSecret})`);
  banner.push(
    `Try: curl -H "Authorization: Bearer ${fake.tokens.primary}" ${listening.baseUrl}/ServiceProviderConfig`,
  );
  banner.push("Press Ctrl+C to stop.");
  for (const line of banner) print(line);
  return { fake, listening, banner };
}

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  const { listening } = await startFake(options);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the fake SP`);
    listening.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
