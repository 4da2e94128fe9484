/**
 * Finds and selects scenario files: every `.yaml`, `.yml` and `.json` under a folder (except the JSON
 * Schema and files starting with `_`), filtered by id, glob, file path, IdP and tag.
 */
import picomatch from "picomatch";
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { isHarnessError, ScenarioFileError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
import { loadScenario, type LoadedScenario } from "./load-scenario.ts";

/** The shipped scenario library (with a trailing separator), from the sources or the installed package. */
export const DEFAULT_SCENARIO_DIR = packagePath("scenarios") + sep;

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** Every scenario file under a folder, sorted. */
export async function listScenarioFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(
      (e) =>
        e.isFile() &&
        SCENARIO_FILE.test(e.name) &&
        !e.name.startsWith("_") &&
        !e.name.endsWith(".schema.json"),
    )
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(dir, f).split(/[\\/]/).includes("node_modules"))
    .sort();
}

/** A glob with `*` (within a segment) and `**` (across segments) as a RegExp (picomatch). */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true });
}

export interface ScenarioSelection {
  /** Ids, globs over ids (`entra/*`), or file paths. Empty: all. */
  patterns?: string[];
  idp?: string[];
  tags?: string[];
}

export interface FoundScenarios {
  scenarios: LoadedScenario[];
  errors: ScenarioFileError[];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Loads the selected scenarios; malformed files are returned as errors and never stop the others. */
export async function findScenarios(dir: string, selection: ScenarioSelection = {}): Promise<FoundScenarios> {
  const patterns = selection.patterns ?? [];
  const explicitFiles: string[] = [];
  const idPatterns: RegExp[] = [];
  for (const p of patterns) {
    if (SCENARIO_FILE.test(p) && (await isFile(p))) explicitFiles.push(resolve(p));
    else idPatterns.push(globToRegExp(p));
  }
  const files = idPatterns.length > 0 || patterns.length === 0 ? await listScenarioFiles(dir) : [];
  const errors: ScenarioFileError[] = [];
  const loaded: LoadedScenario[] = [];
  for (const file of [...new Set([...explicitFiles, ...files])]) {
    try {
      loaded.push(await loadScenario(file));
    } catch (e) {
      if (!isHarnessError(e)) throw e;
      errors.push(e as ScenarioFileError);
    }
  }
  const selected = loaded.filter(({ scenario, file }) => {
    const byPattern =
      patterns.length === 0 ||
      explicitFiles.includes(resolve(file)) ||
      idPatterns.some((re) => re.test(scenario.id));
    const byIdp =
      selection.idp === undefined || selection.idp.length === 0 || selection.idp.includes(scenario.idp);
    const byTag =
      selection.tags === undefined ||
      selection.tags.length === 0 ||
      selection.tags.some((t) => (scenario.tags ?? []).includes(t));
    return byPattern && byIdp && byTag;
  });
  const ids = new Map<string, string>();
  const unique = selected.filter(({ scenario, file }) => {
    const other = ids.get(scenario.id);
    if (other !== undefined) {
      errors.push(
        new ScenarioFileError(file, "/id", `scenario id "${scenario.id}" is already used by ${other}`),
      );
      return false;
    }
    ids.set(scenario.id, file);
    return true;
  });
  return { scenarios: unique, errors };
}
