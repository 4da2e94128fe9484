/**
 * `scim-harness.config.json` (or `.ts`/`.mts`/`.cts`/`.js`/`.mjs`/`.cjs`, default export or
 * `module.exports`): the `run` options a CI line would otherwise repeat, e.g. `{ "target":
 * "image:my-scim:ci", "basePath": "/scim/v2", "env": { "API_TOKEN": "{token}" }, "reporter": ["junit",
 * "json"] }`. Keys are the option names in camelCase; a flag given on the command line wins; `env` entries
 * are merged (the flag's win). A `.ts` file with `export default` loads in ESM and CommonJS projects alike.
 */
import { existsSync } from "node:fs";
import { copyFile, readFile, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import { ConfigurationError } from "../errors.ts";

/** Looked up in the working directory, in this order, when `--config` is not given. */
export const CONFIG_FILE_NAMES = [
  "scim-harness.config.json",
  "scim-harness.config.ts",
  "scim-harness.config.mts",
  "scim-harness.config.cts",
  "scim-harness.config.mjs",
  "scim-harness.config.cjs",
  "scim-harness.config.js",
];

/** The config object of an imported module: its default export, or a CommonJS module's `exports.default`. */
function configOf(module: { default?: unknown }): unknown {
  const value = module.default;
  const inner = (value as { __esModule?: unknown; default?: unknown } | null | undefined) ?? undefined;
  return inner?.__esModule === true && "default" in inner ? inner.default : value;
}

/** The `type` of the nearest package.json above `dir` (`commonjs` when there is none, as Node reads it). */
async function packageType(dir: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const type = (JSON.parse(await readFile(join(d, "package.json"), "utf8")) as { type?: unknown }).type;
      return type === "module" ? "module" : "commonjs";
    } catch {
      if (dirname(d) === d) return "commonjs";
    }
  }
}

const importDefault = async (file: string): Promise<unknown> =>
  configOf((await import(pathToFileURL(file).href)) as { default?: unknown });

/**
 * Imports a config module. A `.ts` file follows its project's module type; in a CommonJS project (no
 * `"type": "module"`) an ESM-syntax `.ts` (`export default`) would be read as CommonJS and fail, so the same
 * source is imported as `.mts` (always ESM) from a short-lived copy beside it (its relative imports still
 * resolve), and as the file itself when it is CommonJS (`module.exports`).
 */
async function importConfig(file: string): Promise<unknown> {
  if (!file.endsWith(".ts") || (await packageType(dirname(file))) === "module") return importDefault(file);
  const copy = join(dirname(file), `${basename(file, ".ts")}.${process.pid}.tmp.mts`);
  await copyFile(file, copy);
  try {
    return await importDefault(copy);
  } catch (asEsm) {
    try {
      return await importDefault(file);
    } catch {
      throw asEsm;
    }
  } finally {
    await rm(copy, { force: true });
  }
}

/** The `run` options a config file may set, with their value type. */
export const CONFIG_KEYS: Readonly<Record<string, "string" | "number" | "boolean" | "list" | "env">> = {
  target: "string",
  token: "string",
  tokenEnv: "string",
  expiredTokenEnv: "string",
  targetPort: "number",
  basePath: "string",
  env: "env",
  startupTimeout: "number",
  scenario: "list",
  scenarioDir: "string",
  idp: "list",
  tag: "list",
  seed: "number",
  runId: "string",
  reporter: "list",
  out: "string",
  failOn: "string",
  bail: "boolean",
  keep: "boolean",
  timeout: "number",
  concurrency: "number",
  shard: "string",
  suite: "string",
  check: "list",
  numRuns: "number",
  timeBudget: "number",
  saveCounterexamples: "string",
};

/** Reads the config file: `path`, else the first of CONFIG_FILE_NAMES in `cwd`, else none. */
export async function loadConfigFile(
  path: string | undefined,
  cwd = process.cwd(),
): Promise<{ file: string; config: Record<string, unknown> } | undefined> {
  const file =
    path !== undefined ? resolve(cwd, path) : CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).find(existsSync);
  if (file === undefined) return undefined;
  let config: unknown;
  try {
    config = file.endsWith(".json") ? JSON.parse(await readFile(file, "utf8")) : await importConfig(file);
  } catch (cause) {
    const noTypeScript =
      /\.[mc]?ts$/.test(file) && (cause as { code?: string }).code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? " (this Node does not run TypeScript: use Node 22.18 or later, or scim-harness.config.json or .mjs)"
        : "";
    throw new ConfigurationError(
      `cannot read config file ${file}: ${(cause as Error).message}${noTypeScript}`,
      { cause },
    );
  }
  if (typeof config !== "object" || config === null || Array.isArray(config))
    throw new ConfigurationError(`config file ${file} must hold an object of run options`);
  return { file, config: config as Record<string, unknown> };
}

/** `{ A: "1" }` or `["A=1"]` → `["A=1"]`. */
function envEntries(value: unknown, where: string): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    return Object.entries(value).map(([k, v]) => `${k}=${String(v)}`);
  throw new ConfigurationError(`${where}: env must be an object of strings or a list of KEY=VALUE`);
}

/** Checks and converts one config value to what the command-line parser would have produced. */
export function configValue(key: string, value: unknown, where: string): unknown {
  const type = CONFIG_KEYS[key];
  if (type === undefined)
    throw new ConfigurationError(
      `${where}: unknown option ${JSON.stringify(key)} (known: ${Object.keys(CONFIG_KEYS).join(", ")})`,
    );
  const bad = (expected: string) =>
    new ConfigurationError(`${where}: ${key} must be ${expected}, got ${JSON.stringify(value)}`);
  switch (type) {
    case "env":
      return envEntries(value, where);
    case "list":
      if (typeof value === "string") return [value];
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
      throw bad("a string or a list of strings");
    case "number":
      if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
      throw bad("a non-negative integer");
    case "boolean":
      if (typeof value === "boolean") return value;
      throw bad("true or false");
    default:
      if (typeof value !== "string") throw bad("a string");
      if (key === "failOn" && value !== "error" && value !== "warning") throw bad('"error" or "warning"');
      return value;
  }
}

/** Applies a config file to a parsed command: fills every option not given on the command line. */
export function applyConfig(command: Command, config: Record<string, unknown>, file: string): void {
  for (const [key, raw] of Object.entries(config)) {
    if (key.startsWith("$")) continue; // "$schema" and comments
    const value = configValue(key, raw, file);
    const fromCli = command.getOptionValueSource(key) === "cli";
    if (key === "env") {
      const cli = fromCli ? (command.getOptionValue(key) as string[]) : [];
      command.setOptionValueWithSource(key, [...(value as string[]), ...cli], fromCli ? "cli" : "config");
    } else if (!fromCli) command.setOptionValueWithSource(key, value, "config");
  }
}
