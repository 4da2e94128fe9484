import { expect, it } from "vitest";
import { applyBaseline, globMatch, isWaiverExpired } from "./baseline.ts";
import { fixtureReport } from "./report.fixtures.ts";
import type { Finding, RunReport } from "./report.ts";
import { exitCodeFor } from "./report.ts";

const TODAY = new Date("2025-06-01T12:00:00Z");

function disableStep(report: RunReport) {
  const step = report.scenarios[1]?.steps[1];
  if (step === undefined) throw new Error("fixture changed");
  return step;
}

function extra(ruleId: string, message: string): Finding {
  return { id: "fx", ruleId, severity: "error", title: "t", message, exchangeIds: [] };
}

it("marks every finding known when the baseline is the same run, lists nothing fixed, and exits 0", () => {
  const out = applyBaseline(fixtureReport(), { baseline: fixtureReport(), baselineFile: "old.json" });
  expect(disableStep(out).findings.map((f) => f.baseline)).toEqual(["known", "known"]);
  expect(out.baseline).toEqual({
    file: "old.json",
    new: 0,
    known: 2,
    waived: 0,
    fixed: [],
    expiredWaivers: [],
  });
  expect(exitCodeFor(fixtureReport(), "error")).toBe(1);
  expect(exitCodeFor(out, "error")).toBe(0);
});

it("matches across runs although run prefixes, uuids, ports and durations differ", () => {
  const old = fixtureReport();
  disableStep(old).findings[0]!.message =
    "user scimh-a1b2c3-2-entra-disable-alice@example.com (id 3f0c2a9e-1b7d-4c55-9a0e-1d2c3b4a5f60) at http://127.0.0.1:41234 after 812ms";
  const now = fixtureReport();
  disableStep(now).findings[0]!.message =
    "user scimh-ffee00-7-entra-disable-alice@example.com (id 9d8c7b6a-5f4e-4d3c-8b2a-190817161514) at http://127.0.0.1:50999 after 1.20s";
  const out = applyBaseline(now, { baseline: old });
  expect(disableStep(out).findings[0]!.baseline).toBe("known");
});

it("a new finding fails the run; a baseline finding no longer produced is listed as fixed", () => {
  const old = fixtureReport();
  const now = fixtureReport();
  disableStep(now).findings.splice(1, 1); // the content-type warning is gone
  disableStep(now).findings.push(extra("entra.patch-applied", "The PATCH was ignored"));
  const out = applyBaseline(now, { baseline: old });
  expect(disableStep(out).findings.map((f) => [f.ruleId, f.baseline])).toEqual([
    ["patch-active-boolean", "known"],
    ["entra.patch-applied", "new"],
  ]);
  expect(out.baseline?.fixed.map((f) => [f.ruleId, f.scenarioId, f.variant])).toEqual([
    ["content-type-scim-json", "entra-disable-user", "default"],
  ]);
  expect(out.baseline).toMatchObject({ new: 1, known: 1, waived: 0 });
  expect(exitCodeFor(out, "error")).toBe(1);
});

it("counts a finding twice only if the baseline had it twice", () => {
  const now = fixtureReport();
  const twin = { ...disableStep(now).findings[0]!, id: "f1b" };
  disableStep(now).findings.push(twin);
  const out = applyBaseline(now, { baseline: fixtureReport() });
  expect(disableStep(out).findings.map((f) => f.baseline)).toEqual(["known", "known", "new"]);
});

it("treats the same rule in another variant or step as new", () => {
  const now = fixtureReport();
  now.scenarios[1]!.variant = "aadOptscim062020=true";
  const out = applyBaseline(now, { baseline: fixtureReport() });
  expect(disableStep(out).findings.map((f) => f.baseline)).toEqual(["new", "new"]);
  expect(out.baseline?.fixed).toHaveLength(2);
});

it("waives findings matched by rule and scenario globs, with the reason, and exits 0", () => {
  const out = applyBaseline(fixtureReport(), {
    waivers: [
      { rule: "patch-*", scenario: "entra-*", reason: "vendor ticket ACME-12", expires: "2025-06-01" },
      { rule: "content-type-scim-json", reason: "accepted: JSON is fine for us" },
    ],
    waiverFile: "scim-harness.waivers.yaml",
    today: TODAY,
  });
  const [first, second] = disableStep(out).findings;
  expect(first).toMatchObject({
    baseline: "waived",
    waiver: { rule: "patch-*", scenario: "entra-*", reason: "vendor ticket ACME-12", expires: "2025-06-01" },
  });
  expect(second?.waiver?.reason).toBe("accepted: JSON is fine for us");
  expect(out.baseline).toMatchObject({ waiverFile: "scim-harness.waivers.yaml", waived: 2, new: 0 });
  expect(exitCodeFor(out, "warning")).toBe(0);
});

it("does not waive when the scenario glob does not match", () => {
  const out = applyBaseline(fixtureReport(), {
    waivers: [{ rule: "*", scenario: "jumpcloud-*", reason: "x" }],
    today: TODAY,
  });
  expect(disableStep(out).findings.map((f) => f.baseline)).toEqual(["new", "new"]);
});

it("an expired waiver no longer applies, even to a baseline finding, and says so", () => {
  const waiver = { rule: "patch-active-boolean", reason: "until the fix ships", expires: "2025-05-31" };
  const out = applyBaseline(fixtureReport(), {
    baseline: fixtureReport(),
    waivers: [waiver],
    today: TODAY,
  });
  const [first, second] = disableStep(out).findings;
  expect(first?.baseline).toBe("new");
  expect(first?.waiver).toEqual({ ...waiver, expired: true });
  expect(second?.baseline).toBe("known");
  expect(out.baseline?.expiredWaivers).toEqual([{ ...waiver, expired: true }]);
  expect(exitCodeFor(out, "error")).toBe(1);
});

it("waiver expiry is inclusive of its last day (UTC)", () => {
  expect(isWaiverExpired({ rule: "r", reason: "x", expires: "2025-06-01" }, TODAY)).toBe(false);
  expect(isWaiverExpired({ rule: "r", reason: "x", expires: "2025-05-31" }, TODAY)).toBe(true);
  expect(isWaiverExpired({ rule: "r", reason: "x" }, TODAY)).toBe(false);
});

it("globs: * and ? are wildcards, everything else is literal, and the whole id must match", () => {
  expect(globMatch("entra.*", "entra.patch-applied")).toBe(true);
  expect(globMatch("entra.*", "xentra.patch")).toBe(false);
  expect(globMatch("a.b", "axb")).toBe(false);
  expect(globMatch("b?", "b1")).toBe(true);
  expect(globMatch("b?", "b12")).toBe(false);
  expect(globMatch("scenario.expect.(state)", "scenario.expect.(state)")).toBe(true);
});

it("does not change the input report", () => {
  const report = fixtureReport();
  applyBaseline(report, { baseline: fixtureReport() });
  expect(disableStep(report).findings[0]!.baseline).toBeUndefined();
  expect(report.baseline).toBeUndefined();
});
