import { expect, it } from "vitest";
import { assertJsonMediaType, jsonDepth, readJsonBody } from "./read-body.ts";
import type { ScimRequest } from "./scim-exchange.ts";

const req = (body: string, contentType = "application/scim+json"): ScimRequest => ({
  method: "POST",
  url: new URL("http://sp.test/scim/v2/Users"),
  headers: { "content-type": contentType },
  body: new TextEncoder().encode(body),
});

it("accepts SCIM and plain JSON media types, utf-8 only", () => {
  expect(() => assertJsonMediaType("application/scim+json")).not.toThrow();
  expect(() => assertJsonMediaType("Application/JSON; Charset=UTF-8")).not.toThrow();
  expect(() => assertJsonMediaType("application/xml")).toThrow(expect.objectContaining({ status: 415 }));
  expect(() => assertJsonMediaType(undefined)).toThrow(expect.objectContaining({ status: 415 }));
  expect(() => assertJsonMediaType("application/json; charset=utf-16")).toThrow(
    expect.objectContaining({ status: 415 }),
  );
});

it("reads JSON, keeping a __proto__ key as an own property", () => {
  const body = readJsonBody(req('{"__proto__": {"polluted": true}, "a": 1}')) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["__proto__", "a"]);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
});

it("refuses deep nesting and oversize bodies", () => {
  const deep = "[".repeat(100) + "]".repeat(100);
  expect(jsonDepth(JSON.parse(deep))).toBeGreaterThan(64);
  expect(() => readJsonBody(req(deep))).toThrow(
    expect.objectContaining({ status: 400, scimType: "invalidSyntax" }),
  );
  expect(() => readJsonBody(req('{"a": "0123456789"}'), 10)).toThrow(
    expect.objectContaining({ status: 413 }),
  );
});
