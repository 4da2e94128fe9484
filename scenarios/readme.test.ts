import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { README_PATH, renderReadme, renderTables, TABLE_END, TABLE_START } from "./generate-readme-table.ts";
import { loadLibrary } from "./library.test-support.ts";

const library = await loadLibrary();

it("the README's generated tables are current (run: npx tsx scenarios/generate-readme-table.ts)", async () => {
  const current = await readFile(README_PATH, "utf8");
  expect(current).toContain(TABLE_START);
  expect(current).toContain(TABLE_END);
  expect(await renderReadme(current, library), "scenarios/README.md is stale").toBe(current);
});

it("the tables list every scenario once under its IdP, with its variant count and grade", () => {
  const tables = renderTables(library);
  for (const { scenario } of library) {
    const rows = tables.split("\n").filter((line) => line.startsWith(`| \`${scenario.id}\` |`));
    expect(rows, scenario.id).toHaveLength(1);
  }
  expect(tables).toContain(
    "| `entra/e5-disable` | E5 Disable: every documented variant of the active PATCH turns the user inactive | 4 (disableVariant) | A |",
  );
  expect(tables).toContain("| `jumpcloud/jc4-deactivate` |");
  expect(tables).toMatch(
    /\| B4 \| `regressions\/b04-member-remove-value-array` \|[^\n]*`members-remove-wipes-group` → scenario\.expect\.state/,
  );
});

it("renderReadme refuses a README without the markers", async () => {
  await expect(renderReadme("# no markers\n", library)).rejects.toThrow(/markers/);
});
