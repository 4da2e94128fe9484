import { describe, expect, it } from "vitest";
import type { Finding, RunReport, ScenarioResult } from "../../reports/index.ts";
import { compareWithDeviations, failuresOf, parseDeviationFile, type DeviationFile } from "./deviations.ts";

const finding = (ruleId: string, message: string, severity: Finding["severity"] = "error"): Finding => ({
  id: "f",
  ruleId,
  severity,
  title: ruleId,
  message,
  exchangeIds: [],
});

const scenario = (id: string, variant: string, findings: Finding[], extra: Partial<ScenarioResult> = {}) =>
  ({
    id,
    title: id,
    idp: "entra",
    variant,
    tags: [],
    status: findings.length > 0 ? "failed" : "passed",
    durationMs: 1,
    steps: [
      {
        index: 0,
        action: "disableUser",
        inferred: false,
        status: "failed",
        durationMs: 1,
        exchangeIds: [],
        findings,
      },
    ],
    exchanges: [],
    findings: [],
    ...extra,
  }) as ScenarioResult;

function report(): RunReport {
  return {
    schemaVersion: 2,
    tool: { name: "scim-harness", version: "0" },
    run: { id: "r", startedAt: new Date(0).toISOString(), durationMs: 1, seed: 1, incomplete: false },
    target: { kind: "url" },
    summary: {
      scenarios: { total: 0, passed: 0, failed: 0, errored: 0, notApplicable: 0 },
      findings: { error: 0, warning: 0, info: 0 },
      exchanges: 0,
    },
    scenarios: [
      scenario("entra/e5-disable", "disableVariant=a", [
        finding("entra.user-patch-2xx", "PATCH /Users/0a4cc2b8-6158-428d-849f-65ab9217a2dc → 400"),
        finding("entra.note", "informational", "info"),
      ]),
      scenario("entra/e5-disable", "disableVariant=d", [finding("entra.user-patch-2xx", "→ 400")]),
      scenario("regressions/b17", "default", [], {
        status: "failed",
        steps: [
          {
            index: 1,
            action: "request",
            inferred: false,
            status: "errored",
            reason: "${b17} is not defined",
            durationMs: 1,
            exchangeIds: [],
            findings: [],
          },
        ],
      }),
    ],
    findings: [finding("rfc7644.create.location-header", "POST → 201 has no Location header")],
    properties: [
      {
        id: "property.patch",
        title: "p",
        status: "failed",
        seed: 1,
        numRuns: 1,
        numRunsRequested: 5,
        findings: [finding("property.patch", "PATCH → 400: it uses the IdP form(s) string-boolean")],
      },
    ],
  };
}

const file = (over: Partial<DeviationFile> = {}): DeviationFile => ({
  server: "test",
  deviations: [
    {
      rules: ["entra.user-patch-2xx"],
      in: ["entra/e5-disable"],
      message: "→ 400",
      does: "rejects",
      reason: "r",
    },
    { rules: ["rfc7644.create.*"], in: ["contracts"], does: "no Location", reason: "RFC 7644 §3.3" },
    { rules: ["property.patch"], in: ["property.patch"], message: "string-boolean", does: "d", reason: "r" },
  ],
  harnessFaults: [
    { rules: ["step.errored"], in: ["regressions/b17 [default]"], does: "d", reason: "r", fixedBy: "x" },
  ],
  ...over,
});

describe("failuresOf", () => {
  it("lists failing findings by place, errored steps by reason, and leaves info out", () => {
    expect(failuresOf(report())).toEqual([
      {
        rule: "rfc7644.create.location-header",
        where: "contracts",
        message: "POST → 201 has no Location header",
      },
      {
        rule: "entra.user-patch-2xx",
        where: "entra/e5-disable [disableVariant=a]",
        message: "PATCH /Users/<uuid> → 400",
      },
      { rule: "entra.user-patch-2xx", where: "entra/e5-disable [disableVariant=d]", message: "→ 400" },
      {
        rule: "property.patch",
        where: "property.patch",
        message: "PATCH → 400: it uses the IdP form(s) string-boolean",
      },
      { rule: "step.errored", where: "regressions/b17 [default]", message: "step 1: ${b17} is not defined" },
    ]);
  });

  it("counts a failed scenario without a failing finding, and an errored property", () => {
    const r = report();
    r.scenarios = [scenario("x/y", "default", [], { status: "failed", reason: "odd" })];
    r.properties = [
      {
        id: "property.stateful",
        title: "s",
        status: "errored",
        seed: 1,
        numRuns: 0,
        numRunsRequested: 5,
        findings: [],
      },
    ];
    r.findings = [];
    expect(failuresOf(r).map((f) => [f.rule, f.where])).toEqual([
      ["scenario.failed", "x/y [default]"],
      ["property.errored", "property.stateful"],
    ]);
  });
});

describe("compareWithDeviations", () => {
  it("accepts a run whose failures are all listed and whose entries all match", () => {
    expect(compareWithDeviations(failuresOf(report()), file())).toEqual({
      unlisted: [],
      stale: [],
      covered: { deviations: 4, harnessFaults: 1 },
    });
  });

  it("counts a failure both lists cover as a harness fault", () => {
    const f = file();
    f.harnessFaults.push({
      rules: ["entra.user-patch-2xx"],
      in: ["entra/e5-disable [disableVariant=d]"],
      does: "d",
      reason: "r",
      fixedBy: "x",
    });
    expect(compareWithDeviations(failuresOf(report()), f)).toMatchObject({
      unlisted: [],
      stale: [],
      covered: { deviations: 3, harnessFaults: 2 },
    });
  });

  it("reports a failure that no entry covers", () => {
    const r = report();
    r.findings.push(finding("rfc7644.filter.not", "→ 400"));
    expect(compareWithDeviations(failuresOf(r), file()).unlisted).toEqual([
      { rule: "rfc7644.filter.not", where: "contracts", message: "→ 400" },
    ]);
  });

  it("does not let an entry cover a failure whose message differs", () => {
    const r = report();
    r.properties![0]!.findings[0]!.message = "members are {u1, u1}";
    const { unlisted, stale } = compareWithDeviations(failuresOf(r), file());
    expect(unlisted.map((f) => f.rule)).toEqual(["property.patch"]);
    expect(stale).toEqual(['deviations[2] (property.patch "string-boolean"): matches no failure any more']);
  });

  it("pins an entry by a regular expression over the message when one substring cannot", () => {
    const r = report();
    const f = file();
    f.deviations[2] = { ...f.deviations[2]!, message: undefined, matches: "^PATCH → 400: .*string-boolean$" };
    expect(compareWithDeviations(failuresOf(r), f)).toMatchObject({ unlisted: [], stale: [] });
    f.deviations[2] = { ...f.deviations[2]!, matches: "^GET " };
    expect(compareWithDeviations(failuresOf(r), f).unlisted.map((u) => u.rule)).toEqual(["property.patch"]);
    expect(() =>
      parseDeviationFile(
        "server: s\ndeviations:\n  - { rules: [a], in: [b], does: d, reason: r, matches: '(' }\nharnessFaults: []\n",
      ),
    ).toThrow(/not a regular expression/);
  });

  it("does not call an entry that only some seeds meet stale, and still lets it cover its failures", () => {
    const r = report();
    const f = file();
    f.deviations[2] = { ...f.deviations[2]!, someSeeds: "only some generated cases send it" };
    f.deviations.push({
      rules: ["entra.filtered-replace-no-target"],
      in: ["property.patch"],
      does: "d",
      reason: "r",
      someSeeds: "only some generated cases send it",
    });
    expect(compareWithDeviations(failuresOf(r), f)).toMatchObject({ unlisted: [], stale: [] });
    r.properties![0]!.findings = [];
    expect(compareWithDeviations(failuresOf(r), f).stale).toEqual([]);
  });

  it("reports an entry, a place of an entry and a rule of an entry that no longer fail", () => {
    const r = report();
    r.findings = [];
    r.scenarios = r.scenarios.filter((s) => s.variant !== "disableVariant=d");
    const f = file();
    f.deviations[0] = {
      ...f.deviations[0]!,
      in: ["entra/e5-disable [disableVariant=a]", "entra/e6-reassign"],
    };
    f.deviations[0].rules.push("scenario.expect.state");
    expect(compareWithDeviations(failuresOf(r), f).stale).toEqual([
      'deviations[0] (entra.user-patch-2xx, scenario.expect.state "→ 400"): nothing fails in entra/e6-reassign any more',
      'deviations[0] (entra.user-patch-2xx, scenario.expect.state "→ 400"): rule scenario.expect.state no longer fails',
      "deviations[1] (rfc7644.create.*): matches no failure any more",
    ]);
  });
});

describe("parseDeviationFile", () => {
  it("rejects an entry without its reason, and unknown keys", () => {
    expect(() =>
      parseDeviationFile("server: s\ndeviations:\n  - { rules: [a], in: [b], does: c }\nharnessFaults: []\n"),
    ).toThrow(/reason/);
    expect(() => parseDeviationFile("server: s\ndeviations: []\nharnessFaults: []\nnote: x\n")).toThrow();
    expect(() =>
      parseDeviationFile(
        "server: s\ndeviations: []\nharnessFaults:\n  - { rules: [a], in: [b], does: c, reason: d }\n",
      ),
    ).toThrow(/fixedBy/);
  });
});
