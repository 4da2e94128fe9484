/** Writes `harness/rules/RULES.md` from the rule catalogue (`npm run gen:rules`); a test fails while it is stale. */
import { writeFile } from "node:fs/promises";
import { RULES_DOC_PATH, renderRulesMarkdown } from "./rules-doc.ts";

await writeFile(RULES_DOC_PATH, await renderRulesMarkdown(), "utf8");
process.stdout.write(`${RULES_DOC_PATH} written\n`);
