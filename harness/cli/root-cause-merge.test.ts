/**
 * Issue #16 item 1 across suites: one bug is one root cause whichever suite finds it (scenarios, the PATCH
 * property and the stateful property all report Entra's ignored "False" under entra.patch-applied with
 * the same request shape), and two bugs stay two root causes.
 */
import { expect, it } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { gateReport } from "./test-support/gate-report.ts";

const SEED = 5;

/** The whole default gate (scenarios, contracts, properties) against a fake with these quirks. */
const gate = (quirks: string[]) => gateReport({ target: `fake:generic+${quirks.join("+")}`, seed: SEED });

const errorCauses = (report: RunReport) => (report.rootCauses ?? []).filter((c) => c.severity === "error");

it("one bug found by scenarios and both properties is one error root cause", async () => {
  const report = await gate(["active-string-ignored"]);
  expect(report.summary.findings.error).toBeGreaterThan(10);
  const causes = errorCauses(report);
  expect(
    causes.map((c) => `${c.ruleId} ${c.request.method} ${c.request.path} → ${c.request.answer}`),
  ).toEqual(["entra.patch-applied PATCH /Users/{id} → 200"]);
  const [cause] = causes;
  // The properties' findings are in it, under the IdP rule, next to the scenarios'.
  expect(cause!.checks).toEqual(["property.patch", "property.stateful"]);
  expect(cause!.variants.length).toBeGreaterThan(10);
  expect(cause!.evidence).toContain("B1");
}, 180_000);

it("two bugs stay two root causes", async () => {
  const report = await gate(["active-string-ignored", "manager-string-rejected"]);
  const causes = errorCauses(report);
  expect(causes.map((c) => `${c.ruleId} ${c.request.operation} → ${c.request.answer}`).sort()).toEqual([
    "entra.patch-applied replace active=string → 200",
    "entra.user-patch-2xx add urn:ietf:params:scim:schemas:extension:enterprise:…:User:manager=string → 400",
  ]);
  // No finding sits in both.
  const [a, b] = causes;
  expect(a!.findingIds.filter((id) => b!.findingIds.includes(id))).toEqual([]);
}, 180_000);
