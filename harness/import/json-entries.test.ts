import { expect, it } from "vitest";
import { readJsonEntries } from "./json-entries.ts";

const HAR = [["log", "entries"]] as const;

it("reads log.entries of a complete HAR and a bare array", () => {
  expect(readJsonEntries('{"log":{"entries":[{"a":1},{"b":2}]}}', HAR)).toEqual({
    entries: [
      { index: 0, value: { a: 1 } },
      { index: 1, value: { b: 2 } },
    ],
    complete: true,
    root: { log: { entries: [{ a: 1 }, { b: 2 }] } },
  });
  expect(readJsonEntries("[1]", [["value"]])?.entries).toEqual([{ index: 0, value: 1 }]);
});

it("returns undefined for JSON of another shape and for text that is not JSON", () => {
  expect(readJsonEntries('{"hello":"world"}', HAR)).toBeUndefined();
  expect(readJsonEntries("PK\u0003\u0004 binary", HAR)).toBeUndefined();
});

it("salvages the complete entries of a file cut off in the middle of an entry", () => {
  const text = '{"log":{"version":"1.2","entries":[{"x":"a,]}"},{"y":[1,{"z":2}]},{"w":"cut her';
  const read = readJsonEntries(text, HAR);
  expect(read?.complete).toBe(false);
  expect(read?.damage).toBe("the file ends inside entry 2");
  expect(read?.entries).toEqual([
    { index: 0, value: { x: "a,]}" } },
    { index: 1, value: { y: [1, { z: 2 }] } },
    { index: 2, error: "truncated: the file ends inside this entry (at byte 66)" },
  ]);
});

it("salvages a minified Graph array with one broken element and keeps reading after it", () => {
  const text = '[{"changeId":"c1"},{"changeId":"c2",},{"changeId":"c3"}';
  const read = readJsonEntries(text, [["value"]]);
  expect(read?.entries.map((e) => e.value ?? "broken")).toEqual([
    { changeId: "c1" },
    "broken",
    { changeId: "c3" },
  ]);
  expect(read?.entries[1]?.error).toMatch(/^not valid JSON: /);
  expect(read?.damage).toBe("the file ends inside the array after 3 entries");
});

it("handles escaped quotes inside strings while scanning", () => {
  const read = readJsonEntries('{"value":[{"r":"say \\"}\\" ok"},{"r":2}', [["value"]]);
  expect(read?.entries.map((e) => e.value)).toEqual([{ r: 'say "}" ok' }, { r: 2 }]);
});
