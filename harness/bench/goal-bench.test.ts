import { expect, it } from "vitest";
import { formatGoals } from "./goal-bench.ts";

it("formatGoals marks each goal met or not, with its value next to the goal", () => {
  const text = formatGoals([
    {
      label: "harness / autocannon",
      value: 0.93,
      goal: "≥ 0.8",
      met: true,
      unit: "",
      detail: "930 vs 1000 req/s",
    },
    { label: "fake RSS", value: 312.4, goal: "< 300", met: false, unit: " MB", detail: "after seeding" },
  ]);
  expect(text).toMatch(/✓ harness \/ autocannon\s+0\.93\s+goal ≥ 0\.8\s+\(930 vs 1000 req\/s\)/);
  expect(text).toMatch(/✗ fake RSS\s+312\.40 MB\s+goal < 300 MB/);
});
