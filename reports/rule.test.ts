import { expect, it } from "vitest";
import { bestGrade, defineRule, findingSeverity, severityFor } from "./rule.ts";

it("decides severity from the keyword and the evidence grade", () => {
  expect(severityFor({ rfc: "RFC 7644 §3.3", keyword: "MUST" }, undefined)).toBe("error");
  expect(severityFor({ rfc: "RFC 7644 §3.3", keyword: "MUST" }, "D")).toBe("error");
  expect(severityFor({ keyword: "SHOULD" }, undefined)).toBe("warning");
  expect(severityFor({ keyword: "SHOULD", idpImpact: "fails" }, "A")).toBe("error");
  expect(severityFor({ keyword: "SHOULD", idpImpact: "fails" }, "C")).toBe("error");
  // A hypothesis (grade D) never fails a run on its own.
  expect(severityFor({ keyword: "SHOULD", idpImpact: "fails" }, "D")).toBe("warning");
  expect(severityFor({ idpImpact: "fails" }, "D")).toBe("warning");
  expect(severityFor({ keyword: "MUST", idpImpact: "fails" }, "D")).toBe("warning");
  expect(severityFor({ idpImpact: "degrades" }, "A")).toBe("warning");
  expect(severityFor({ keyword: "MAY" }, "A")).toBe("info");
  expect(severityFor({ record: true }, undefined)).toBe("info");
});

it("takes the strongest grade, and lets only a documented override change a finding's severity", () => {
  expect(bestGrade(["C", undefined, "B", "D"])).toBe("B");
  expect(bestGrade([undefined])).toBeUndefined();
  const plain = defineRule({ id: "x.plain", title: "t", area: "http", source: { keyword: "MUST" } });
  const overridable = defineRule({ ...plain, id: "x.over", severityOverride: "status findings" });
  expect(findingSeverity(plain, "info")).toBe("error");
  expect(findingSeverity(overridable, "info")).toBe("info");
  expect(findingSeverity(overridable, undefined)).toBe("error");
  expect(() => defineRule({ ...plain, id: "Not An Id" })).toThrow(TypeError);
});
