import { expect, it } from "vitest";
import { counterexampleOf, saveCounterexample } from "./counterexample.ts";

it("refuses to save a result that has no counterexample", async () => {
  const passed = {
    id: "property.filters",
    title: "t",
    status: "passed" as const,
    seed: 1,
    numRuns: 3,
    numRunsRequested: 3,
    findings: [],
  };
  expect(counterexampleOf(passed)).toBeUndefined();
  await expect(saveCounterexample(passed, "/nonexistent")).rejects.toThrow(
    "property.filters has no counterexample (status passed)",
  );
});

it("refuses to write a counterexample that is not a valid scenario", async () => {
  const broken = {
    id: "property.patch",
    title: "t",
    status: "failed" as const,
    seed: 2,
    numRuns: 1,
    numRunsRequested: 1,
    findings: [],
    counterexample: { case: "x", scenario: { id: "Not Valid", title: "t", idp: "entra", steps: [] } },
  };
  await expect(saveCounterexample(broken, "/nonexistent")).rejects.toThrow(/patch-2\.yaml/);
});
