/**
 * `scim-harness import entra-log <file…>` and `scim-harness import har <file>`: turn a customer's export
 * into a scenario file, list what was skipped, and print the command that runs it. Exit 0 when a scenario
 * was written (even with skipped entries), 2 when the input cannot be read or imported.
 */
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { isHarnessError } from "../errors.ts";
import type { SkippedEntry } from "../import/import-error.ts";
import { ImportError } from "../import/import-error.ts";
import { importEntraLog } from "../import/import-entra-log.ts";
import { importHar } from "../import/import-har.ts";
import type { ImportResult } from "../import/planned-step.ts";
import { SCENARIO_SCHEMA_FILE } from "../scenario/write-scenario-schema.ts";

/** Options of `importCommand`. */
export interface ImportCommandOptions {
  /** Output scenario file; default `scim-report/imported/<id>.yaml` (git-ignored). */
  out?: string;
  keepPii?: boolean;
  seed?: number;
  /** har: import the requests of this credential fingerprint. */
  credential?: string;
  /** har: IdP-level steps when the traffic is a known IdP's (what `scim-harness record` writes). */
  idpSteps?: boolean;
}

/** Where imported scenarios go by default: git-ignored, outside the shipped suite. */
export const DEFAULT_IMPORT_DIR = join("scim-report", "imported");

const SIBLINGS = ["ProvisioningLogs_ModifiedProperties", "ProvisioningLogs_ProvisioningSteps"];

/**
 * The companion CSV files of a portal download next to `main` (`ProvisioningLogs<rest>` →
 * `ProvisioningLogs_ModifiedProperties<rest>`, `ProvisioningLogs_ProvisioningSteps<rest>`), when present.
 */
export async function csvCompanions(main: string): Promise<string[]> {
  const name = basename(main);
  const match = /^ProvisioningLogs(.*)$/i.exec(name);
  if (match === null || SIBLINGS.some((s) => name.toLowerCase().startsWith(s.toLowerCase()))) return [];
  const rest = match[1]!.toLowerCase();
  let names: string[];
  try {
    names = await readdir(dirname(main));
  } catch {
    return [];
  }
  return SIBLINGS.flatMap((sibling) => {
    const found = names.find((n) => n.toLowerCase() === `${sibling.toLowerCase()}${rest}`);
    return found === undefined ? [] : [join(dirname(main), found)];
  });
}

function printSkipped(skipped: readonly SkippedEntry[], write: (line: string) => void): void {
  if (skipped.length === 0) return;
  write(`skipped ${skipped.length} entr${skipped.length === 1 ? "y" : "ies"}:`);
  for (const s of skipped.slice(0, 50)) write(`  ${s.entry}: ${s.reason}`);
  if (skipped.length > 50) write(`  … and ${skipped.length - 50} more`);
}

/** Runs the import and writes the scenario; resolves to the exit code. */
export async function importCommand(
  kind: "entra-log" | "har",
  file: string | readonly string[],
  opts: ImportCommandOptions = {},
): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const given = typeof file === "string" ? [file] : [...file];
  const main = given[0];
  if (main === undefined) {
    err("scim-harness import: no input file given");
    return 2;
  }
  let result: ImportResult;
  let target: string;
  try {
    const extra =
      kind === "entra-log" && given.length === 1 && /\.csv$/i.test(main) ? await csvCompanions(main) : [];
    const files = [...given, ...extra];
    const texts = await Promise.all(
      files.map(async (f) => {
        try {
          return { name: basename(f), text: await readFile(f, "utf8") };
        } catch (cause) {
          throw new ImportError(f, `cannot read: ${(cause as Error).message}`, [], { cause });
        }
      }),
    );
    if (extra.length > 0)
      out(`using the CSV download's other files: ${extra.map((f) => basename(f)).join(", ")}`);
    // A first guess for the output, to point the schema comment at scenarios/scenario.schema.json.
    const provisional = resolve(opts.out ?? join(DEFAULT_IMPORT_DIR, "x.yaml"));
    const schemaRef = relative(dirname(provisional), SCENARIO_SCHEMA_FILE).split("\\").join("/");
    const options = {
      fileName: basename(main),
      schemaRef,
      ...(opts.keepPii !== undefined ? { keepPii: opts.keepPii } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    };
    result =
      kind === "har"
        ? importHar(texts[0]!.text, {
            ...options,
            ...(opts.credential !== undefined ? { credential: opts.credential } : {}),
            ...(opts.idpSteps !== undefined ? { idpSteps: opts.idpSteps } : {}),
          })
        : importEntraLog(texts.length === 1 ? texts[0]!.text : texts, options);
    const name = `${result.scenario.id.split("/").pop() ?? "imported"}.yaml`;
    target = opts.out ?? join(DEFAULT_IMPORT_DIR, name);
    await mkdir(dirname(resolve(target)), { recursive: true });
    await writeFile(target, result.yaml, "utf8");
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(`scim-harness import ${kind}: ${e.message}`);
    if (e instanceof ImportError) printSkipped(e.skipped, err);
    return e.exitCode;
  }
  const steps = result.scenario.steps.length;
  out(`wrote ${target}: scenario ${result.scenario.id}, ${steps} step${steps === 1 ? "" : "s"}`);
  printSkipped(result.skipped, out);
  for (const w of result.warnings) out(`warning: ${w}`);
  if (opts.keepPii) out("note: --keep-pii kept the customer's personal data in the file; do not commit it");
  out("");
  out(
    "next: run it against the build under test (or the fake: --target fake+<quirk>) and read the HTML report:",
  );
  out(
    `  npm run scenarios -- --scenario ${target} --target <https://…/scim/v2> --reporter console,json,html`,
  );
  return 0;
}
