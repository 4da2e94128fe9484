/** Writes `scenarios/scenario.schema.json` from the zod schemas (`npm run gen:schema`). */
import { writeFile } from "node:fs/promises";
import { packagePath } from "../package-root.ts";
import { scenarioJsonSchema } from "./scenario-schema.ts";

export const SCENARIO_SCHEMA_FILE = packagePath("scenarios/scenario.schema.json");

/** The schema file's exact text. */
export function scenarioSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1])) {
  await writeFile(SCENARIO_SCHEMA_FILE, scenarioSchemaText());
  process.stdout.write(`wrote ${SCENARIO_SCHEMA_FILE}\n`);
}
