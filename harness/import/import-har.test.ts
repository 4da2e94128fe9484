import { expect, it } from "vitest";
import { parseScenario } from "../scenario/load-scenario.ts";
import { ImportError } from "./import-error.ts";
import { importHar } from "./import-har.ts";

const BASE = "https://app.example.net/scim/v2";
const TOKEN = "Bearer s3cr3t-token-value-1234567890";
const USER_ID = "11111111-2222-4333-8444-555555555555";
const GROUP_ID = "99999999-8888-4777-8666-555555555555";

function har(entries: object[]): string {
  return JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries } });
}

function x(method: string, url: string, status: number, body?: object, response?: object) {
  return {
    startedDateTime: "2025-11-18T09:00:00.000Z",
    time: 12.4,
    request: {
      method,
      url,
      headers: [
        { name: "Authorization", value: TOKEN },
        { name: "Cookie", value: "sid=abcdef123456" },
        { name: "If-Match", value: 'W/"3"' },
      ],
      ...(body ? { postData: { mimeType: "application/scim+json", text: JSON.stringify(body) } } : {}),
    },
    response: {
      status,
      headers: [{ name: "Set-Cookie", value: "sid=zzz" }],
      content: response ? { mimeType: "application/scim+json", text: JSON.stringify(response) } : { size: 0 },
    },
  };
}

it("never writes tokens or cookies, and drops an If-Match version no recorded response showed", () => {
  const { scenario, yaml, warnings } = importHar(
    har([x("GET", `${BASE}/ServiceProviderConfig`, 200, undefined, {})]),
  );
  expect(yaml).not.toMatch(/s3cr3t|sid=|Authorization:|Cookie:/);
  // Another SP has other versions: the recorded W/"3" would be a false 412 (RFC 7644 §3.14).
  expect(scenario.steps[0]).not.toHaveProperty("headers");
  expect(yaml).toContain(
    '# If-Match: W/"3" dropped: no recorded response showed this version of the resource, so the replay cannot know it',
  );
  expect(warnings).toEqual([
    "credentials dropped, never written: Authorization, Cookie",
    "versions no recorded response body showed, dropped (the replay cannot know them): entries[0] If-Match",
  ]);
});

it("captures ids from POST and list responses and uses them as ${var} in later paths and bodies", () => {
  const { scenario } = importHar(
    har([
      x("GET", `${BASE}/Users?filter=userName+eq+%22bo%40contoso.com%22`, 200, undefined, {
        totalResults: 1,
        Resources: [{ id: USER_ID, userName: "bo@contoso.com" }],
      }),
      x("POST", `${BASE}/Groups`, 201, { displayName: "Eng" }, { id: GROUP_ID, displayName: "Eng" }),
      x("PATCH", `${BASE}/Groups/${GROUP_ID}`, 204, {
        Operations: [{ op: "Add", path: "members", value: [{ value: USER_ID }] }],
      }),
    ]),
    { keepPii: true },
  );
  const [lookup, post, patch] = scenario.steps;
  expect(lookup).toMatchObject({
    path: "/Users?filter=userName+eq+%22${runPrefix}-bo%40contoso.com%22",
    capture: { u1: "/Resources/0/id" },
  });
  expect(post).toMatchObject({ body: { displayName: "${runPrefix}-Eng" }, capture: { g1: "/id" } });
  expect(patch).toMatchObject({
    path: "/Groups/${g1}",
    body: { Operations: [{ op: "Add", path: "members", value: [{ value: "${u1}" }] }] },
    // Recorded 204; RFC 7644 §3.5.2 allows 200 with the resource as well.
    expect: { status: [200, 204] },
  });
});

it("adds a read-back after a write the HAR never reads, expecting the written values as SCIM types", () => {
  const { scenario, yaml } = importHar(
    har([
      x("POST", `${BASE}/Users`, 201, { userName: "bo@contoso.com" }, { id: USER_ID }),
      x("PATCH", `${BASE}/Users/${USER_ID}`, 200, {
        Operations: [
          { op: "Replace", path: "active", value: "False" },
          { op: "replace", value: { title: "Engineer", "name.givenName": "Bo" } },
        ],
      }),
    ]),
  );
  expect(scenario.steps[2]).toEqual({
    do: "request",
    method: "GET",
    path: "/Users/${u1}",
    title: "Read back /Users/${u1} (inferred)",
    expect: {
      status: [200],
      body: { "/active": false, "/title": "Engineer", "/name/givenName": expect.any(String) },
    },
  });
  expect(scenario.steps[2]?.expect?.body?.["/name/givenName"]).not.toBe("Bo");
  expect(yaml).toContain("# inferred: not in the HAR; reads back what the PATCH above set (RFC 7644 §3.5.2)");
  expect(parseScenario(yaml, "h.yaml")).toEqual(scenario);
});

it("skips other bases, non-SCIM and preflight entries, and requests without a response get no status", () => {
  const { scenario, skipped, warnings } = importHar(
    har([
      x("GET", `${BASE}/Users`, 200),
      x("GET", `${BASE}/Users/${USER_ID}`, 0),
      x("OPTIONS", `${BASE}/Users`, 204),
      x("GET", "https://other.example.org/scim/Users", 200),
      x("GET", "https://app.example.net/login", 302),
      { request: { method: "GET" } },
    ]),
  );
  expect(scenario.steps.map((s) => ("expect" in s ? s.expect : undefined))).toEqual([
    { status: [200] },
    undefined,
  ]);
  expect(skipped).toEqual([
    {
      entry: "entries[2]",
      reason: "OPTIONS is not a SCIM method (OPTIONS https://app.example.net/scim/v2/Users)",
    },
    { entry: "entries[4]", reason: "not a SCIM request (GET https://app.example.net/login)" },
    { entry: "entries[5]", reason: "no request.method / request.url: not a HAR entry" },
    {
      entry: "entries[3]",
      reason: "another SCIM base (https://other.example.org/scim, not https://app.example.net/scim/v2)",
    },
  ]);
  expect(warnings[0]).toMatch(/^entries\[1\]: id [0-9a-f-]{36} was never returned by a recorded response/);
});

it("salvages a truncated HAR and names the entry that was cut", () => {
  const text = har([x("GET", `${BASE}/Users`, 200), x("GET", `${BASE}/Groups`, 200)]);
  const cut = text.slice(0, text.lastIndexOf("/Groups"));
  const { scenario, skipped } = importHar(cut, { fileName: "cut.har" });
  expect(scenario.steps).toHaveLength(1);
  expect(skipped).toEqual([
    { entry: "entries[1]", reason: expect.stringMatching(/^truncated: the file ends inside this entry/) },
  ]);
});

it("rejects files that are not HAR, or hold no SCIM request, with an ImportError", () => {
  expect(() => importHar('{"value":[{"provisioningAction":"create"}]}', { fileName: "log.json" })).toThrow(
    new ImportError(
      "log.json",
      "not a HAR file: no log.entries array (HAR 1.2 has { log: { entries: [...] } })",
    ),
  );
  expect(() => importHar(har([x("GET", "https://app.example.net/", 200)]), { fileName: "web.har" })).toThrow(
    "web.har: no SCIM request in the HAR (paths with /Users, /Groups, …)",
  );
  expect(() => importHar("<html>", { fileName: "page.har" })).toThrow(/^page\.har: not a HAR file/);
});

it("raw steps expect every status RFC 7644 allows for the request, and a recorded error its class where the RFC fixes it", () => {
  const users = `${BASE}/Users`;
  const user = `${users}/${USER_ID}`;
  const error = (scimType?: string) => ({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    ...(scimType ? { scimType } : {}),
  });
  const title = { Operations: [{ op: "replace", path: "title", value: "Engineer" }] };
  const { scenario, yaml } = importHar(
    har([
      x("POST", users, 201, { userName: "bo@contoso.com" }, { id: USER_ID, userName: "bo@contoso.com" }),
      x("PATCH", user, 200, title, { id: USER_ID, title: "Engineer" }),
      x("GET", user, 200, undefined, { id: USER_ID, title: "Engineer" }),
      x("PATCH", `${user}?attributes=title`, 200, title, { id: USER_ID, title: "Engineer" }),
      x("PUT", user, 200, { userName: "bo@contoso.com" }, { id: USER_ID }),
      x("POST", users, 409, { userName: "bo@contoso.com" }, error("uniqueness")),
      x("POST", users, 409, { userName: "al@contoso.com" }, error("uniqueness")),
      x("GET", `${users}?filter=title+zz+%22x%22`, 400, undefined, error("invalidFilter")),
      x("PATCH", user, 400, title, error("invalidValue")),
      x("DELETE", user, 200),
      x("GET", user, 404, undefined, error()),
      x("PATCH", user, 200, title, { id: USER_ID }),
      x("GET", users, 503, undefined, error()),
      x("POST", users, 201, { userName: "bo@contoso.com" }, { id: GROUP_ID }),
    ]),
  );
  const expected = scenario.steps.map((s) => (s.do === "request" ? [s.method, s.expect] : s.do));
  expect(expected).toEqual([
    ["POST", { status: [201] }],
    ["PATCH", { status: [200, 204] }],
    ["GET", { status: [200], body: { "/title": "Engineer" } }],
    ["PATCH", { status: [200] }], // "attributes" given: §3.5.2 MUST 200
    ["PUT", { status: [200] }],
    ["POST", { status: [409], body: { "/scimType": "uniqueness" } }], // the userName created above
    ["POST", { status: [201, 409] }], // conflicts with nothing in the recording
    ["GET", { status: [400], body: { "/scimType": "invalidFilter" } }],
    ["PATCH", { status: [400] }], // invalidValue: not fixed by the RFC for this request
    ["DELETE", { status: [204] }], // recorded 200: §3.6 says 204
    ["GET", { status: [404] }],
    ["PATCH", { status: [404] }], // recorded 200 on a deleted user: §3.6 says 404
    ["GET", { status: [503] }],
    ["POST", { status: [201] }], // the same userName again after the delete: no conflict
  ]);
  expect(yaml).toContain(
    "# expects 200 or 204: RFC 7644 §3.5.2: a PATCH answers 200 with the resource or 204 without (recorded 200)",
  );
  expect(yaml).toContain(
    "# expects 204: RFC 7644 §3.6: a delete answers 204 (recorded 200, which the RFC does not allow)",
  );
  expect(yaml).toContain("# recorded 400 invalidValue; the status is kept, the scimType is not asserted");
  expect(yaml).toContain("# recorded 503: RFC 7644 does not fix this answer, so the recorded status is kept");
  expect(parseScenario(yaml, "h.yaml")).toEqual(scenario);
});

it("takes no capture from a PATCH answer (another SP may answer 204 without a body): the id stays unknown, with a warning", () => {
  const user = `${BASE}/Users/${USER_ID}`;
  const { scenario, warnings } = importHar(
    har([
      x("PATCH", user, 200, { Operations: [{ op: "replace", path: "title", value: "A" }] }, { id: USER_ID }),
      x("GET", user, 200, undefined, { id: USER_ID }),
    ]),
  );
  expect(scenario.steps.map((s) => s.capture)).toEqual([undefined, undefined]);
  expect(JSON.stringify(scenario.steps)).not.toContain("${u1}");
  expect(warnings.filter((w) => w.includes("was never returned by a recorded response"))).toHaveLength(2);
});

it("a read of an id the recording never learned is no source for it: later uses stay unknown, with a warning, and the file loads", () => {
  const user = `${BASE}/Users/${USER_ID}`;
  const { scenario, warnings, yaml } = importHar(
    har([
      x("GET", user, 200, undefined, { id: USER_ID }),
      x("PATCH", user, 200, { Operations: [{ op: "replace", path: "title", value: "A" }] }, { id: USER_ID }),
    ]),
  );
  expect(scenario.steps.every((s) => s.capture === undefined)).toBe(true);
  expect(JSON.stringify(scenario.steps)).not.toContain("${u1}");
  expect(warnings.filter((w) => w.includes("was never returned by a recorded response"))).toHaveLength(2);
  expect(parseScenario(yaml, "imported.yaml").steps).toHaveLength(scenario.steps.length);
});
