import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import type { ExchangeRequest } from "./exchange.ts";
import { redactAuthorization, redactIntent, shellQuote, toCurl } from "./exchange.ts";

const accept = { Accept: "application/scim+json, application/json" };
const curlOf = (request: ExchangeRequest) => toCurl({ request });

it("renders a GET with the token as $SCIM_TOKEN and an empty User-Agent", () => {
  expect(
    curlOf({
      method: "GET",
      url: "https://sp.test/scim/Users?filter=userName+eq+%22a%22",
      headers: { ...accept, Authorization: "Bearer [REDACTED]" },
    }),
  ).toBe(
    `curl -X GET 'https://sp.test/scim/Users?filter=userName+eq+%22a%22'` +
      ` -H 'Accept: application/scim+json, application/json' -H "Authorization: Bearer $SCIM_TOKEN" -H 'User-Agent:'`,
  );
});

it("renders a PATCH body with quotes escaped and keeps a sent User-Agent", () => {
  expect(
    curlOf({
      method: "PATCH",
      url: "http://127.0.0.1:3000/Users/1",
      headers: { ...accept, "Content-Type": "application/scim+json", "User-Agent": "ua/1" },
      body: `{"value":"it's"}`,
    }),
  ).toBe(
    `curl -X PATCH 'http://127.0.0.1:3000/Users/1' -H 'Accept: application/scim+json, application/json'` +
      ` -H 'Content-Type: application/scim+json' -H 'User-Agent: ua/1' --data-raw '{"value":"it'\\''s"}'`,
  );
});

it("suppresses curl's default Accept and Content-Type when none were sent, and adds --globoff for brackets", () => {
  expect(
    curlOf({
      method: "POST",
      url: 'http://h/Users?attributes=emails[type+eq+"work"]',
      headers: { Authorization: "Basic [REDACTED]" },
      body: "{",
    }),
  ).toBe(
    `curl --globoff -X POST 'http://h/Users?attributes=emails[type+eq+"work"]'` +
      ` -H "Authorization: Basic $SCIM_TOKEN" -H 'Accept:' -H 'User-Agent:' -H 'Content-Type:' --data-raw '{'`,
  );
});

it("sends an empty body as --data-raw ''", () => {
  expect(curlOf({ method: "PUT", url: "http://h/x", headers: accept, body: "" })).toBe(
    `curl -X PUT 'http://h/x' -H 'Accept: application/scim+json, application/json'` +
      ` -H 'User-Agent:' -H 'Content-Type:' --data-raw ''`,
  );
});

it("quotes for POSIX shells so sh gives back the exact text", () => {
  expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  const nasty = `a'b"c $HOME \`x\` \\ \n'' end`;
  expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(nasty)}`], { encoding: "utf8" })).toBe(nasty);
});

it("redacts credentials but keeps the scheme", () => {
  expect(redactAuthorization("Bearer abc.def")).toBe("Bearer [REDACTED]");
  expect(redactAuthorization("Basic dXNlcjpwYXNz")).toBe("Basic [REDACTED]");
  expect(redactAuthorization("rawtoken")).toBe("[REDACTED]");
  expect(redactAuthorization("Bearer ")).toBe("[REDACTED]");
});

it("redacts tokens from an intent's auth override and Authorization header, leaving the original intact", () => {
  const intent = {
    label: "rotated",
    method: "GET" as const,
    path: "/Users",
    auth: { token: "abc" },
    headers: { authorization: "Bearer abc", ADSCIMVersion: "5.0" },
  };
  expect(redactIntent(intent)).toEqual({
    label: "rotated",
    method: "GET",
    path: "/Users",
    auth: { token: "[REDACTED]" },
    headers: { authorization: "Bearer [REDACTED]", ADSCIMVersion: "5.0" },
  });
  expect(intent.auth.token).toBe("abc");
  expect(redactIntent({ label: "n", method: "GET", path: "/", auth: "none" }).auth).toBe("none");
});

it("names the run's token variable (--token-env) instead of $SCIM_TOKEN", () => {
  expect(
    toCurl({
      request: { method: "GET", url: "http://h/Users", headers: { Authorization: "Bearer [REDACTED]" } },
      tokenVariable: "OKTA_SCIM_TOKEN",
    }),
  ).toBe(
    `curl -X GET 'http://h/Users' -H "Authorization: Bearer $OKTA_SCIM_TOKEN" -H 'Accept:' -H 'User-Agent:'`,
  );
});
