import { expect, it } from "vitest";
import { redact } from "./redact.ts";
import { FIXTURE_TOKEN, fixtureReport } from "./report.fixtures.ts";

const CANARY = "canary-7Hq2xZ9pLk";

function occurrences(value: unknown, needle: string): number {
  return JSON.stringify(value).split(needle).length - 1;
}

it("removes a configured canary from headers, bodies, curl, messages, nested arrays and keys", () => {
  const input = {
    request: {
      headers: { "X-Trace": `trace ${CANARY}`, Authorization: `Bearer ${CANARY}` },
      body: `{"userName":"ada","note":"${CANARY}"}`,
    },
    curl: `curl -H 'X-Custom: ${CANARY}' https://scim.example.com/Users`,
    findings: [{ message: `saw ${CANARY} twice: ${CANARY}`, actual: [[1, [`deep ${CANARY}`]]] }],
    logs: [`url=https://scim.example.com/?q=${encodeURIComponent(CANARY)}`],
    [`key-${CANARY}`]: true,
  };
  expect(occurrences(input, CANARY)).toBe(9);
  const out = redact(input, [CANARY]);
  expect(occurrences(out, CANARY)).toBe(0);
  expect(out.findings[0]?.message).toBe("saw [REDACTED] twice: [REDACTED]");
  expect(out.curl).toBe("curl -H 'X-Custom: [REDACTED]' https://scim.example.com/Users");
  expect(out.request.body).toBe('{"userName":"ada","note":"[REDACTED]"}');
  expect(Object.keys(out)).toContain("key-[REDACTED]");
});

it("leaves the input untouched and returns a copy", () => {
  const input = { headers: { authorization: "Bearer abcdefgh" }, list: [{ a: 1 }] };
  const out = redact(input, []);
  expect(input.headers.authorization).toBe("Bearer abcdefgh");
  expect(out).not.toBe(input);
  expect(out.list[0]).not.toBe(input.list[0]);
  expect(out.list).toEqual([{ a: 1 }]);
});

it("redacts credential headers case-insensitively and keeps the scheme word", () => {
  const out = redact(
    {
      AUTHORIZATION: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
      "proxy-authorization": "Basic dXNlcjpwYXNz",
      Cookie: "session=abc; theme=dark",
      "set-cookie": ["sid=1; HttpOnly", "x=2"],
      "X-API-KEY": "k-123",
      "Content-Type": "application/scim+json",
    },
    [],
  );
  expect(out).toEqual({
    AUTHORIZATION: "Bearer [REDACTED]",
    "proxy-authorization": "Basic [REDACTED]",
    Cookie: "[REDACTED]",
    "set-cookie": "[REDACTED]",
    "X-API-KEY": "[REDACTED]",
    "Content-Type": "application/scim+json",
  });
});

it("redacts Bearer tokens inside free text but not the prose 'Bearer token'", () => {
  expect(redact("sent Bearer abc.def-ghi_123= then stopped", [])).toBe("sent Bearer [REDACTED] then stopped");
  expect(redact("missing Bearer token in request", [])).toBe("missing Bearer token in request");
});

it("redacts header lines in curl commands and raw HTTP, including Basic and cookies", () => {
  const curl = `curl -H 'Authorization: Basic dXNlcjpwYXNz' -H "Cookie: sid=42" -H 'Accept: */*' https://h/Users`;
  expect(redact(curl, [])).toBe(
    `curl -H 'Authorization: Basic [REDACTED]' -H "Cookie: [REDACTED]" -H 'Accept: */*' https://h/Users`,
  );
  expect(redact("GET /Users HTTP/1.1\r\nX-Api-Key: abcd\r\nHost: h\r\n", [])).toBe(
    "GET /Users HTTP/1.1\r\nX-Api-Key: [REDACTED]\r\nHost: h\r\n",
  );
});

it("redacts secret JSON properties in objects and in serialised bodies, keeping formatting", () => {
  const out = redact(
    {
      expected: { userName: "ada", Password: "hunter22", nested: [{ client_secret: "cs", access_token: 5 }] },
      body: '{\n  "userName": "ada",\n  "password" : "p\\"w",\n  "TOKEN": 12345\n}',
      message: 'value was {\\"secret\\":\\"shh\\",\\"ok\\":1}',
    },
    [],
  );
  expect(out.expected).toEqual({
    userName: "ada",
    Password: "[REDACTED]",
    nested: [{ client_secret: "[REDACTED]", access_token: "[REDACTED]" }],
  });
  expect(out.body).toBe('{\n  "userName": "ada",\n  "password" : "[REDACTED]",\n  "TOKEN": "[REDACTED]"\n}');
  expect(out.message).toBe('value was {\\"secret\\":\\"[REDACTED]\\",\\"ok\\":1}');
});

it("redacts secret fields in query strings, form bodies and URL userinfo", () => {
  expect(redact("https://h/cb?code=1&access_token=xyz&x=2", [])).toBe(
    "https://h/cb?code=1&access_token=[REDACTED]&x=2",
  );
  expect(redact("grant_type=client_credentials&client_secret=s3cr3t", [])).toBe(
    "grant_type=client_credentials&client_secret=[REDACTED]",
  );
  expect(redact("target https://admin:pa55@scim.example.com/v2", [])).toBe(
    "target https://admin:[REDACTED]@scim.example.com/v2",
  );
});

it("replaces JSON-escaped and URL-encoded forms of a secret and ignores secrets under 4 characters", () => {
  const secret = 'a"b c/d';
  const out = redact(
    [JSON.stringify({ note: secret }), `q=${encodeURIComponent(secret)}`, "abc ab"],
    [secret, "ab"],
  );
  expect(out).toEqual(['{"note":"[REDACTED]"}', "q=[REDACTED]", "abc ab"]);
});

it("replaces the longer of two overlapping secrets whole", () => {
  expect(redact("x=abcd1234", ["abcd", "abcd1234"])).toBe("x=[REDACTED]");
});

it("is idempotent", () => {
  const once = redact(fixtureReport(), [FIXTURE_TOKEN]);
  expect(redact(once, [FIXTURE_TOKEN])).toEqual(once);
});

it("leaves no fixture token anywhere in a redacted report", () => {
  const report = fixtureReport();
  expect(occurrences(report, FIXTURE_TOKEN)).toBeGreaterThan(10);
  const out = redact(report, []);
  expect(occurrences(out, FIXTURE_TOKEN)).toBe(0);
  expect(out.scenarios[0]?.exchanges[0]?.request.headers.Authorization).toBe("Bearer [REDACTED]");
  expect(out.scenarios[1]?.exchanges[1]?.request.body).toBe(report.scenarios[1]?.exchanges[1]?.request.body);
});

it("copies cycles as cycles instead of recursing forever", () => {
  const node: { name: string; self?: unknown; list: unknown[] } = { name: "Bearer abcdefgh", list: [] };
  node.self = node;
  node.list.push(node);
  const out = redact(node, []);
  expect(out.name).toBe("Bearer [REDACTED]");
  expect(out.self).toBe(out);
  expect(out.list[0]).toBe(out);
  expect(out).not.toBe(node);
});

it("keeps numbers, booleans, null and undefined", () => {
  expect(redact({ a: 1, b: false, c: null, d: undefined, password: null }, ["xxxx"])).toEqual({
    a: 1,
    b: false,
    c: null,
    d: undefined,
    password: null,
  });
});

it("keeps the $SCIM_TOKEN placeholder of curl lines, which is not a credential", () => {
  const curl = `curl -X GET 'http://h/Users' -H "Authorization: Bearer $SCIM_TOKEN"`;
  expect(redact(curl, ["s3cret-token"])).toBe(curl);
  expect(redact(`-H "Authorization: Bearer s3cret-token"`, [])).toBe(`-H "Authorization: Bearer [REDACTED]"`);
});

it("keeps a placeholder of any valid shell variable name (--token-env my_token), braced or not", () => {
  for (const name of ["my_token", "scim_Token2", "_t", "OKTA_SCIM"]) {
    for (const ref of [`$${name}`, `\${${name}}`]) {
      const curl = `curl -X GET 'http://h/Users' -H "Authorization: Bearer ${ref}"`;
      expect(redact(curl, ["s3cret-token"])).toBe(curl);
      expect(redact({ headers: { Authorization: `Bearer ${ref}` } }, [])).toEqual({
        headers: { Authorization: `Bearer ${ref}` },
      });
    }
  }
  // Not a shell variable name: a credential-like value, redacted.
  for (const value of ["$1abc", "$my-token", "${my_token", "$my_token extra"]) {
    expect(redact(`-H "Authorization: Bearer ${value}"`, [])).not.toContain(value);
  }
});

it("never lets a configured token through a placeholder: a token equal to a variable name, or starting with $", () => {
  // --token-env abcd1234 holding the value abcd1234: the name is the secret, so it goes too.
  expect(redact(`-H "Authorization: Bearer $abcd1234"`, ["abcd1234"])).toBe(
    `-H "Authorization: Bearer [REDACTED]"`,
  );
  expect(redact({ Authorization: "Bearer $abcd1234" }, ["abcd1234"])).toEqual({
    Authorization: "Bearer [REDACTED]",
  });
  // A token that itself looks like a placeholder.
  const dollar = "$abc_tok3n";
  for (const text of [`Authorization: Bearer ${dollar}`, `{"note":"sent ${dollar}"}`, `x=${dollar}`]) {
    expect(redact(text, [dollar])).not.toContain(dollar);
    expect(redact(text, [dollar])).not.toContain("abc_tok3n");
  }
  // A token containing the variable's name does not turn into a placeholder either.
  expect(redact(`Authorization: Bearer $my_token_9f`, ["my_token_9f"])).toBe(
    "Authorization: Bearer [REDACTED]",
  );
});
