/**
 * The rule catalogue is complete and consistent: ids are unique, every id a source can emit is catalogued
 * (scanned from the sources and observed in runs against broken servers), every emitted finding has its
 * catalogue severity (unless the rule documents an override), a behaviour checked both by the scenario
 * runner and by a contract check is one rule, and RULES.md is current.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import type { Finding, RuleDefinition } from "../../reports/index.ts";
import { STATUS_SEVERITY, allFindings } from "../../reports/index.ts";
import { CONTRACT_CHECKS, PROPERTY_SUITES, runContractSuite, severityOf } from "../../contracts/index.ts";
import { QUIRK_CHECKS, HAND_BROKEN } from "../../scenarios/quirk-checks.ts";
import { loadLibrary, runOnFake, startFake, variantsOf } from "../../scenarios/library.test-support.ts";
import { HARNESS_RULES, SHARED_RFC_RULES } from "../rules/index.ts";
import { RULE_CATALOGUE } from "./rule-catalogue.ts";
import { RULES_DOC_PATH, renderRulesMarkdown } from "./rules-doc.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BY_ID = new Map(RULE_CATALOGUE.map((rule) => [rule.id, rule]));
const ID_PREFIXES = "transport|http|scenario|idp|entra|jumpcloud|okta|rfc7643|rfc7644|property";
// A rule id, not a file name such as "scenario.schema.json".
const ID_LITERAL = new RegExp(
  `["'\`]((?:${ID_PREFIXES})\\.[A-Za-z0-9][A-Za-z0-9.-]*?)(?<!\\.(?:json|ts|js|yaml|md))["'\`]`,
  "g",
);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    // Product sources only: tests and test support name ids they expect or select, they emit none.
    const support = /[\\/]test-support[\\/]|\.test-support\.ts$/.test(path);
    if (entry.isFile() && path.endsWith(".ts") && !path.endsWith(".test.ts") && !support) out.push(path);
  }
  return out;
}

/** A status finding of a contract check or property suite (its severity is `STATUS_SEVERITY`'s). */
const isStatus = (f: Finding): boolean =>
  /^(Not applicable: |Check could not run: |Property could not run: |Expectation could not run: )|: stopped early$/.test(
    f.title,
  );

/** Why a finding's severity is not its rule's, or undefined when it is. */
function severityMismatch(f: Finding, rule: RuleDefinition | undefined): string | undefined {
  if (rule === undefined) return `${f.ruleId} is not catalogued`;
  if (f.severity === rule.severity) return undefined;
  const statusSeverities: string[] = Object.values(STATUS_SEVERITY);
  if (rule.severityOverride !== undefined && isStatus(f) && statusSeverities.includes(f.severity))
    return undefined;
  // A scenario step's `expect.severity` is the documented override of the scenario rules.
  if (rule.severityOverride !== undefined && rule.id.startsWith("scenario.expect.")) return undefined;
  return `${f.ruleId}: ${f.severity}, the catalogue says ${rule.severity} ("${f.title}")`;
}

it("has unique ids, each with a title, a source and the severity its source decides", () => {
  const ids = RULE_CATALOGUE.map((rule) => rule.id);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const rule of RULE_CATALOGUE) {
    expect(rule.title, rule.id).toMatch(/\w/);
    expect(Object.keys(rule.source).length, rule.id).toBeGreaterThan(0);
  }
  expect(ids).toEqual(expect.arrayContaining([...CONTRACT_CHECKS, ...PROPERTY_SUITES].map((c) => c.id)));
  expect(ids).toEqual(expect.arrayContaining(HARNESS_RULES.map((rule) => rule.id)));
});

it("a behaviour the scenario runner and a contract check both see is one rule with one severity", () => {
  for (const shared of Object.values(SHARED_RFC_RULES)) {
    const check = CONTRACT_CHECKS.find((c) => c.id === shared.id);
    expect(check, `${shared.id} is shared but no contract check has that id`).toBeDefined();
    expect(check!.title).toBe(shared.title);
    expect(severityOf(check!)).toBe(shared.severity);
    expect(BY_ID.get(shared.id)!.severity).toBe(shared.severity);
  }
  for (const check of CONTRACT_CHECKS)
    expect(BY_ID.get(check.id)!.severity, check.id).toBe(severityOf(check));
});

it("every rule id written in the sources, and every id the scenario library expects, is catalogued", async () => {
  const files = [
    ...(await sourceFiles("harness")),
    ...(await sourceFiles("contracts")),
    ...(await sourceFiles("scenarios")),
  ];
  const unknown: string[] = [];
  let seen = 0;
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const [, id] of text.matchAll(ID_LITERAL)) {
      seen++;
      if (!BY_ID.has(id!)) unknown.push(`${relative(ROOT, file)}: ${id}`);
    }
    // Ids built from templates: only the rule families, whose results are checked by their ids below.
    for (const [line] of text.matchAll(/ruleId:\s*`[^`]*`/g))
      unknown.push(`${relative(ROOT, file)}: ${line}`);
  }
  expect(seen).toBeGreaterThan(50);
  expect(unknown).toEqual([]);
  const expected = [
    ...Object.values(QUIRK_CHECKS).flatMap((c) => c.rules),
    ...HAND_BROKEN.flatMap((h) => h.rules),
  ];
  expect(expected.filter((id) => !BY_ID.has(id))).toEqual([]);
});

it("every finding of the scenario library against broken fakes is catalogued and has its catalogue severity", async () => {
  const library = await loadLibrary();
  const quirks = [
    "json-content-type",
    "filter-miss-404",
    "members-remove-value-rejected",
    "put-merges",
    "conflict-as-400",
  ];
  const findings: Finding[] = [];
  for (const quirk of quirks) {
    const { report } = await runOnFake({ quirks: [quirk] }, variantsOf(library));
    findings.push(...allFindings(report));
  }
  expect(new Set(findings.map((f) => f.ruleId)).size).toBeGreaterThan(5);
  expect(findings.map((f) => severityMismatch(f, BY_ID.get(f.ruleId))).filter(Boolean)).toEqual([]);
  // The per-exchange content-type check reports the contract suite's rule, at its severity.
  expect(findings.filter((f) => f.ruleId === "rfc7644.http.scim-content-type").length).toBeGreaterThan(0);
}, 180_000);

it("contract findings against a broken target have their catalogue severity (or a status severity)", async () => {
  const target = await startFake({ quirks: ["json-content-type", "filter-miss-404"] });
  try {
    const result = await runContractSuite({ target, concurrency: 2 });
    expect(result.findings.some((f) => f.severity === "error")).toBe(true);
    expect(result.findings.map((f) => severityMismatch(f, BY_ID.get(f.ruleId))).filter(Boolean)).toEqual([]);
  } finally {
    await target.stop();
  }
}, 120_000);

it("ships a RULES.md identical to the one generated from the catalogue (run: npm run gen:rules)", async () => {
  expect(await readFile(RULES_DOC_PATH, "utf8")).toBe(await renderRulesMarkdown());
});
