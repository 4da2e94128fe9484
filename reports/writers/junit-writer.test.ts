import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  FIXTURE_TOKEN,
  contractFixtureReport,
  fixtureReport,
  fullFixtureReport,
} from "../report.fixtures.ts";
import { applyBaseline } from "../baseline.ts";
import { groupRootCauses } from "../root-causes.ts";
import { renderJunitXml, xmlSafe } from "./junit-writer.ts";

type XmlNode = Record<string, unknown>;
type ParsedSuite = XmlNode & { testcase: XmlNode[] };
type Root = XmlNode & { testsuite: ParsedSuite[] };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
});

function parse(xml: string): { testsuites: Root } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as { testsuites: Root };
}

/** The `<testsuites>` attributes, with `skipped` summed over the suites (the schema allows it on each suite only). */
function totals(xml: string): Root {
  const root = parse(xml).testsuites;
  return { ...root, skipped: String(root.testsuite.reduce((n, s) => n + Number(s.skipped), 0)) };
}

function suite(xml: string, name: string): ParsedSuite {
  const found = parse(xml).testsuites.testsuite.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no suite ${name}`);
  return found;
}

it("groups scenarios into one suite per IdP with correct counts", () => {
  const xml = renderJunitXml(fixtureReport(), { secrets: [] });
  const root = totals(xml);
  expect(root).toMatchObject({ name: "scim-harness", tests: "3", failures: "1", errors: "0", skipped: "1" });
  expect(root.time).toBe("1.400");
  expect(root.testsuite.map((s) => s.name)).toEqual(["entra", "jumpcloud"]);
  expect(suite(xml, "entra")).toMatchObject({
    tests: "2",
    failures: "1",
    errors: "0",
    skipped: "0",
    time: "1.298",
  });
  expect(suite(xml, "jumpcloud")).toMatchObject({ tests: "1", failures: "0", errors: "0", skipped: "1" });
});

it("names each testcase after the scenario id and variant, with time in seconds", () => {
  const cases = suite(renderJunitXml(fixtureReport(), { secrets: [] }), "entra").testcase;
  expect(cases.map((c) => [c.classname, c.name, c.time])).toEqual([
    ["scim-harness.entra", "entra-create-user [default]", "0.048"],
    ["scim-harness.entra", "entra-disable-user [default]", "1.250"],
  ]);
  expect(cases[0]?.failure).toBeUndefined();
});

it("puts the worst finding in the failure attributes and all findings with curl in its body", () => {
  const failed = suite(renderJunitXml(fixtureReport(), { secrets: [] }), "entra").testcase[1];
  const failure = failed?.failure as Record<string, string>;
  expect(failure.message).toBe("active stayed true after PATCH");
  expect(failure.type).toBe("patch-active-boolean");
  const body = failure["#text"] ?? "";
  expect(body).toContain(
    "[error] patch-active-boolean: active stayed true after PATCH (RFC 7644 §3.5.2.3) [S2] B1",
  );
  expect(body).toContain("expected: false");
  expect(body).toContain("actual:   true");
  expect(body).toContain(
    "curl -X GET 'http://127.0.0.1:41234/scim/v2/Users/u-1' -H 'Authorization: Bearer [REDACTED]'",
  );
  expect(body.indexOf("[error]")).toBeLessThan(body.indexOf("[warning] content-type-scim-json"));
});

it("marks notApplicable as skipped with its reason", () => {
  const skipped = suite(renderJunitXml(fixtureReport(), { secrets: [] }), "jumpcloud").testcase[0];
  expect(skipped?.skipped).toEqual({ message: "not applicable: target does not support Groups" });
});

it("reports errored scenarios, properties, run-level findings and an incomplete run", () => {
  const xml = renderJunitXml(fullFixtureReport(), { secrets: [] });
  expect(totals(xml)).toMatchObject({ tests: "8", failures: "2", errors: "2", skipped: "1" });
  const errored = suite(xml, "entra").testcase[2];
  expect(errored?.name).toBe("entra-get-user [aadOptscim062020=true]");
  expect(errored?.error).toMatchObject({ message: "connection refused", type: "target-reachable" });
  expect((errored?.error as Record<string, string>)["#text"]).toContain(
    "exchange e7 (get): connectionRefused: connect ECONNREFUSED 127.0.0.1:41234",
  );

  const properties = suite(xml, "properties");
  expect(properties).toMatchObject({ tests: "2", failures: "1", errors: "0" });
  expect(properties.testcase[1]?.failure).toMatchObject({
    message: "counterexample found (seed=8 path=3:1:0)",
  });

  const run = suite(xml, "run");
  expect(run).toMatchObject({ tests: "2", failures: "0", errors: "1" });
  expect(run.testcase[0]?.["system-out"]).toContain(
    "[warning] service-provider-config: No /ServiceProviderConfig",
  );
  expect(run.testcase[1]?.error).toEqual({ message: "run incomplete: SIGINT" });
});

it("carries the seed as a suite property", () => {
  const props = suite(renderJunitXml(fixtureReport(), { secrets: [] }), "entra").properties as {
    property: XmlNode[];
  };
  expect(props.property).toContainEqual({ name: "seed", value: "424242" });
});

it("survives hostile content: markup, ]]>, quotes, NUL, escape and emoji round-trip or become visible", () => {
  const report = fixtureReport();
  const hostile = `<b>&amp; "q" 'a' ]]> \u0000\u001b end 😀`;
  const finding = report.scenarios[1]?.steps[1]?.findings[0];
  if (finding === undefined) throw new Error("fixture changed");
  finding.title = hostile;
  finding.message = `line1\n${hostile}`;
  report.scenarios[1]!.variant = `v"<&>`;
  const xml = renderJunitXml(report, { secrets: [] });
  expect(xml).not.toContain("\u0000");
  expect(xml).not.toContain("<b>");
  const failed = suite(xml, "entra").testcase[1];
  expect(failed?.name).toBe(`entra-disable-user [v"<&>]`);
  const failure = failed?.failure as Record<string, string>;
  expect(failure.message).toBe(`<b>&amp; "q" 'a' ]]> \\u0000\\u001b end 😀`);
  expect(failure["#text"]).toContain(`line1\n  <b>&amp; "q" 'a' ]]> \\u0000\\u001b end 😀`);
});

it("redacts before rendering", () => {
  const report = fixtureReport();
  report.scenarios[1]!.steps[1]!.findings[0]!.message = "leaked topsecret-42";
  const xml = renderJunitXml(report, { secrets: ["topsecret-42"] });
  expect(xml).not.toContain(FIXTURE_TOKEN);
  expect(xml).not.toContain("topsecret-42");
  expect(xml).toContain("leaked [REDACTED]");
});

it("xmlSafe keeps tab, newline, CR and astral characters and escapes the rest", () => {
  expect(xmlSafe("a\tb\nc\rd😀")).toBe("a\tb\nc\rd😀");
  expect(xmlSafe("\u0001\u0008\u000b\u000c\u001f\ufffe\uffff\ud800x")).toBe(
    "\\u0001\\u0008\\u000b\\u000c\\u001f\\ufffe\\uffff\\ud800x",
  );
});

it("does not fail a scenario whose findings are all known, and lists fixed findings in a baseline suite", () => {
  const old = fixtureReport();
  old.findings.push({
    id: "g",
    ruleId: "gone.rule",
    severity: "error",
    title: "Gone",
    message: "m",
    exchangeIds: [],
  });
  const xml = renderJunitXml(applyBaseline(fixtureReport(), { baseline: old }), { secrets: [] });
  const root = totals(xml);
  expect(root).toMatchObject({ tests: "4", failures: "0", errors: "0", skipped: "1" });
  const disable = suite(xml, "entra").testcase[1]!;
  expect(disable.failure).toBeUndefined();
  expect(String(disable["system-out"])).toContain("failed as in the baseline (known/waived)");
  expect(String(disable["system-out"])).toContain(
    "[error] patch-active-boolean: active stayed true after PATCH (RFC 7644 §3.5.2.3) [S2] B1 [known]",
  );
  const fixed = suite(xml, "baseline").testcase;
  expect(fixed.map((c) => [c.classname, c.name])).toEqual([
    ["scim-harness.baseline", "fixed: gone.rule in run"],
  ]);
});

it("a new error next to a known warning still fails, and the body tags each", () => {
  const now = fixtureReport();
  now.scenarios[1]!.steps[1]!.findings[0]!.message = "a different problem";
  const xml = renderJunitXml(applyBaseline(now, { baseline: fixtureReport() }), { secrets: [] });
  const failure = suite(xml, "entra").testcase[1]?.failure as Record<string, string>;
  expect(failure["#text"]).toContain(
    "[error] patch-active-boolean: active stayed true after PATCH (RFC 7644 §3.5.2.3) [S2] B1 [new]",
  );
  expect(failure["#text"]).toContain(
    "[warning] content-type-scim-json: Response Content-Type is not application/scim+json (RFC 7644 §3.1) [S1] [known]",
  );
});

describe("contract checks and properties", () => {
  const xml = () => renderJunitXml(contractFixtureReport(), { secrets: [] });

  it("adds one testcase per contract check and counts every suite in the totals", () => {
    expect(totals(xml())).toMatchObject({ tests: "13", failures: "3", errors: "3", skipped: "3" });
    const contracts = suite(xml(), "contracts");
    expect(contracts).toMatchObject({ tests: "4", failures: "1", errors: "1", skipped: "1", time: "0.046" });
    expect(contracts.testcase.map((c) => [c.classname, c.name, c.time])).toEqual([
      ["scim-harness.contracts", "rfc7644.filter.eq", "0.015"],
      ["scim-harness.contracts", "rfc7644.filter.and", "0.022"],
      ["scim-harness.contracts", "rfc7644.bulk.create", "0.000"],
      ["scim-harness.contracts", "rfc7644.etag.if-match", "0.009"],
    ]);
  });

  it("a failed check carries its findings, a notApplicable one is skipped with the reason, an errored one is an error", () => {
    const [passed, failed, notApplicable, errored] = suite(xml(), "contracts").testcase;
    expect(passed?.failure ?? passed?.error ?? passed?.skipped).toBeUndefined();
    const failure = failed?.failure as Record<string, string>;
    expect(failure).toMatchObject({ message: "Filter `and` matches like `or`", type: "rfc7644.filter.and" });
    expect(failure["#text"]).toContain("Filter and (RFC 7644 §3.4.2.2, MUST)");
    expect(failure["#text"]).toContain(
      "[error] rfc7644.filter.and: Filter `and` matches like `or` (RFC 7644 §3.4.2.2)",
    );
    expect(notApplicable?.skipped).toEqual({
      message: "not applicable: bulk.supported is false in /ServiceProviderConfig",
    });
    expect(errored?.error).toMatchObject({
      message: "setup failed: POST /Users answered 500",
      type: "rfc7644.etag.if-match",
    });
    expect((errored?.error as Record<string, string>)["#text"]).toContain(
      "[warning] rfc7644.etag.if-match: Check could not run: If-Match",
    );
  });

  it("does not report a contract check's findings a second time in the run suite", () => {
    const run = suite(xml(), "run");
    expect(run.testcase.map((c) => c.name)).toEqual(["run-level findings", "run completeness"]);
    const out = String(run.testcase[0]?.["system-out"]);
    expect(out).toContain("[warning] service-provider-config");
    expect(out).not.toContain("rfc7644.");
    expect(run.testcase[0]?.failure).toBeUndefined();
  });

  it("a failed check whose findings are all known does not fail; one citing a missing finding says so", () => {
    const report = contractFixtureReport();
    report.findings.find((f) => f.id === "c1")!.baseline = "known";
    report.contracts![0]!.findingIds = ["c99"];
    const [passed, failed] = suite(renderJunitXml(report, { secrets: [] }), "contracts").testcase;
    expect(failed?.failure).toBeUndefined();
    expect(String(failed?.["system-out"])).toContain("failed as in the baseline (known/waived)");
    expect(passed?.["system-err"]).toBe("finding(s) not in the report: c99");
  });

  it("gives each property its seed and runs done of asked; a not-applicable property is skipped with its reason", () => {
    const properties = suite(xml(), "properties");
    expect(properties).toMatchObject({ tests: "3", failures: "1", errors: "0", skipped: "1" });
    const [passed, failed, notApplicable] = properties.testcase;
    const suiteProperties = (properties.properties as { property: XmlNode[] }).property;
    const ofProperty = (id: string) => suiteProperties.filter((p) => String(p.name).startsWith(`${id}.`));
    expect(ofProperty(String(passed?.name))).toEqual([
      { name: `${String(passed?.name)}.seed`, value: "7" },
      { name: `${String(passed?.name)}.numRuns`, value: "100" },
      { name: `${String(passed?.name)}.numRunsRequested`, value: "100" },
    ]);
    expect(String(passed?.["system-out"])).toContain("seed=7\nruns: 100 of 100");
    expect((failed?.failure as Record<string, string>)["#text"]).toContain(
      "seed=8 path=3:1:0\nruns: 42 of 100 (time limit 20000 ms)",
    );
    expect(notApplicable?.skipped).toEqual({ message: "not applicable: the target does not serve /Groups" });
    expect(String(notApplicable?.["system-out"])).toContain("runs: 0 of 100 (time limit 20000 ms)");
    expect(ofProperty(String(notApplicable?.name))).toContainEqual({
      name: `${String(notApplicable?.name)}.numRuns`,
      value: "0",
    });
  });
});

it("names the root cause in a failed scenario's failure message and text", () => {
  const report = fixtureReport();
  report.rootCauses = groupRootCauses(report);
  const cause = report.rootCauses.find((c) => c.severity === "error");
  expect(cause).toBeDefined();
  const xml = renderJunitXml(report, { secrets: [FIXTURE_TOKEN] });
  expect(xml).toMatch(new RegExp(`<failure message="\\[${cause!.id}\\] `));
  expect(xml).toContain(`root cause ${cause!.id}: `);
  // Without root causes (an older report) the message is the finding's title, as before.
  expect(renderJunitXml(fixtureReport(), { secrets: [FIXTURE_TOKEN] })).not.toContain("root cause rc-");
});
