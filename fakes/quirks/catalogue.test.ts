import { expect, it } from "vitest";
import { QUIRKS, getQuirk, quirkIds, resolveQuirks } from "./catalogue.ts";

it("lists the example quirks with their bug ids", () => {
  const table = Object.fromEntries(QUIRKS.map((q) => [q.id, q.bugIds]));
  expect(table).toMatchObject({
    "active-string-ignored": ["B1"],
    "members-remove-wipes-group": ["B4"],
    "filter-miss-404": ["B9"],
  });
});

it("every quirk has a unique id, a title, a description and at least one source", () => {
  expect(new Set(quirkIds()).size).toBe(QUIRKS.length);
  for (const quirk of QUIRKS) {
    expect(quirk.title.length).toBeGreaterThan(0);
    expect(quirk.description.length).toBeGreaterThan(0);
    expect(quirk.sources.length).toBeGreaterThan(0);
  }
});

it("getQuirk finds a quirk by id; an unknown id throws listing the valid ones", () => {
  expect(getQuirk(" filter-miss-404 ").id).toBe("filter-miss-404");
  expect(() => getQuirk("no-such-quirk")).toThrow(
    /unknown quirk "no-such-quirk"; valid quirks: .*filter-miss-404/,
  );
  expect(() => getQuirk("filter-miss-404=3")).toThrow(/takes no option/);
});

it("resolveQuirks refuses a quirk listed twice", () => {
  expect(() => resolveQuirks(["filter-miss-404", "filter-miss-404"])).toThrow(/listed twice/);
  expect(resolveQuirks(["filter-miss-404", getQuirk("active-string-ignored")]).map((q) => q.id)).toEqual([
    "filter-miss-404",
    "active-string-ignored",
  ]);
});

it("covers every bug B1–B25 of idp-behaviour.md Part 3 with at least one quirk", () => {
  const covered = new Set(QUIRKS.flatMap((q) => q.bugIds));
  const missing = Array.from({ length: 25 }, (_, i) => `B${i + 1}`).filter((b) => !covered.has(b));
  expect(missing).toEqual([]);
});

it("lists the generic faults without bug ids, each taking an option", () => {
  const faults = ["latency-fixed", "latency-random", "error-5xx-rate", "reset-rate", "hang"];
  for (const id of faults) expect(getQuirk(id).bugIds).toEqual([]);
  expect(getQuirk("latency-fixed=5").id).toBe("latency-fixed=5");
  expect(getQuirk("latency-random=1-2").hooks.onRequest).toBeTypeOf("function");
  expect(getQuirk("hang=/Groups").id).toBe("hang=/Groups");
  expect(() => getQuirk("reset-rate=2")).toThrow(TypeError);
  expect(() => getQuirk("error-5xx-rate=x")).toThrow(TypeError);
});
