/**
 * JUnit XML writer (`junit.xml`) for CI test tabs and annotations: one `<testsuite>` per IdP, one
 * `<testcase>` per scenario variant, a `properties` suite for property-based tests and a `run` suite
 * for run-level findings and interrupted runs.
 */

import { XMLBuilder } from "fast-xml-parser";
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type { Finding, PropertyResult, RunReport, ScenarioResult } from "../report.ts";
import { isExcused, scenarioFindings } from "../report.ts";
import { bySeverity, exchangeErrorLine, findingLines, formatValue, worstFinding } from "./finding-text.ts";

type XmlNode = Record<string, unknown>;
type Outcome = "failures" | "errors" | "skipped" | undefined;
type Entry = { node: XmlNode; outcome: Outcome; suite?: string };

interface Suite {
  name: string;
  cases: XmlNode[];
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
}

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces each character XML 1.0 cannot carry with a visible `\uXXXX` escape. */
export function xmlSafe(text: string): string {
  return text.replace(
    INVALID_XML_CHARS,
    (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

function sanitizeTree(node: unknown): unknown {
  if (typeof node === "string") return xmlSafe(node);
  if (Array.isArray(node)) return node.map(sanitizeTree);
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, sanitizeTree(value)]));
  }
  return node;
}

/** An attribute-friendly one-liner, at most 300 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function findingsText(findings: readonly Finding[], extra: readonly string[] = []): string {
  const lines = [...extra];
  for (const finding of bySeverity(findings)) lines.push(...findingLines(finding), "");
  return lines.join("\n").trimEnd();
}

function scenarioCase(scenario: ScenarioResult): Entry {
  const node: XmlNode = {
    "@_classname": `scim-harness.${scenario.idp}`,
    "@_name": `${scenario.id} [${scenario.variant}]`,
    "@_time": seconds(scenario.durationMs),
  };
  if (scenario.file !== undefined) node["@_file"] = scenario.file;
  const findings = scenarioFindings(scenario);
  const worst = worstFinding(findings);
  const reason = scenario.reason === undefined ? [] : [`reason: ${scenario.reason}`];

  const broken = scenario.status === "failed" || scenario.status === "errored";
  if (broken && isExcused(findings)) {
    // Fails only the way the baseline or a waiver accepts: not a CI failure, but keep the details.
    node["system-out"] = findingsText(findings, [`${scenario.status} as in the baseline (known/waived)`]);
    return { node, outcome: undefined };
  }
  switch (scenario.status) {
    case "notApplicable":
      node.skipped = { "@_message": oneLine(`not applicable: ${scenario.reason ?? "no reason given"}`) };
      return { node, outcome: "skipped" };
    case "failed":
      node.failure = {
        "@_message": oneLine(worst?.title ?? scenario.reason ?? "scenario failed"),
        "@_type": worst?.ruleId ?? "scenario-failed",
        "#text": findingsText(findings, reason),
      };
      return { node, outcome: "failures" };
    case "errored": {
      const transport = scenario.exchanges.map(exchangeErrorLine).filter((l) => l !== undefined);
      node.error = {
        "@_message": oneLine(scenario.reason ?? worst?.title ?? "scenario errored"),
        "@_type": worst?.ruleId ?? "scenario-errored",
        "#text": findingsText(findings, [...reason, ...transport]),
      };
      return { node, outcome: "errors" };
    }
    case "passed":
      if (findings.length > 0) node["system-out"] = findingsText(findings);
      return { node, outcome: undefined };
  }
}

function propertyCase(property: PropertyResult): Entry {
  const node: XmlNode = {
    "@_classname": "scim-harness.properties",
    "@_name": property.id,
    "@_time": seconds(0),
  };
  if (property.status === "passed") return { node, outcome: undefined };
  const replay = `seed=${property.seed}${property.path === undefined ? "" : ` path=${property.path}`}`;
  const details = [`${property.title}`, replay, `numRuns: ${property.numRuns}`];
  if (property.counterexample !== undefined)
    details.push(`counterexample: ${formatValue(property.counterexample)}`);
  const body = { "#text": findingsText(property.findings, details), "@_type": "property" };
  if (property.status === "failed") {
    node.failure = { "@_message": oneLine(`counterexample found (${replay})`), ...body };
    return { node, outcome: "failures" };
  }
  node.error = { "@_message": oneLine(`property errored (${replay})`), ...body };
  return { node, outcome: "errors" };
}

function runCases(report: RunReport): Entry[] {
  const cases: Entry[] = [];
  const base = { "@_classname": "scim-harness.run", "@_time": seconds(0) };
  if (report.findings.length > 0) {
    const node: XmlNode = { ...base, "@_name": "run-level findings" };
    const worst = worstFinding(report.findings);
    if (worst?.severity === "error") {
      const text = findingsText(report.findings);
      node.failure = { "@_message": oneLine(worst.title), "@_type": worst.ruleId, "#text": text };
    } else node["system-out"] = findingsText(report.findings);
    cases.push({ node, outcome: worst?.severity === "error" ? "failures" : undefined });
  }
  for (const fixed of report.baseline?.fixed ?? []) {
    const where =
      fixed.scenarioId === undefined ? "run" : `${fixed.scenarioId} [${fixed.variant ?? "default"}]`;
    const node = {
      ...base,
      "@_classname": "scim-harness.baseline",
      "@_name": `fixed: ${fixed.ruleId} in ${where}`,
      "system-out": findingsText([fixed], ["in the baseline, not produced by this run"]),
    };
    cases.push({ node, outcome: undefined, suite: "baseline" });
  }
  if (report.run.incomplete) {
    const message = `run incomplete: ${report.run.incompleteReason ?? "no reason given"}`;
    const node = { ...base, "@_name": "run completeness", error: { "@_message": oneLine(message) } };
    cases.push({ node, outcome: "errors" });
  }
  return cases;
}

function addCase(suites: Map<string, Suite>, name: string, entry: Entry, ms = 0) {
  let suite = suites.get(name);
  if (suite === undefined) {
    suite = { name, cases: [], failures: 0, errors: 0, skipped: 0, timeMs: 0 };
    suites.set(name, suite);
  }
  suite.cases.push(entry.node);
  suite.timeMs += ms;
  if (entry.outcome !== undefined) suite[entry.outcome] += 1;
}

/** Renders the report (redacted first) as JUnit XML; XML-1.0-invalid characters become `\uXXXX`. */
export function renderJunitXml(report: RunReport, options: RedactOptions): string {
  const safe = redact(report, options.secrets);
  const suites = new Map<string, Suite>();
  for (const scenario of safe.scenarios)
    addCase(suites, scenario.idp, scenarioCase(scenario), scenario.durationMs);
  for (const property of safe.properties ?? []) addCase(suites, "properties", propertyCase(property));
  for (const entry of runCases(safe)) addCase(suites, entry.suite ?? "run", entry);

  const all = [...suites.values()];
  const total = (pick: (suite: Suite) => number) => all.reduce((sum, suite) => sum + pick(suite), 0);
  const props = [
    { "@_name": "seed", "@_value": String(safe.run.seed) },
    { "@_name": "run.id", "@_value": safe.run.id },
    { "@_name": "target.kind", "@_value": safe.target.kind },
    ...(safe.target.url === undefined ? [] : [{ "@_name": "target.url", "@_value": safe.target.url }]),
  ];
  const document = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    testsuites: {
      "@_name": "scim-harness",
      "@_tests": total((s) => s.cases.length),
      "@_failures": total((s) => s.failures),
      "@_errors": total((s) => s.errors),
      "@_skipped": total((s) => s.skipped),
      "@_time": seconds(safe.run.durationMs),
      "@_timestamp": safe.run.startedAt,
      testsuite: all.map((suite) => ({
        "@_name": suite.name,
        "@_tests": suite.cases.length,
        "@_failures": suite.failures,
        "@_errors": suite.errors,
        "@_skipped": suite.skipped,
        "@_time": seconds(suite.timeMs),
        "@_timestamp": safe.run.startedAt,
        properties: { property: props },
        testcase: suite.cases,
      })),
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    format: true,
    suppressEmptyNode: true,
    suppressBooleanAttributes: false,
  });
  return builder.build(sanitizeTree(document));
}
