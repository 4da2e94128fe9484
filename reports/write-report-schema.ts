/** Writes `reports/report.schema.json` from the zod schemas of report.ts (`npm run gen:report-schema`). */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { reportJsonSchema } from "./report.ts";

export const REPORT_SCHEMA_FILE = fileURLToPath(new URL("./report.schema.json", import.meta.url));

/** The schema file's exact text. */
export function reportSchemaText(): string {
  return JSON.stringify(reportJsonSchema(), null, 2) + "\n";
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1])) {
  await writeFile(REPORT_SCHEMA_FILE, reportSchemaText());
  process.stdout.write(`wrote ${REPORT_SCHEMA_FILE}\n`);
}
