/**
 * Recorded If-Match / If-None-Match headers (issue 19): a recording made against an SP whose versions were
 * W/"5", W/"6", … replays green on a fresh clean fake (its versions start at W/"1"), where the recorded
 * values verbatim are a false 412; it replays red on the fake whose meta.version never changes, and a
 * recorded 412 stays a 412.
 */
import { afterEach, expect, it } from "vitest";
import { startBrokenTarget } from "../../contracts/test-support/broken-target.ts";
import type { RunReport } from "../../reports/index.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import type { Scenario } from "../scenario/scenario-schema.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { STALE_VERSION } from "./har-versions.ts";
import { importHar } from "./import-har.ts";

const BASE = "https://app.example.net/scim/v2";
const USER_ID = "11111111-2222-4333-8444-555555555555";
const USER = `${BASE}/Users/${USER_ID}`;

const started: StartedScimTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

function entry(
  method: string,
  url: string,
  status: number,
  options: {
    body?: object;
    response?: object;
    headers?: Record<string, string>;
    etag?: string;
    location?: string;
  } = {},
) {
  return {
    startedDateTime: "2025-11-18T09:00:00.000Z",
    time: 10,
    request: {
      method,
      url,
      headers: Object.entries(options.headers ?? {}).map(([name, value]) => ({ name, value })),
      ...(options.body
        ? { postData: { mimeType: "application/scim+json", text: JSON.stringify(options.body) } }
        : {}),
    },
    response: {
      status,
      headers: [
        ...(options.etag ? [{ name: "ETag", value: options.etag }] : []),
        ...(options.location ? [{ name: "Location", value: options.location }] : []),
      ],
      content: options.response
        ? { mimeType: "application/scim+json", text: JSON.stringify(options.response) }
        : { size: 0 },
    },
  };
}

const har = (entries: object[]) =>
  JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries } });

const user = (version: string, extra: object = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: USER_ID,
  userName: "bo@contoso.com",
  meta: { resourceType: "User", version },
  ...extra,
});
const PATCH_TITLE = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", path: "title", value: "Lead" }],
};
const PUT_BODY = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bo@contoso.com" };

/** Recorded against an SP where the user was at W/"5" when created (one that counts versions globally). */
const RECORDING = har([
  entry("POST", `${BASE}/Users`, 201, { body: PUT_BODY, response: user('W/"5"'), etag: 'W/"5"' }),
  // A PUT conditional on the version the create showed.
  entry("PUT", USER, 200, {
    body: { ...PUT_BODY, title: "Engineer" },
    headers: { "If-Match": 'W/"5"' },
    response: user('W/"6"', { title: "Engineer" }),
  }),
  entry("GET", USER, 200, { response: user('W/"6"', { title: "Engineer" }) }),
  // A PATCH conditional on the version the read showed.
  entry("PATCH", USER, 200, {
    body: PATCH_TITLE,
    headers: { "If-Match": 'W/"6"' },
    response: user('W/"7"', { title: "Lead" }),
  }),
  // A PUT with the stale version of the create, refused.
  entry("PUT", USER, 412, {
    body: { ...PUT_BODY, title: "Stale" },
    headers: { "If-Match": 'W/"5"' },
    response: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "412" },
  }),
  // A version only a PATCH answer showed, and one no response showed.
  entry("GET", USER, 304, { headers: { "If-None-Match": 'W/"7"' } }),
  entry("PATCH", USER, 204, { body: PATCH_TITLE, headers: { "If-Match": 'W/"42"' } }),
]);

async function replay(
  scenario: Scenario,
  quirks: string[] = [],
  broken?: Parameters<typeof startBrokenTarget>[0],
): Promise<RunReport> {
  const target = await (broken
    ? startBrokenTarget(broken)
    : new FakeTarget({ profile: "generic", quirks }).start());
  started.push(target);
  return runScenarios({ target, variants: expandVariants(scenario, "r.yaml"), seed: 7, runId: "v1" });
}

const notPassed = (report: RunReport) =>
  report.scenarios.flatMap((s) =>
    s.steps
      .filter((st) => st.status !== "passed")
      .map((st) => [st.title, st.status, st.findings.map((f) => f.message)]),
  );

it("captures a version a create, read or PUT answer showed and sends it as ${vN}; drops versions it cannot know", () => {
  const { scenario, yaml, warnings } = importHar(RECORDING, { fileName: "versions.har" });
  expect(parseScenario(yaml, "v.yaml")).toEqual(scenario);
  const steps = scenario.steps.filter((s) => s.do === "request" && !s.title?.startsWith("Read back"));
  expect(
    steps.map((s) => [s.do === "request" && s.method, s.capture, s.do === "request" && s.headers]),
  ).toEqual([
    ["POST", { u1: "/id", v1: "/meta/version" }, undefined],
    ["PUT", undefined, { "If-Match": "${v1}" }],
    ["GET", { v2: "/meta/version" }, undefined],
    ["PATCH", undefined, { "If-Match": "${v2}" }],
    ["PUT", undefined, { "If-Match": STALE_VERSION }],
    ["GET", undefined, undefined],
    ["PATCH", undefined, undefined],
  ]);
  expect(steps[4]?.expect?.status).toEqual([412]);
  expect(scenario.appliesTo).toContain("etag");
  expect(yaml).not.toMatch(/^\s+If-(None-)?Match: W\/"\d+"/m);
  expect(yaml).toContain(
    '# If-None-Match: W/"7" dropped: only the PATCH answer of entries[3] showed it, and RFC 7644 §3.5.2 lets another SP answer 204 without a body, so the replay cannot know it',
  );
  expect(yaml).toContain("which no version of the resource carries");
  expect(warnings).toContain(
    "versions no recorded response body showed, dropped (the replay cannot know them): entries[5] If-None-Match, entries[6] If-Match",
  );
});

it("takes a version from a query's Resources, only of the same resource, and keeps If-Match: *", () => {
  const other = "99999999-8888-4777-8666-555555555555";
  const { scenario } = importHar(
    har([
      entry("GET", `${BASE}/Users?filter=userName+eq+%22bo%40contoso.com%22`, 200, {
        response: { totalResults: 1, Resources: [user('W/"5"')] },
      }),
      entry("POST", `${BASE}/Users`, 201, {
        body: { ...PUT_BODY, userName: "al@contoso.com" },
        response: { ...user('W/"5"'), id: other, userName: "al@contoso.com" },
      }),
      entry("PATCH", USER, 204, { body: PATCH_TITLE, headers: { "If-Match": 'W/"5"' } }),
      entry("PATCH", `${BASE}/Users/${other}`, 204, { body: PATCH_TITLE, headers: { "If-Match": "*" } }),
    ]),
  );
  const requests = scenario.steps.filter((s) => (s.do === "request" && s.method !== "GET") || s.capture);
  expect(requests.map((s) => [s.capture, s.do === "request" && s.headers])).toEqual([
    [{ u1: "/Resources/0/id", v1: "/Resources/0/meta/version" }, undefined],
    [{ u2: "/id" }, undefined], // the same W/"5", of another user: no source for the PATCH below
    [undefined, { "If-Match": "${v1}" }],
    [undefined, { "If-Match": "*" }],
  ]);
});

/** Recorded against an SP that shows versions only in ETag headers (W/"5"…), never in meta.version. */
const ETAG_ONLY = har([
  entry("POST", `${BASE}/Users`, 201, { body: PUT_BODY, response: { id: USER_ID }, etag: 'W/"5"' }),
  entry("PUT", USER, 200, {
    body: { ...PUT_BODY, title: "Engineer" },
    headers: { "If-Match": 'W/"5"' },
    response: { id: USER_ID, userName: "bo@contoso.com", title: "Engineer" },
    etag: 'W/"6"',
  }),
  entry("PATCH", USER, 204, { body: PATCH_TITLE, headers: { "If-Match": 'W/"6"' }, etag: 'W/"7"' }),
  entry("DELETE", USER, 204, { headers: { "If-Match": 'W/"7"' } }),
]);

it("captures a version only an ETag response header showed (header:ETag), also from a PATCH answered 204", () => {
  const { scenario, yaml, warnings } = importHar(ETAG_ONLY);
  expect(parseScenario(yaml, "v.yaml")).toEqual(scenario);
  const steps = scenario.steps.filter((s) => s.do === "request" && !s.title?.startsWith("Read back"));
  expect(
    steps.map((s) => [s.do === "request" && s.method, s.capture, s.do === "request" && s.headers]),
  ).toEqual([
    ["POST", { u1: "/id", v1: "header:ETag" }, undefined],
    ["PUT", { v2: "header:ETag" }, { "If-Match": "${v1}" }],
    ["PATCH", { v3: "header:ETag" }, { "If-Match": "${v2}" }],
    ["DELETE", undefined, { "If-Match": "${v3}" }],
  ]);
  expect(warnings.filter((w) => /version/i.test(w))).toEqual([]);
});

it("a recording whose versions came only from ETag headers replays green on a fresh fake with other versions", async () => {
  const { scenario } = importHar(ETAG_ONLY);
  const clean = await replay(scenario);
  expect(notPassed(clean)).toEqual([]);
  expect(clean.scenarios.map((s) => s.status)).toEqual(["passed"]);
  // The recorded values verbatim: the fresh fake (versions from W/"1") rightly answers 412.
  const verbatim: Scenario = {
    ...scenario,
    steps: scenario.steps.map((s) =>
      s.do === "request" && s.method === "PUT" ? { ...s, headers: { "If-Match": 'W/"5"' } } : s,
    ),
  };
  expect(notPassed(await replay(verbatim))[0]).toEqual([
    "PUT /Users/${u1} (recorded 200)",
    "failed",
    [expect.stringMatching(/expected 200, got 412$/)],
  ]);
});

/** Recorded against an SP that answered its create 201 with Location and no body (RFC 7644 §3.3 allows it). */
const LOCATION_ONLY = har([
  entry("POST", `${BASE}/Users`, 201, { body: PUT_BODY, location: USER }),
  entry("GET", USER, 200, { response: user('W/"1"') }),
  entry("PATCH", USER, 204, { body: PATCH_TITLE }),
  entry("DELETE", USER, 204),
]);

it("takes the id of a create answered 201 with only Location from that header and replays green on the clean fake", async () => {
  const { scenario, yaml, warnings } = importHar(LOCATION_ONLY);
  expect(parseScenario(yaml, "l.yaml")).toEqual(scenario);
  const [create, read] = scenario.steps;
  expect(create).toMatchObject({ method: "POST", capture: { u1: "header:Location" } });
  expect(read).toMatchObject({ method: "GET", path: "/Users/${u1}" });
  expect(warnings.filter((w) => w.includes("never returned"))).toEqual([]);
  const clean = await replay(scenario);
  expect(notPassed(clean)).toEqual([]);
  expect(clean.scenarios.map((s) => s.status)).toEqual(["passed"]);
});

it("a replay whose create answer lacks Location says so on the create and errors the step that needs the id, never fails", async () => {
  const { scenario } = importHar(LOCATION_ONLY);
  const noLocation = await replay(scenario, [], {
    broken: "201 without Location",
    hooks: {
      onResponse(_ctx, response) {
        const { location: _dropped, ...headers } = response.headers;
        return { ...response, headers };
      },
    },
  });
  const [create, ...later] = noLocation.scenarios[0]!.steps;
  expect(create!.reason).toContain("capture u1: no Location header in the answer (201)");
  // The first step that needs ${u1} could not run; the run stops the variant there (the rest skipped).
  expect(later.map((s) => [s.status, s.reason])).toEqual([
    ["errored", expect.stringContaining("${u1} is not defined")],
    ...later.slice(1).map(() => ["skipped", "step 1 (request) errored"]),
  ]);
  expect(later.flatMap((s) => s.findings)).toEqual([]);
  expect(noLocation.scenarios[0]!.status).toBe("errored");
});

it("replays green on a fresh clean fake whose versions differ from the recording, where the recorded values are a false 412", async () => {
  const { scenario } = importHar(RECORDING);
  const clean = await replay(scenario);
  expect(notPassed(clean)).toEqual([]);
  expect(clean.scenarios.map((s) => s.status)).toEqual(["passed"]);

  // The recorded values verbatim (what the import wrote before): the clean fake rightly answers 412.
  const recorded = ['W/"5"', 'W/"6"'];
  const verbatim: Scenario = {
    ...scenario,
    steps: scenario.steps.map((s) =>
      s.do === "request" && s.headers?.["If-Match"]?.startsWith("${v")
        ? { ...s, headers: { "If-Match": recorded.shift()! } }
        : s,
    ),
  };
  const falseFailure = await replay(verbatim);
  expect(falseFailure.scenarios.map((s) => s.status)).toEqual(["failed"]);
  expect(notPassed(falseFailure)[0]).toEqual([
    "PUT /Users/${u1} (recorded 200)",
    "failed",
    [expect.stringMatching(/expected 200, got 412$/)],
  ]);
});

it("replays red on the fake whose meta.version never changes (version-frozen)", async () => {
  const { scenario } = importHar(RECORDING);
  const frozen = await replay(scenario, ["version-frozen"]);
  expect(frozen.scenarios.map((s) => s.status)).toEqual(["failed"]);
  // The read after the PUT shows W/"1" again; the PATCH conditional on it is refused.
  expect(notPassed(frozen)[0]).toEqual([
    "PATCH /Users/${u1} (recorded 200)",
    "failed",
    [expect.stringMatching(/expected 200 or 204, got 412$/)],
  ]);
});

it("replays red where the recording got 412 on a server that ignores If-Match", async () => {
  const { scenario } = importHar(RECORDING);
  const ignoring = await replay(scenario, [], {
    broken: "ignores If-Match",
    hooks: {
      onRequest(ctx) {
        delete (ctx.request.headers as Record<string, string>)["if-match"];
        return undefined;
      },
    },
  });
  expect(ignoring.scenarios.map((s) => s.status)).toEqual(["failed"]);
  expect(notPassed(ignoring)[0]).toEqual([
    "PUT /Users/${u1} (recorded 412)",
    "failed",
    [expect.stringMatching(/expected 412, got 200$/)],
  ]);
});
