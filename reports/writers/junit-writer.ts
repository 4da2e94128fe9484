/**
 * JUnit XML writer (`junit.xml`) for CI test tabs and annotations: one `<testsuite>` per IdP, one
 * `<testcase>` per scenario variant, a `contracts` suite with one testcase per contract check, a
 * `properties` suite with one testcase per property (seed, runs done of asked) and a `run` suite for the
 * run-level findings no contract check claims and for interrupted runs.
 *
 * The document is valid against the JUnit schema Jenkins (xUnit plugin, `junit-10.xsd`) validates input
 * with: no attributes on `<testsuites>` but name, time, tests, failures and errors; no `file` on a
 * testcase (the scenario file is a line of its text) and no `<properties>` inside a testcase (a property's
 * seed, path and runs are properties of the `properties` suite, and lines of its testcase's text).
 */

import { XMLBuilder } from "fast-xml-parser";
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type {
  ContractCheckResult,
  Finding,
  PropertyResult,
  RootCause,
  RunReport,
  ScenarioResult,
} from "../report.ts";
import { isExcused, isSuppressed, scenarioFindings } from "../report.ts";
import { rootCauseByFinding } from "../root-causes.ts";
import { coverageJunitProperties } from "./coverage-text.ts";
import { bySeverity, exchangeErrorLine, findingLines, formatValue, worstFinding } from "./finding-text.ts";

type XmlNode = Record<string, unknown>;

/** Options of `renderJunitXml`. */
export interface JunitOptions extends RedactOptions {
  /** The run's `--fail-on` (default error): with warning, unsuppressed warnings are failures, as in the exit code. */
  failOn?: "error" | "warning";
}

/** Under `--fail-on warning`, a testcase that passed with unsuppressed warnings becomes a failure. */
function failOnWarnings(entry: Entry, findings: readonly Finding[], failOn: "error" | "warning"): Entry {
  if (failOn !== "warning" || entry.outcome !== undefined || entry.node.failure !== undefined) return entry;
  const warnings = findings.filter((f) => f.severity === "warning" && !isSuppressed(f));
  if (warnings.length === 0) return entry;
  const worst = warnings[0]!;
  const { ["system-out"]: _out, ...node } = entry.node;
  node.failure = {
    "@_message": oneLine(`${warnings.length} warning(s) with --fail-on warning: ${worst.title}`),
    "@_type": worst.ruleId,
    "#text": findingsText(findings),
  };
  return { ...entry, node, outcome: "failures" };
}
type Outcome = "failures" | "errors" | "skipped" | undefined;
/** A testcase, its outcome, its suite when not the default one, and its duration for the suite total. */
type Entry = { node: XmlNode; outcome: Outcome; suite?: string; ms?: number; run?: boolean };

interface Suite {
  name: string;
  cases: XmlNode[];
  failures: number;
  errors: number;
  skipped: number;
  timeMs: number;
  /** Properties of this suite only (the run's properties are on every suite). */
  properties: XmlNode[];
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

/** Root causes by finding id, so a failure message names the bug, not only the symptom. */
type CauseOf = ReadonlyMap<string, RootCause>;

/** `[rc-1a2b3c4d] title`, or the title alone when the finding has no root cause. */
function causeMessage(title: string, worst: Finding | undefined, causeOf: CauseOf): string {
  const cause = worst === undefined ? undefined : causeOf.get(worst.id);
  return cause === undefined ? title : `[${cause.id}] ${title}`;
}

/** One line per root cause of the findings: id, title, how broad, the short repro. */
function causeLines(findings: readonly Finding[], causeOf: CauseOf): string[] {
  const causes = [...new Set(findings.flatMap((f) => causeOf.get(f.id) ?? []))];
  return causes.map(
    (c) =>
      `root cause ${c.id}: ${c.title} (${c.findings} finding(s) in ${c.variants.length + c.checks.length} scenario variant(s)/check(s))${c.repro !== undefined ? `: ${c.repro}` : ""}`,
  );
}

function scenarioCase(scenario: ScenarioResult, causeOf: CauseOf): Entry {
  const node: XmlNode = {
    "@_classname": `scim-harness.${scenario.idp}`,
    "@_name": `${scenario.id} [${scenario.variant}]`,
    "@_time": seconds(scenario.durationMs),
  };
  const findings = scenarioFindings(scenario);
  const worst = worstFinding(findings);
  const reason = scenario.reason === undefined ? [] : [`reason: ${scenario.reason}`];
  if (scenario.file !== undefined) reason.push(`file: ${scenario.file}`);

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
        "@_message": oneLine(
          causeMessage(worst?.title ?? scenario.reason ?? "scenario failed", worst, causeOf),
        ),
        "@_type": worst?.ruleId ?? "scenario-failed",
        "#text": findingsText(findings, [...causeLines(findings, causeOf), ...reason]),
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
      if (findings.length > 0) node["system-out"] = findingsText(findings, reason);
      return { node, outcome: undefined };
  }
}

/** A property's seed, path and runs as properties of the `properties` suite, named `<id>.seed` etc. */
function propertySuiteProperties(property: PropertyResult): XmlNode[] {
  const entries: [string, unknown][] = [
    ["seed", property.seed],
    ["path", property.path],
    ["numRuns", property.numRuns],
    ["numRunsRequested", property.numRunsRequested],
  ];
  return entries
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ({ "@_name": `${property.id}.${name}`, "@_value": String(value) }));
}

/** `runs: 42 of 100 (time limit 20000 ms)`: runs done of runs asked. */
export function propertyRunsText(property: PropertyResult): string {
  const limit = property.timeLimitMs === undefined ? "" : ` (time limit ${property.timeLimitMs} ms)`;
  return `runs: ${property.numRuns} of ${property.numRunsRequested}${limit}`;
}

function propertyCase(property: PropertyResult): Entry {
  const replay = `seed=${property.seed}${property.path === undefined ? "" : ` path=${property.path}`}`;
  const node: XmlNode = {
    "@_classname": "scim-harness.properties",
    "@_name": property.id,
    "@_time": seconds(0),
  };
  const details = [`${property.title}`, replay, propertyRunsText(property)];
  if (property.status === "passed") {
    node["system-out"] = findingsText(property.findings, details);
    return { node, outcome: undefined };
  }
  if (property.status === "notApplicable") {
    node.skipped = { "@_message": oneLine(`not applicable: ${property.reason ?? "no reason given"}`) };
    node["system-out"] = findingsText(property.findings, details);
    return { node, outcome: "skipped" };
  }
  if (property.reason !== undefined) details.push(`reason: ${property.reason}`);
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

function contractCase(check: ContractCheckResult, findings: readonly Finding[], causeOf: CauseOf): Entry {
  const node: XmlNode = {
    "@_classname": "scim-harness.contracts",
    "@_name": check.id,
    "@_time": seconds(check.durationMs),
  };
  const worst = worstFinding(findings);
  const details = [`${check.title} (${check.rfc}, ${check.keyword})`];
  if (check.reason !== undefined) details.push(`reason: ${check.reason}`);
  const broken = check.status === "failed" || check.status === "errored";
  if (broken && isExcused(findings)) {
    node["system-out"] = findingsText(findings, [
      ...details,
      `${check.status} as in the baseline (known/waived)`,
    ]);
    return { node, outcome: undefined };
  }
  switch (check.status) {
    case "passed":
      if (findings.length > 0) node["system-out"] = findingsText(findings, details);
      return { node, outcome: undefined };
    case "notApplicable":
      node.skipped = { "@_message": oneLine(`not applicable: ${check.reason ?? "no reason given"}`) };
      return { node, outcome: "skipped" };
    case "failed":
      node.failure = {
        "@_message": oneLine(causeMessage(worst?.title ?? `${check.title}: failed`, worst, causeOf)),
        "@_type": check.id,
        "#text": findingsText(findings, [...causeLines(findings, causeOf), ...details]),
      };
      return { node, outcome: "failures" };
    case "errored":
      node.error = {
        "@_message": oneLine(check.reason ?? worst?.title ?? "check errored"),
        "@_type": check.id,
        "#text": findingsText(findings, details),
      };
      return { node, outcome: "errors" };
  }
}

/** One testcase per contract check, with the findings it names; a missing finding id is shown as such. */
function contractCases(report: RunReport, causeOf: CauseOf): (Entry & { findingIds: readonly string[] })[] {
  const byId = new Map(report.findings.map((finding) => [finding.id, finding]));
  return (report.contracts ?? []).map((check) => {
    const findings = check.findingIds.flatMap((id) => byId.get(id) ?? []);
    const entry = {
      ...contractCase(check, findings, causeOf),
      ms: check.durationMs,
      findingIds: check.findingIds,
    };
    const missing = check.findingIds.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      const note = `finding(s) not in the report: ${missing.join(", ")}`;
      entry.node["system-err"] = note;
    }
    return entry;
  });
}

function runCases(report: RunReport): Entry[] {
  const cases: Entry[] = [];
  const base = { "@_classname": "scim-harness.run", "@_time": seconds(0) };
  // Findings a contract check names are reported by that check's testcase, not again here.
  const claimed = new Set((report.contracts ?? []).flatMap((check) => check.findingIds));
  const findings = report.findings.filter((finding) => !claimed.has(finding.id));
  if (findings.length > 0) {
    const node: XmlNode = { ...base, "@_name": "run-level findings" };
    const worst = worstFinding(findings);
    if (worst?.severity === "error") {
      const text = findingsText(findings);
      node.failure = { "@_message": oneLine(worst.title), "@_type": worst.ruleId, "#text": text };
    } else node["system-out"] = findingsText(findings);
    cases.push({ node, outcome: worst?.severity === "error" ? "failures" : undefined, run: true });
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
    suite = { name, cases: [], failures: 0, errors: 0, skipped: 0, timeMs: 0, properties: [] };
    suites.set(name, suite);
  }
  suite.cases.push(entry.node);
  suite.timeMs += ms;
  if (entry.outcome !== undefined) suite[entry.outcome] += 1;
}

/** Renders the report (redacted first) as JUnit XML; XML-1.0-invalid characters become `\uXXXX`. */
export function renderJunitXml(report: RunReport, options: JunitOptions): string {
  const safe = redact(report, options.secrets);
  const failOn = options.failOn ?? "error";
  const suites = new Map<string, Suite>();
  const causeOf = rootCauseByFinding(safe.rootCauses ?? []);
  for (const scenario of safe.scenarios) {
    const entry = failOnWarnings(scenarioCase(scenario, causeOf), scenarioFindings(scenario), failOn);
    addCase(suites, scenario.idp, entry, scenario.durationMs);
  }
  const byId = new Map(safe.findings.map((finding) => [finding.id, finding]));
  for (const entry of contractCases(safe, causeOf)) {
    const findings = entry.findingIds.flatMap((id) => byId.get(id) ?? []);
    addCase(suites, "contracts", failOnWarnings(entry, findings, failOn), entry.ms);
  }
  for (const property of safe.properties ?? []) {
    addCase(suites, "properties", propertyCase(property));
    suites.get("properties")?.properties.push(...propertySuiteProperties(property));
  }
  const claimed = new Set((safe.contracts ?? []).flatMap((check) => check.findingIds));
  const runFindings = safe.findings.filter((finding) => !claimed.has(finding.id));
  for (const entry of runCases(safe))
    addCase(
      suites,
      entry.suite ?? "run",
      entry.run === true ? failOnWarnings(entry, runFindings, failOn) : entry,
    );

  const all = [...suites.values()];
  const total = (pick: (suite: Suite) => number) => all.reduce((sum, suite) => sum + pick(suite), 0);
  const props = [
    { "@_name": "seed", "@_value": String(safe.run.seed) },
    { "@_name": "run.id", "@_value": safe.run.id },
    { "@_name": "target.kind", "@_value": safe.target.kind },
    ...(safe.target.url === undefined ? [] : [{ "@_name": "target.url", "@_value": safe.target.url }]),
    ...coverageJunitProperties(safe.coverage),
  ];
  const document = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    testsuites: {
      "@_name": "scim-harness",
      "@_tests": total((s) => s.cases.length),
      "@_failures": total((s) => s.failures),
      "@_errors": total((s) => s.errors),
      "@_time": seconds(safe.run.durationMs),
      testsuite: all.map((suite) => ({
        "@_name": suite.name,
        "@_tests": suite.cases.length,
        "@_failures": suite.failures,
        "@_errors": suite.errors,
        "@_skipped": suite.skipped,
        "@_time": seconds(suite.timeMs),
        "@_timestamp": safe.run.startedAt,
        properties: { property: [...props, ...suite.properties] },
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
