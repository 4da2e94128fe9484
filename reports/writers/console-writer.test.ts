import { expect, it } from "vitest";
import {
  FIXTURE_TOKEN,
  contractFixtureReport,
  fixtureReport,
  fullFixtureReport,
} from "../report.fixtures.ts";
import { applyBaseline } from "../baseline.ts";
import { formatSummary } from "./console-writer.ts";

const plain = { color: false, secrets: [] };

function lines(text: string): string[] {
  return text.split("\n");
}

it("prints one line per scenario with mark, id, variant and duration", () => {
  const out = lines(formatSummary(fixtureReport(), plain));
  expect(out.slice(0, 3)).toEqual([
    " ✓ entra-create-user [default] 48ms",
    " ✗ entra-disable-user [default] 1.25s",
    " – jumpcloud-group-push [default] not applicable: target does not support Groups",
  ]);
});

it("ends with the tallies, omitting zero counts", () => {
  const out = formatSummary(fixtureReport(), plain);
  expect(out).toContain(" Scenarios  1 failed | 1 passed | 1 not applicable (3)\n");
  expect(out).toContain(" Findings   1 error | 1 warning\n");
  expect(out).toContain(" Exchanges  6\n");
  expect(out).toContain(" Seed       424242\n");
  expect(out.endsWith(" Target     fake http://127.0.0.1:41234/scim/v2\n")).toBe(true);
  expect(out).not.toContain("Properties");
});

it("details a failing scenario's findings with rule, RFC, evidence, expected/actual and curl", () => {
  const out = formatSummary(fixtureReport(), plain);
  expect(out).toContain(
    [
      " FAIL entra-disable-user [default] Entra soft-deletes a user (no flag)",
      "   1 error finding",
      "   ERROR   patch-active-boolean  active stayed true after PATCH",
      "           (RFC 7644 §3.5.2.3) [S2] B1",
      '           After {"op":"Replace","path":"active","value":"False"} the user is still active.',
      "           step 1",
      "           expected: false",
      "           actual:   true",
      "           $ curl -X GET 'http://127.0.0.1:41234/scim/v2/Users/u-1' -H 'Authorization: Bearer [REDACTED]'",
      "   WARNING content-type-scim-json  Response Content-Type is not application/scim+json",
    ].join("\n"),
  );
});

it("uses the curl of the finding's first exchange when the finding has none", () => {
  const out = formatSummary(fixtureReport(), plain);
  expect(out).toContain("           $ curl -X PATCH 'http://127.0.0.1:41234/scim/v2/Users/u-1'");
});

it("lists the worst severity first whatever the input order", () => {
  const report = fixtureReport();
  report.scenarios[1]?.steps[1]?.findings.reverse();
  const out = formatSummary(report, plain);
  expect(out.indexOf("ERROR   patch-active-boolean")).toBeLessThan(
    out.indexOf("WARNING content-type-scim-json"),
  );
});

it("covers errored scenarios, properties, run-level findings, info tallies and incomplete runs", () => {
  const out = formatSummary(fullFixtureReport(), plain);
  expect(out).toContain(" ! entra-get-user [aadOptscim062020=true] 5ms connection refused\n");
  expect(out).toContain(" ✗ property patch-idempotent (seed 8, path 3:1:0, 42 of 100 runs)\n");
  expect(out).toContain("   exchange e7 (get): connectionRefused: connect ECONNREFUSED 127.0.0.1:41234\n");
  expect(out).toContain('   counterexample: [{"op":"replace","path":"active","value":"False"}]\n');
  expect(out).toContain(
    " Run-level findings\n   WARNING service-provider-config  No /ServiceProviderConfig\n",
  );
  expect(out).toContain(" ⚠ run incomplete: SIGINT\n");
  expect(out).toContain(" Scenarios  1 failed | 1 errored | 1 passed | 1 not applicable (4)\n");
  expect(out).toContain(" Properties 1 failed | 1 passed (2)\n");
  expect(out).toContain(" Findings   1 error | 2 warning | 1 info\n");
  // info findings are tallied but not listed
  expect(out).not.toContain("target-reachable");
});

it("emits ANSI codes only when color is on", () => {
  expect(formatSummary(fixtureReport(), plain)).not.toContain("\u001b[");
  const colored = formatSummary(fixtureReport(), { color: true, secrets: [] });
  expect(colored).toContain("\u001b[32m✓\u001b[39m entra-create-user");
  expect(colored).toContain("\u001b[31m✗\u001b[39m entra-disable-user");
});

it("says none when there are no findings", () => {
  const report = fixtureReport();
  report.summary.findings = { error: 0, warning: 0, info: 0 };
  expect(formatSummary(report, plain)).toContain(" Findings   none\n");
});

it("redacts tokens and configured secrets", () => {
  const report = fixtureReport();
  report.scenarios[1]!.steps[1]!.findings[0]!.actual = { note: "pw is hunter2-xyz" };
  const out = formatSummary(report, { color: false, secrets: ["hunter2-xyz"] });
  expect(out).not.toContain(FIXTURE_TOKEN);
  expect(out).not.toContain("hunter2-xyz");
  expect(out).toContain('actual:   {"note":"pw is [REDACTED]"}');
});

it("marks a scenario that fails only with known findings, tags findings and tallies the baseline", () => {
  const out = formatSummary(applyBaseline(fixtureReport(), { baseline: fixtureReport() }), plain);
  expect(out).toContain(" ✗ entra-disable-user [default] 1.25s (known)\n");
  expect(out).toContain(" KNOWN entra-disable-user [default] Entra soft-deletes a user (no flag)\n");
  expect(out).toContain("   ERROR   patch-active-boolean  active stayed true after PATCH  [known]\n");
  expect(out).toContain(" Baseline   2 known\n");
});

it("lists fixed findings, waived ones with their reason, and expired waivers", () => {
  const old = fixtureReport();
  old.findings.push({
    id: "g",
    ruleId: "gone.rule",
    severity: "error",
    title: "Gone",
    message: "m",
    exchangeIds: [],
  });
  const report = applyBaseline(fixtureReport(), {
    baseline: old,
    waivers: [
      { rule: "content-*", reason: "vendor accepts JSON", expires: "2030-01-01" },
      { rule: "patch-*", reason: "was accepted", expires: "2025-01-31" },
    ],
    today: new Date("2025-06-01T00:00:00Z"),
  });
  const out = formatSummary(report, plain);
  expect(out).toContain(
    "   WARNING content-type-scim-json  Response Content-Type is not application/scim+json  [waived: vendor accepts JSON (until 2030-01-01)]\n",
  );
  expect(out).toContain(
    "   ERROR   patch-active-boolean  active stayed true after PATCH  [new: waiver expired 2025-01-31 (was accepted)]\n",
  );
  expect(out).toContain(" FAIL entra-disable-user");
  expect(out).toContain(" FIXED since the baseline\n   ✓ gone.rule  run: Gone\n");
  expect(out).toContain(
    " EXPIRED waiver for patch-* ended 2025-01-31: was accepted; its findings count again\n",
  );
  expect(out).toContain(" Baseline   1 new | 1 waived | 1 fixed\n");
});

it("shows the shrunk case of a property counterexample, not the whole replay scenario", () => {
  const report = fullFixtureReport();
  const property = report.properties!.find((p) => p.status === "failed")!;
  property.counterexample = {
    case: "ConcurrentAdd(0, [0, 0])",
    scenario: { id: "counterexample/x", steps: [] },
  };
  const out = formatSummary(report, plain);
  expect(out).toContain("   counterexample: ConcurrentAdd(0, [0, 0])\n");
  expect(out).not.toContain("counterexample/x");
});

it("tallies contract checks by status and shows each property's runs done of asked and why one could not run", () => {
  const out = formatSummary(contractFixtureReport(), plain);
  expect(out).toContain(" Contracts  1 failed | 1 errored | 1 passed | 1 not applicable (4)\n");
  expect(out).toContain(" Properties 1 failed | 1 passed | 1 not applicable (3)\n");
  expect(out).toContain(" ✓ property filter-roundtrip (seed 7, 100 of 100 runs)\n");
  expect(out).toContain(
    " – property property.stateful (seed 9, 0 of 100 runs) not applicable: the target does not serve /Groups\n",
  );
  // the not-applicable property is not a failure block
  expect(out).not.toContain("FAIL property property.stateful");
  expect(out).not.toContain("ERROR property property.stateful");
  expect(out).toContain("   ERROR   rfc7644.filter.and  Filter `and` matches like `or`\n");
  expect(formatSummary(fullFixtureReport(), plain)).not.toContain("Contracts");
});

it("marks in yellow a property that did fewer runs than asked", () => {
  const report = contractFixtureReport();
  const out = formatSummary(report, { color: true, secrets: [] });
  expect(out).toContain("\u001b[33m42 of 100 runs\u001b[39m");
  expect(out).not.toContain("\u001b[33m100 of 100 runs");
});
