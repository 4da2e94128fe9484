import { expect, it } from "vitest";
import { valueDiff } from "./html-diff.ts";

/** The diff's lines as text (markup and entities gone). */
function text(diff: ReturnType<typeof valueDiff>): string[] {
  if (diff === "") return [];
  const pre = /<pre>([^]*)<\/pre>/.exec(diff.value)?.[1] ?? "";
  return pre
    .replace(/<[^>]*>/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .split("\n");
}

it("marks what only expected has with - and what only actual has with +, removals first", () => {
  expect(text(valueDiff({ userName: "a", active: false }, { userName: "a", active: true }))).toEqual([
    "  {",
    '    "userName": "a",',
    '-   "active": false',
    '+   "active": true',
    "  }",
  ]);
  expect(text(valueDiff(204, 200))).toEqual(["- 204", "+ 200"]);
});

it("folds long unchanged runs and keeps three lines of context", () => {
  const expected = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
  const lines = text(valueDiff(expected, { ...expected, k10: "ten" }));
  expect(lines).toContain('-   "k10": 10,');
  expect(lines).toContain('+   "k10": "ten",');
  expect(lines.filter((l) => l === "  …")).toHaveLength(2);
  expect(lines).toHaveLength(2 + 3 + 2 + 3);
});

it("gives no diff for values of different kinds, equal values or a missing side", () => {
  expect(valueDiff("active eq false", { active: true })).toBe("");
  expect(valueDiff({ a: [1, 2] }, { a: [1, 2] })).toBe("");
  expect(valueDiff(undefined, true)).toBe("");
});

it("escapes the values", () => {
  const diff = valueDiff({ x: "<script>" }, { x: "<b>" });
  expect(diff === "" ? "" : diff.value).not.toMatch(/<script>|<b>/);
});
