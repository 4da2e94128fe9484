import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { QUIRKS } from "./quirks/catalogue.ts";
import { PROFILE_NAMES } from "./profiles/profiles.ts";

const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
/** The table row whose first cell is `id` (Prettier pads cells with spaces). */
const rowOf = (id: string): string | undefined =>
  readme.split("\n").find((line) => new RegExp(`^\\|\\s*\`${id}\`\\s*\\|`).test(line));

it("has a quirk table row with the id and bug ids of every catalogued quirk", () => {
  for (const quirk of QUIRKS) {
    const row = rowOf(quirk.id);
    expect(row, `README row for ${quirk.id}`).toBeDefined();
    for (const bug of quirk.bugIds) expect(row).toContain(bug);
  }
});

it("has a profile table row for every profile", () => {
  for (const name of PROFILE_NAMES) expect(rowOf(name), `README row for ${name}`).toBeDefined();
});
