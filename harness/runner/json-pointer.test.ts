import { expect, it } from "vitest";
import { getByPointer, jsonEqual } from "./json-pointer.ts";

const doc = { Resources: [{ id: "a/b", "x~y": 1 }], totalResults: 1, "a/b": true };

it("reads RFC 6901 pointers with ~0 and ~1 escapes and array indexes", () => {
  expect(getByPointer(doc, "")).toBe(doc);
  expect(getByPointer(doc, "/totalResults")).toBe(1);
  expect(getByPointer(doc, "/Resources/0/id")).toBe("a/b");
  expect(getByPointer(doc, "/Resources/0/x~0y")).toBe(1);
  expect(getByPointer(doc, "/a~1b")).toBe(true);
});

it("gives undefined for missing paths, bad indexes and inherited properties", () => {
  expect(getByPointer(doc, "/Resources/1/id")).toBeUndefined();
  expect(getByPointer(doc, "/Resources/01")).toBeUndefined();
  expect(getByPointer(doc, "/nothing/deeper")).toBeUndefined();
  expect(getByPointer(doc, "/constructor")).toBeUndefined();
});

it("compares JSON structurally, ignoring key order but not array order", () => {
  expect(jsonEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
  expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  expect(jsonEqual(null, {})).toBe(false);
});
