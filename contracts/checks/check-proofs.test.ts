/**
 * "A check that never fails is a defect": every catalogued check must fail against a server broken in the
 * one way it is about (proof tables in ./proofs/).
 */
import { expect, it } from "vitest";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { CheckProof } from "../test-support/broken-target.ts";
import { CONTRACT_CHECKS } from "./catalogue.ts";
import { CHECK_PROOFS } from "./proofs/index.ts";
import { runContractSuite } from "./run-contract-suite.ts";

it("every catalogued check has a broken server that must fail it", () => {
  const proven = new Set(CHECK_PROOFS.map((p) => p.check));
  expect(CONTRACT_CHECKS.filter((c) => !proven.has(c.id)).map((c) => c.id)).toEqual([]);
  expect(
    CHECK_PROOFS.filter((p) => !CONTRACT_CHECKS.some((c) => c.id === p.check)).map((p) => p.check),
  ).toEqual([]);
});

it.each(CHECK_PROOFS.map((p) => [p.check, p.broken, p] as const))(
  "%s fails when the server %s",
  async (id, _broken, proof: CheckProof) => {
    const target = await startBrokenTarget(proof);
    try {
      const result = await runContractSuite({ target, only: [id], timeoutMs: 5_000 });
      expect(result.checks.map((c) => [c.id, c.status, c.reason])).toEqual([[id, "failed", undefined]]);
      const failing = result.findings.filter(
        (f) => f.ruleId === id && (f.severity === "error" || f.severity === "warning"),
      );
      expect(failing.length).toBeGreaterThan(0);
      expect(failing[0]!.rfc).toMatch(/^RFC \d{4} §/);
    } finally {
      await target.stop();
    }
  },
);
