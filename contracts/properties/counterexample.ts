/**
 * Writes the counterexample of a failed property as a scenario file of `request` steps, which
 * `npm run scenarios -- --scenario <file>` replays deterministically (the prefix and ids are `${var}`s).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { PropertyResult } from "../../reports/index.ts";
import { parseScenario } from "../../harness/scenario/load-scenario.ts";
import type { Counterexample } from "./run-property.ts";

/** The counterexample of a failed property result, if it has one. */
export function counterexampleOf(result: PropertyResult): Counterexample | undefined {
  const value = result.counterexample as Partial<Counterexample> | undefined;
  return typeof value === "object" && value !== null && typeof value.scenario === "object"
    ? (value as Counterexample)
    : undefined;
}

/**
 * Writes `<dir>/<property>-<seed>.yaml` and returns its path. The text is validated with the scenario
 * loader first; throws `TypeError` when the result has no counterexample.
 */
export async function saveCounterexample(result: PropertyResult, dir: string): Promise<string> {
  const counterexample = counterexampleOf(result);
  if (counterexample === undefined)
    throw new TypeError(`${result.id} has no counterexample (status ${result.status})`);
  const file = join(dir, `${result.id.replace(/^property\./, "")}-${result.seed}.yaml`);
  const header = [
    `# Counterexample of ${result.id}, seed ${result.seed}, fast-check path "${result.path ?? ""}".`,
    `# Shrunk case: ${counterexample.case.replace(/\n/g, " ")}`,
    `# Replay: npm run scenarios -- --scenario ${file}`,
    "",
  ].join("\n");
  const text = header + stringify(counterexample.scenario, { lineWidth: 0 });
  parseScenario(text, file);
  await mkdir(dir, { recursive: true });
  await writeFile(file, text, "utf8");
  return file;
}
