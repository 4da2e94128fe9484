import { expect, it } from "vitest";
import { cloneJson, findKey, isJsonObject, setOwn } from "./plain-object.ts";

it("isJsonObject accepts plain objects only", () => {
  expect(isJsonObject({})).toBe(true);
  expect(isJsonObject(Object.create(null))).toBe(true);
  expect(isJsonObject([])).toBe(false);
  expect(isJsonObject(null)).toBe(false);
  expect(isJsonObject(new Date(0))).toBe(false);
  expect(isJsonObject("x")).toBe(false);
});

it("setOwn defines __proto__ as data, leaving the prototype alone", () => {
  const target: Record<string, unknown> = {};
  setOwn(target, "__proto__", { polluted: true });
  expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  expect(Object.keys(target)).toEqual(["__proto__"]);
  expect(target["polluted"]).toBeUndefined();
});

it("cloneJson deep-copies objects and arrays", () => {
  const input = JSON.parse('{"a":[{"b":1}],"__proto__":{"c":2}}') as Record<string, unknown>;
  const copy = cloneJson(input);
  expect(copy).toEqual(input);
  expect(copy["a"]).not.toBe(input["a"]);
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  expect(copy["c"]).toBeUndefined();
});

it("findKey matches case-insensitively (RFC 7643 §2.1)", () => {
  expect(findKey({ UserName: 1 }, "username")).toBe("UserName");
  expect(findKey({ userName: 1 }, "emails")).toBeUndefined();
});
