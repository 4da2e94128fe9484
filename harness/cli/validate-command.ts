/** `scim-harness validate [files…]`: checks scenario files; exit 2 when any is malformed. */
import { stat } from "node:fs/promises";
import { isHarnessError } from "../errors.ts";
import { DEFAULT_SCENARIO_DIR, listScenarioFiles } from "../scenario/find-scenarios.ts";
import { loadScenario } from "../scenario/load-scenario.ts";
import { expandVariants } from "../scenario/expand-variants.ts";

export async function validateCommand(paths: string[]): Promise<number> {
  const files: string[] = [];
  for (const p of paths.length > 0 ? paths : [DEFAULT_SCENARIO_DIR]) {
    try {
      if ((await stat(p)).isDirectory()) files.push(...(await listScenarioFiles(p)));
      else files.push(p);
    } catch {
      process.stderr.write(`✗ ${p}: no such file or folder\n`);
      return 2;
    }
  }
  let bad = 0;
  for (const file of files) {
    try {
      const { scenario } = await loadScenario(file);
      const variants = expandVariants(scenario).length;
      process.stdout.write(
        `✓ ${file}  ${scenario.id} (${scenario.steps.length} steps, ${variants} variant${variants === 1 ? "" : "s"})\n`,
      );
    } catch (e) {
      if (!isHarnessError(e)) throw e;
      bad++;
      process.stderr.write(`✗ ${e.message}\n`);
    }
  }
  process.stdout.write(`${files.length - bad} valid, ${bad} invalid\n`);
  return bad > 0 ? 2 : 0;
}
