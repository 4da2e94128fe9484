import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import type { IdpModel, ModelStep, PlannedRequest, StepPlan } from "../idp/idp-model.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { UrlTarget } from "../targets/url-target.ts";
import { runScenarios } from "./run-suite.ts";

const started: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});
// The tests inject their own IdP models (getModel), so the file's Entra options are not checked here.
const scenario = (yaml: string) =>
  expandVariants(parseScenario(yaml, "t.yaml", { options: false }), "t.yaml");
const get = (label: string, path: string): PlannedRequest => ({ label, role: "read", method: "GET", path });

/** A model whose users carry the attributes of its `attrs` option, written one by one (strict). */
const attributeModel: IdpModel = {
  name: "attrs",
  resolveOptions: (raw) => raw,
  provenance: () => ({ inferred: false, evidence: [] }),
  userAttributes: (options) => ({
    sent: String(options["attrs"]).split(","),
    strict: true,
    label: `attrs "${String(options["attrs"])}"`,
  }),
  *plan(): StepPlan {
    yield get("list", "/Users?count=1");
  },
};

it("a variant whose user attributes the target's /Schemas lacks is not applicable, with the reason", async () => {
  const target = await new FakeTarget({ profile: "cinode", quirks: [] }).start();
  started.push(target);
  const report = await runScenarios({
    target,
    getModel: () => attributeModel,
    variants: scenario(
      'id: t/a\ntitle: t\nidp: entra\noptions:\n  attrs: ["userName,active,title", "userName,displayName"]\ngiven:\n  users:\n    a: {}\nsteps:\n  - do: assignUser\n    user: a\n',
    ),
  });
  expect(report.scenarios.map((s) => s.status)).toEqual(["passed", "notApplicable"]);
  expect(report.scenarios[1]?.reason).toMatch(
    /User schema has no displayName \(sent by attrs "userName,displayName"\)/,
  );
});

it("requests a plan sends concurrentWith another go out at once and come back to the plan in order", async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { "content-type": "application/scim+json" });
      res.end(JSON.stringify({ path: req.url }));
    }, 80);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  started.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  const seen: string[] = [];
  const model: IdpModel = {
    ...attributeModel,
    userAttributes: undefined,
    *plan(step: ModelStep): StepPlan {
      if (step.do !== "runCycle") return;
      const [a, b, c] = [get("a", "/Users/a"), get("b", "/Users/b"), get("c", "/Users/c")];
      for (const request of [{ ...a, concurrentWith: [b, c] }, b, c]) {
        const ex = yield request;
        seen.push(String((ex.response?.body as { path?: string } | undefined)?.path));
      }
    },
  };
  const { port } = server.address() as AddressInfo;
  const target: StartedScimTarget = await new UrlTarget(`http://127.0.0.1:${port}`).withToken("t").start();
  const report = await runScenarios({
    target,
    getModel: () => model,
    variants: scenario("id: t/c\ntitle: t\nidp: entra\nappliesTo: [users]\nsteps:\n  - do: runCycle\n"),
  });
  expect(report.scenarios[0]?.steps[0]?.exchangeIds).toHaveLength(3);
  expect(seen).toEqual(["/Users/a", "/Users/b", "/Users/c"]);
  expect(maxInFlight).toBe(3);
});

it("while quarantined a step is skipped, but the model may record its source change for the next cycle", async () => {
  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  started.push(target);
  const recorded: string[] = [];
  const model: IdpModel = {
    ...attributeModel,
    userAttributes: undefined,
    recordWhileQuarantined: (step) => {
      recorded.push(step.do);
      return step.do !== "deleteUser";
    },
    *plan(step: ModelStep, ctx): StepPlan {
      if (step.do === "testConnection") ctx.quarantine("test", ["[S4]"]);
      yield get("list", "/Users?count=1");
    },
  };
  const report = await runScenarios({
    target,
    getModel: () => model,
    variants: scenario(
      "id: t/q\ntitle: t\nidp: entra\ngiven:\n  users:\n    a: {}\nsteps:\n  - do: testConnection\n    expect: { quarantined: true }\n  - do: assignUser\n    user: a\n  - do: deleteUser\n    user: a\n",
    ),
  });
  const steps = report.scenarios[0]!.steps;
  expect(steps.map((s) => s.status)).toEqual(["passed", "skipped", "skipped"]);
  expect(recorded).toEqual(["assignUser", "deleteUser"]);
  expect(steps[1]?.reason).toMatch(/recorded and provisioned by the first cycle after the quarantine/);
  expect(steps[2]?.reason).toMatch(/a later cycle does not replay this change/);
});

it("expect.status and expect.body never judge another exchange when the step's main request was not sent", async () => {
  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  started.push(target);
  // A model that marks its main requests, whose plan stops after a lookup (as Entra does when the lookup
  // fails): the create it would have marked main is never sent.
  const stopsAfterLookup: IdpModel = {
    ...attributeModel,
    userAttributes: undefined,
    marksMainRequest: true,
    *plan(): StepPlan {
      yield get("lookup", "/Users?count=1");
    },
  };
  const yaml =
    "id: t/m\ntitle: t\nidp: entra\ngiven:\n  users:\n    a: {}\nsteps:\n" +
    "  - do: assignUser\n    user: a\n    expect: { status: [200], body: { /schemas/0: urn:ietf:params:scim:api:messages:2.0:ListResponse } }\n" +
    "  - do: assignUser\n    user: a\n    expect: { status: [201] }\n";
  const report = await runScenarios({ target, getModel: () => stopsAfterLookup, variants: scenario(yaml) });
  const steps = report.scenarios[0]!.steps;
  // The lookup answered 200 with a ListResponse: judged on it, step 0 would pass and step 1 would fail on GET.
  expect(steps.map((s) => s.status)).toEqual(["errored", "errored"]);
  expect(steps[0]!.findings.map((f) => [f.ruleId, f.severity, f.exchangeIds])).toEqual([
    ["scenario.expect.status", "warning", []],
    ["scenario.expect.body", "warning", []],
  ]);
  expect(steps[1]!.findings.map((f) => f.title)).toEqual(["Expectation could not run: expect.status"]);
  expect(steps[1]!.findings[0]!.message).toMatch(/main request, which was not sent: .*GET .*answered 200/);
  expect(steps[1]!.reason).toMatch(/could not run/);
  expect(steps.flatMap((s) => s.findings).some((f) => f.title.startsWith("Unexpected status"))).toBe(false);

  // Control: a model that does not mark main requests has its last request as the main one.
  const lastIsMain = { ...stopsAfterLookup, marksMainRequest: undefined };
  const control = await runScenarios({ target, getModel: () => lastIsMain, variants: scenario(yaml) });
  const judged = control.scenarios[0]!.steps;
  expect(judged.map((s) => s.status)).toEqual(["passed", "failed"]);
  expect(judged[1]!.findings[0]!.message).toMatch(/^GET .*: expected 201, got 200/);
});

it("expect.schema judges the main response body after expanding ${var}s, and delayMs waits before sending", async () => {
  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  started.push(target);
  const steps = [
    {
      do: "request",
      method: "POST",
      path: "/Users",
      body: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "${runPrefix}-s@example.com",
      },
      capture: { u: "/id", created: "/meta/created" },
      expect: { status: [201] },
    },
    {
      do: "request",
      title: "holds",
      method: "GET",
      path: "/Users/${u}",
      delayMs: 40,
      expect: {
        schema: {
          properties: {
            id: { const: "${u}" },
            password: { type: "null" },
            meta: { properties: { lastModified: { format: "date-time", formatMinimum: "${created}" } } },
          },
        },
      },
    },
    {
      do: "request",
      title: "broken",
      method: "GET",
      path: "/Users/${u}",
      expect: {
        schema: { title: "t", properties: { userName: { type: "boolean" }, id: { not: { const: "${u}" } } } },
      },
    },
    {
      do: "request",
      title: "invalid",
      method: "GET",
      path: "/Users/${u}",
      expect: { schema: { type: "nonsense" } },
    },
    { do: "request", method: "DELETE", path: "/Users/${u}" },
  ];
  const yaml = `id: t/s\ntitle: t\nidp: entra\nsteps: ${JSON.stringify(steps)}\n`;
  const report = await runScenarios({ target, variants: scenario(yaml) });
  const [, holds, broken, invalid] = report.scenarios[0]!.steps;
  expect([holds!.status, holds!.findings]).toEqual(["passed", []]);
  expect(holds!.durationMs).toBeGreaterThanOrEqual(39);
  expect(broken!.status).toBe("failed");
  expect(broken!.findings.map((f) => [f.ruleId, f.title])).toEqual([
    ["scenario.expect.body", "Response body does not satisfy expect.schema (t)"],
  ]);
  expect(broken!.findings[0]!.message).toMatch(/\/userName must be boolean; \/id must NOT be valid/);
  expect(invalid!.status).toBe("errored");
  expect(invalid!.reason).toMatch(/expect.schema is not a valid JSON Schema/);
});
