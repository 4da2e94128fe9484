import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { PATCH_CHOICES } from "../harness/scim/patch-context.ts";
import { CONTRACT_CHECKS } from "./checks/catalogue.ts";
import { CHECK_PROOFS } from "./checks/proofs/index.ts";
import { PROPERTY_SUITES } from "./properties/run-property-suites.ts";

const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");

/** The trimmed cells of the table row whose first cell is `id` in backticks. */
function rowOf(id: string): string[] | undefined {
  const cells = (line: string) =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
  return readme
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map(cells)
    .find((row) => row[0] === `\`${id}\``);
}

it("has a catalogue row for every check, with its section and every proof", () => {
  for (const check of CONTRACT_CHECKS) {
    const row = rowOf(check.id);
    expect(row, check.id).toBeDefined();
    expect(row![1]).toBe(check.rfc);
    for (const proof of CHECK_PROOFS.filter((p) => p.check === check.id)) {
      expect(row![4]).toContain(proof.broken.replace(/\|/g, "\\|"));
    }
  }
  const proven = new Set(CHECK_PROOFS.map((p) => p.check)).size;
  expect(readme).toContain(`${CONTRACT_CHECKS.length} checks; all ${proven} have a proof`);
});

it("documents every property suite with its default budget", () => {
  for (const suite of PROPERTY_SUITES)
    expect(rowOf(suite.id)?.[3], suite.id).toBe(String(suite.defaultNumRuns));
});

it("lists every PATCH choice where the RFC allows several answers", () => {
  for (const choice of Object.keys(PATCH_CHOICES)) expect(rowOf(choice), choice).toBeDefined();
});
