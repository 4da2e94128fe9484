import { expect, it } from "vitest";
import type { ExchangeResponse } from "../http/exchange.ts";
import { captureValue } from "./capture-value.ts";

const answer = (headers: Record<string, string>, body?: unknown): ExchangeResponse => ({
  status: 201,
  headers,
  bodyText: body === undefined ? "" : JSON.stringify(body),
  ...(body !== undefined ? { body } : {}),
});

it("header:Location gives the id, the URL's last path segment, absolute or relative", () => {
  const at = (location: string) => captureValue(answer({ location }), "header:Location");
  expect(at("https://sp.example.com/scim/v2/Users/2819c223-7f76")).toBe("2819c223-7f76");
  expect(at("/scim/v2/Groups/abc/?x=1#f")).toBe("abc");
  expect(at("https://sp.example.com/scim/v2/Users/a%20b")).toBe("a b");
  expect(at("")).toBeUndefined();
  expect(captureValue(answer({}), "header:location")).toBeUndefined();
});

it("header:<Name> gives any other header as sent; a pointer still reads the body", () => {
  const response = answer({ etag: 'W/"3"' }, { id: "u1", meta: { version: 'W/"3"' } });
  expect(captureValue(response, "header:ETag")).toBe('W/"3"');
  expect(captureValue(response, "/meta/version")).toBe('W/"3"');
  expect(captureValue(response, "/id")).toBe("u1");
  expect(captureValue(answer({}), "header:ETag")).toBeUndefined();
  expect(captureValue(undefined, "header:ETag")).toBeUndefined();
});
