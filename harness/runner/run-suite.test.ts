import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import type { IdpModel, ModelStep, StepPlan } from "../idp/idp-model.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import { UrlTarget } from "../targets/url-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { TargetStartError } from "../errors.ts";
import { runScenarios } from "./run-suite.ts";

/** A deliberately small IdP: enough to drive the engine, nothing like Entra. */
const miniModel: IdpModel = {
  name: "mini",
  resolveOptions: (raw) => raw,
  provenance: (step) => ({
    inferred: step.do === "enableUser",
    evidence: step.do === "enableUser" ? ["[test]"] : [],
  }),
  *plan(step: ModelStep, ctx): StepPlan {
    if (step.do === "testConnection") {
      const ex = yield {
        label: "probe",
        role: "probe",
        method: "GET",
        path: "/Users?filter=userName%20eq%20%22nobody%22",
      };
      if (ex.response?.status === 404) ctx.quarantine("404 on a filter", ["[S4]"], ex.id);
      return;
    }
    if (step.do === "assignUser") {
      const user = ctx.state.users.get(step.user)!;
      const ex = yield {
        label: "create",
        role: "create",
        method: "POST",
        path: "/Users",
        body: {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: user.source.userName,
          active: true,
        },
      };
      const id = (ex.response?.body as { id?: string } | undefined)?.id;
      if (id !== undefined) ctx.state.linkUser(step.user, id);
      return;
    }
    if (step.do === "disableUser" || step.do === "enableUser") {
      const user = ctx.state.users.get(step.user)!;
      yield {
        label: "active",
        role: "update",
        method: "PATCH",
        path: `/Users/${user.targetId}`,
        body: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [
            { op: "Replace", path: "active", value: step.do === "disableUser" ? "False" : "True" },
          ],
        },
      };
      return;
    }
    throw new TypeError(`mini model cannot ${step.do}`);
  },
};

const scenario = (yaml: string) => expandVariants(parseScenario(yaml, "test.yaml"), "test.yaml");
const started: StartedScimTarget[] = [];
const start = async (quirks: string[] = [], profile = "generic") => {
  const t = await new FakeTarget({ profile, quirks }).start();
  started.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

const lifecycle = `
id: test/lifecycle
title: create then disable
idp: entra
given: { users: { alice: {} } }
steps:
  - do: testConnection
    expect: { status: [200], body: { /totalResults: 0 } }
  - do: assignUser
    user: alice
    expect: { status: [201], state: [{ user: alice, matches: "active eq true" }] }
    capture: { aliceId: /id }
  - do: disableUser
    user: alice
    expect: { status: [200, 204], state: [{ user: alice, matches: "active eq false" }] }
  - do: request
    method: GET
    path: /Users/\${aliceId}
    expect: { status: [200] }
`;

it("runs a scenario end to end against the clean fake, and cleans up what it created", async () => {
  const target = await start();
  const report = await runScenarios({
    target,
    variants: scenario(lifecycle),
    getModel: () => miniModel,
    seed: 7,
    runId: "t1",
  });
  const [result] = report.scenarios;
  expect(result!.steps.map((s) => [s.action, s.status])).toEqual([
    ["testConnection", "passed"],
    ["assignUser", "passed"],
    ["disableUser", "passed"],
    ["request", "passed"],
  ]);
  expect(result!.status).toBe("passed");
  expect(result!.cleanup).toEqual({ attempted: 1, deleted: 1, failures: [] });
  expect(report.summary.scenarios).toMatchObject({ total: 1, passed: 1 });
  expect(result!.exchanges.some((e) => e.request.url.endsWith("/Users") && e.response?.status === 201)).toBe(
    true,
  );
  expect(JSON.stringify(report)).not.toContain(target.token!);
});

it('fails the state expectation with a finding when the SP ignores the string "False" (B1)', async () => {
  const target = await start(["active-string-ignored"]);
  const report = await runScenarios({ target, variants: scenario(lifecycle), getModel: () => miniModel });
  const disable = report.scenarios[0]!.steps[2]!;
  expect(disable.status).toBe("failed");
  expect(disable.findings.map((f) => f.ruleId)).toEqual(["scenario.expect.state"]);
  expect(disable.findings[0]!.message).toContain("active eq false");
  expect(disable.findings[0]!.curl).toMatch(/^curl /);
  expect(report.scenarios[0]!.status).toBe("failed");
});

it("skips steps after a quarantine with the reason, and reports the unexpected quarantine", async () => {
  const target = await start(["filter-miss-404"]);
  const report = await runScenarios({ target, variants: scenario(lifecycle), getModel: () => miniModel });
  const steps = report.scenarios[0]!.steps;
  expect(steps[0]!.findings.map((f) => f.ruleId).sort()).toEqual([
    "idp.quarantined",
    "scenario.expect.body",
    "scenario.expect.status",
  ]);
  expect(steps.slice(1, 3).map((s) => s.status)).toEqual(["skipped", "skipped"]);
  expect(steps[1]!.reason).toContain("quarantined the app (404 on a filter)");
});

it("reports a scenario needing groups as not applicable on a users-only profile", async () => {
  const target = await start([], "cerby");
  const yaml = `
id: test/groups
title: groups
idp: entra
given: { groups: { eng: {} } }
steps: [{ do: assignGroup, group: eng }]
`;
  const report = await runScenarios({ target, variants: scenario(yaml), getModel: () => miniModel });
  expect(report.scenarios[0]).toMatchObject({ status: "notApplicable", reason: "the target lacks: groups" });
});

it("marks inferred steps as inferred in the report", async () => {
  const target = await start();
  const yaml = lifecycle
    .replace("do: disableUser", "do: enableUser")
    .replace("active eq false", "active eq true");
  const report = await runScenarios({ target, variants: scenario(yaml), getModel: () => miniModel });
  expect(report.scenarios[0]!.steps.map((s) => s.inferred)).toEqual([false, false, true, false]);
});

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});
const brokenServer = async (handler: Parameters<typeof createServer>[1]) => {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
};

it("records HTML, hangs and resets from a broken target as findings, never a crash", async () => {
  let n = 0;
  const url = await brokenServer((req, res) => {
    if (req.url?.includes("ServiceProviderConfig") || req.url?.includes("ResourceTypes"))
      return res.writeHead(404).end();
    n++;
    if (req.url?.startsWith("/scim/v2/Users?"))
      return res.writeHead(403, { "content-type": "text/html" }).end("<html>blocked</html>");
    if (req.method === "POST") return req.socket.destroy();
    // everything else hangs
  });
  const target = await new UrlTarget(url).withToken("t0ken-canary").start();
  const report = await runScenarios({
    target,
    variants: scenario(lifecycle),
    getModel: () => miniModel,
    timeoutMs: 300,
    preflight: false, // a target preflight refuses (403 on the list call): this test is about grading one anyway
  });
  const [connection, assign] = report.scenarios[0]!.steps;
  expect(connection!.findings.map((f) => f.ruleId)).toContain("http.json-body");
  expect(assign!.findings.map((f) => f.ruleId)).toContain("transport.answered");
  expect(report.scenarios[0]!.status).toBe("failed");
  expect(n).toBeGreaterThan(1);
});

it("throws TargetStartError when nothing answers at the target URL", async () => {
  const url = await brokenServer(() => {});
  servers.pop()!.close();
  const target = await new UrlTarget(url.replace(/:\d+/, ":1")).start();
  await expect(
    runScenarios({ target, variants: scenario(lifecycle), getModel: () => miniModel }),
  ).rejects.toBeInstanceOf(TargetStartError);
});

it("reports a target-wide content-type problem once per scenario, not once per exchange", async () => {
  const target = await start(["json-content-type"]);
  const report = await runScenarios({ target, variants: scenario(lifecycle), getModel: () => miniModel });
  const result = report.scenarios[0]!;
  const contentType = result.steps
    .flatMap((s) => s.findings)
    .filter((f) => f.ruleId === "rfc7644.http.scim-content-type");
  expect(result.exchanges.length).toBeGreaterThan(3);
  expect(contentType).toHaveLength(1);
  // One rule with the contract suite: SHOULD, raised to error by Entra's dependence ([S1], B21).
  expect(contentType[0]!.severity).toBe("error");
});

it("a capture that finds nothing in the answer (a PATCH answered 204) is said on its step; the step using it stops as errored", async () => {
  const target = await start();
  const report = await runScenarios({
    target,
    variants: scenario(`
id: test/capture-without-body
title: capture from a body-less answer
idp: entra
appliesTo: [groups]
steps:
  - do: request
    method: POST
    path: /Groups
    body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "\${runPrefix}-eng" }
    expect: { status: [201] }
    capture: { gid: /id }
  - do: request
    method: PATCH
    path: /Groups/\${gid}
    body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: replace, path: displayName, value: "\${runPrefix}-x" }] }
    expect: { status: [200, 204] }
    capture: { g1: /id }
  - do: request
    method: GET
    path: /Groups/\${g1}
    expect: { status: [200] }
`),
    getModel: () => miniModel,
  });
  const [, patch, read] = report.scenarios[0]!.steps;
  expect(patch).toMatchObject({
    status: "passed",
    reason: "capture g1: nothing at /id in the answer (204, no body)",
  });
  expect(read).toMatchObject({ status: "errored", reason: expect.stringContaining("${g1} is not defined") });
  expect(report.scenarios[0]!.status).toBe("errored");
});

it("a header capture keeps the id from Location and the version from ETag; the next steps use them", async () => {
  const target = await start();
  const report = await runScenarios({
    target,
    variants: scenario(`
id: test/capture-headers
title: capture from response headers
idp: entra
appliesTo: [groups, etag]
steps:
  - do: request
    method: POST
    path: /Groups
    body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "\${runPrefix}-eng" }
    expect: { status: [201] }
    capture: { gid: "header:Location", version: "header:etag", bodyId: /id }
  - do: request
    method: PATCH
    path: /Groups/\${gid}
    headers: { If-Match: "\${version}" }
    body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: replace, path: displayName, value: "\${runPrefix}-x" }] }
    expect: { status: [200, 204] }
  - do: request
    method: GET
    path: /Groups/\${gid}
    expect:
      status: [200]
      schema: { required: [id, displayName], properties: { id: { const: "\${bodyId}" }, displayName: { const: "\${runPrefix}-x" } } }
`),
    getModel: () => miniModel,
  });
  const result = report.scenarios[0]!;
  expect(result.steps.map((s) => [s.status, s.reason])).toEqual([
    ["passed", undefined],
    ["passed", undefined],
    ["passed", undefined],
  ]);
  // The read found the group at the id Location named, equal to the body's (its schema expectation). The
  // fake honours If-Match (412 otherwise): the PATCH went out with the version the ETag header named.
  const patch = result.exchanges.find((x) => x.request.method === "PATCH")!;
  const post = result.exchanges.find((x) => x.request.method === "POST")!;
  expect(patch.request.headers["If-Match"]).toBe(post.response!.headers["etag"]);
  expect(result.status).toBe("passed");
});

it("a header capture that finds no such header is said on its step; the step using it stops as errored", async () => {
  const target = await start();
  const report = await runScenarios({
    target,
    variants: scenario(`
id: test/capture-header-absent
title: capture of a header the answer lacks
idp: entra
appliesTo: [groups]
steps:
  - do: request
    method: POST
    path: /Groups
    body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "\${runPrefix}-eng" }
    expect: { status: [201] }
    capture: { gid: /id }
  - do: request
    method: GET
    path: /Groups/\${gid}
    expect: { status: [200] }
    capture: { where: "header:Location" }
  - do: request
    method: GET
    path: /Groups/\${where}
    expect: { status: [200] }
`),
    getModel: () => miniModel,
  });
  const [, read, next] = report.scenarios[0]!.steps;
  expect(read).toMatchObject({
    status: "passed",
    reason: "capture where: no Location header in the answer (200)",
  });
  expect(next).toMatchObject({
    status: "errored",
    reason: expect.stringContaining("${where} is not defined"),
  });
  expect(next!.findings).toEqual([]);
  expect(report.scenarios[0]!.status).toBe("errored");
});
