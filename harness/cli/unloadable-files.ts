/**
 * A scenario file that could not be loaded is an errored entry of the run, never a silent gap: this
 * suite emits one errored scenario result per such file, carrying the loader's message (file:line, JSON
 * pointer, reason), so report.json, JUnit, the console, HTML and Markdown all show it where the
 * scenarios are.
 */
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { parse } from "yaml";
import { summarize, type RunReport, type ScenarioResult } from "../../reports/index.ts";
import type { ScenarioFileError } from "../errors.ts";
import type { SuiteRunner } from "../runner/run-suites.ts";

/** The suite's name: progress counts its entries with the scenario variants. */
export const UNLOADABLE_FILES_SUITE = "scenario files";

/** The IdP the file names, when its YAML reads that far; else `unknown`. */
async function idpOf(file: string): Promise<string> {
  try {
    const doc: unknown = parse(await readFile(file, "utf8"));
    const idp = (doc as { idp?: unknown } | null)?.idp;
    return typeof idp === "string" && /^[a-z][a-z0-9-]*$/.test(idp) ? idp : "unknown";
  } catch {
    return "unknown";
  }
}

const UNLOADABLE_TITLE = "scenario file could not be loaded";

/**
 * Whether a scenario result stands for a file the loader rejected. Every `--shard` job loads every file,
 * so each shard's report holds the same entry; `merge-reports` keeps one.
 */
export const isUnloadableFileResult = (result: ScenarioResult): boolean =>
  result.title === UNLOADABLE_TITLE && result.steps.length === 0 && result.status === "errored";

/** The errored result that stands for a file the loader rejected. */
async function unloadableFileResult(error: ScenarioFileError): Promise<ScenarioResult> {
  const rel = relative(process.cwd(), error.file);
  const file = rel === "" || rel.startsWith("..") ? error.file : rel;
  return {
    id: file,
    title: UNLOADABLE_TITLE,
    file,
    idp: await idpOf(error.file),
    variant: "default",
    tags: [],
    status: "errored",
    reason: `invalid scenario file: ${error.message.replace(error.file, file)}`,
    durationMs: 0,
    steps: [],
    exchanges: [],
    findings: [],
  };
}

/** Emits the files after the `firstIndex` scenario variants that did load. */
export function unloadableFilesSuite(errors: readonly ScenarioFileError[], firstIndex: number): SuiteRunner {
  return {
    name: UNLOADABLE_FILES_SUITE,
    size: errors.length,
    async run({ emit }) {
      for (const [i, error] of errors.entries())
        await emit.scenario(firstIndex + i, await unloadableFileResult(error));
    },
  };
}

/** A report of a run that had nothing to run: only the files that could not be loaded, each errored. */
export async function unloadableOnlyReport(
  empty: RunReport,
  errors: readonly ScenarioFileError[],
): Promise<RunReport> {
  const scenarios = await Promise.all(errors.map(unloadableFileResult));
  const files = errors.map((e) => e.message.split("\n")[0]).join("; ");
  return {
    ...empty,
    run: {
      ...empty.run,
      incomplete: true,
      incompleteReason: `${errors.length} scenario file(s) could not be loaded: ${files}`,
    },
    summary: summarize(scenarios),
    scenarios,
  };
}
