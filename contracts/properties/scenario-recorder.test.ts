import { expect, it } from "vitest";
import type { Exchange } from "../../harness/http/exchange.ts";
import type { HttpIntent } from "../../harness/http/http-intent.ts";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import { parseScenario } from "../../harness/scenario/load-scenario.ts";
import { stringify } from "yaml";
import { ScenarioRecorder } from "./scenario-recorder.ts";

/** A client that answers from a script, in order. */
function scripted(answers: { status: number; body?: unknown }[]): ScimClient & { sent: HttpIntent[] } {
  const sent: HttpIntent[] = [];
  return {
    sent,
    exchanges: [],
    baseUrl: "http://sp.test/scim",
    baseQuery: undefined,
    async send(intent) {
      sent.push(intent);
      const answer = answers.shift() ?? { status: 204 };
      return {
        id: `x${sent.length}`,
        label: intent.label,
        startedAt: "2026-01-01T00:00:00.000Z",
        durationMs: 1,
        request: { method: intent.method, url: `http://sp.test/scim${intent.path}`, headers: {} },
        response: {
          status: answer.status,
          headers: {},
          bodyText: JSON.stringify(answer.body ?? ""),
          ...(answer.body !== undefined ? { body: answer.body } : {}),
        },
        intent,
      } satisfies Exchange;
    },
    async close() {},
  };
}

it("records requests as replayable steps: prefix → ${runPrefix}-, created ids → captured ${vars}", async () => {
  const client = scripted([
    { status: 201, body: { id: "id-111" } },
    { status: 200, body: { totalResults: 1 } },
  ]);
  const recorder = new ScenarioRecorder(client, "scimh-ab12-f3-");
  await recorder.send(
    {
      label: "create u1",
      method: "POST",
      path: "/Users",
      body: { userName: "scimh-ab12-f3-alice.0@example.com" },
    },
    { track: { kind: "Users", variable: "u1" } },
  );
  await recorder.send({
    label: "query",
    method: "GET",
    path: "/Users?filter=id+eq+%22id-111%22+and+userName+sw+%22scimh-ab12-f3-%22",
  });
  recorder.note(
    { method: "GET", path: "/Users/id-111" },
    { status: [200], body: { "/displayName": "Zoë" } },
    "u1 as expected",
  );
  await recorder.cleanup();
  expect(recorder.steps).toEqual([
    {
      do: "request",
      title: "create u1",
      method: "POST",
      path: "/Users",
      body: { userName: "${runPrefix}-alice.0@example.com" },
      expect: { status: [201] },
      capture: { u1: "/id" },
    },
    {
      do: "request",
      title: "query",
      method: "GET",
      path: "/Users?filter=id+eq+%22${u1}%22+and+userName+sw+%22${runPrefix}-%22",
      expect: { status: [200] },
    },
    {
      do: "request",
      title: "u1 as expected",
      method: "GET",
      path: "/Users/${u1}",
      expect: { status: [200], body: { "/displayName": "Zoë" } },
    },
    { do: "request", title: "cleanup: delete u1", method: "DELETE", path: "/Users/${u1}" },
  ]);
  expect(client.sent.map((i) => `${i.method} ${i.path}`).at(-1)).toBe("DELETE /Users/id-111");
  expect(recorder.variableOf("id-111")).toBe("u1");
  const scenario = { id: "counterexample/x-1", title: "t", idp: "entra", steps: recorder.steps };
  expect(parseScenario(stringify(scenario), "x.yaml").steps).toHaveLength(4);
});

it("does not capture or clean up what the target did not create, and forgets what the case deleted", async () => {
  const client = scripted([
    { status: 400, body: { status: "400" } },
    { status: 201, body: { id: "g-1" } },
    { status: 204 },
  ]);
  const recorder = new ScenarioRecorder(client, "p-");
  await recorder.send(
    { label: "bad", method: "POST", path: "/Users", body: {} },
    { track: { kind: "Users", variable: "u1" } },
  );
  await recorder.send(
    { label: "group", method: "POST", path: "/Groups", body: {} },
    { track: { kind: "Groups", variable: "g1" } },
  );
  const del = await recorder.send({ label: "delete", method: "DELETE", path: "/Groups/g-1" });
  recorder.untrack("g-1");
  recorder.expectOn(recorder.stepOf(del), { status: [404] });
  await recorder.cleanup();
  expect(recorder.steps.map((s) => [s.method, s.path, s.capture ?? null, s.expect?.status ?? null])).toEqual([
    ["POST", "/Users", null, [400]],
    ["POST", "/Groups", { g1: "/id" }, [201]],
    ["DELETE", "/Groups/${g1}", null, [404]],
  ]);
});

it("an invariant's replay: the schema is templated, the earlier read captures, a step goes before the read, the write waits", async () => {
  const client = scripted([
    { status: 201, body: { id: "id-7", meta: { Created: "t0" } } },
    { status: 200, body: { id: "id-7", meta: { Created: "t0" } } },
    { status: 200, body: { id: "id-7" } },
  ]);
  const recorder = new ScenarioRecorder(client, "scimh-ab12-f3-");
  const created = await recorder.send(
    { label: "create u1", method: "POST", path: "/Users", body: { userName: "scimh-ab12-f3-a" } },
    { track: { kind: "Users", variable: "u1" } },
  );
  expect(recorder.lastWrite).toBe(recorder.steps[0]);
  await recorder.send({ label: "patch u1", method: "PATCH", path: "/Users/id-7", body: {} });
  const read = await recorder.send({ label: "read u1", method: "GET", path: "/Users/id-7" });
  expect(recorder.lastWrite).toBe(recorder.steps[1]);
  const earlier = recorder.captureOn(created, "/meta/Created", "u1-created-3");
  expect(earlier).toBe("${u1-created-3}");
  const step = recorder.stepOf(read)!;
  recorder.noteBefore(step, { method: "GET", path: "/Schemas/urn:x" }, { status: [200] }, "declared");
  recorder.expectOn(
    step,
    {
      status: [200],
      schema: {
        properties: { id: { const: "id-7" }, n: { const: "scimh-ab12-f3-a" }, c: { const: earlier } },
      },
    },
    "meta.created",
  );
  expect(recorder.steps.map((s) => s.title)).toEqual([
    "create u1",
    "patch u1",
    "declared",
    "read u1 (replays meta.created)",
  ]);
  expect(recorder.steps[0]!.capture).toEqual({ u1: "/id", "u1-created-3": "/meta/Created" });
  expect(recorder.steps[3]!.expect).toEqual({
    status: [200],
    schema: {
      properties: { id: { const: "${u1}" }, n: { const: "${runPrefix}-a" }, c: { const: "${u1-created-3}" } },
    },
  });
  const text = stringify({ id: "counterexample/x", title: "t", idp: "entra", steps: recorder.steps });
  expect(parseScenario(text, "x.yaml").steps).toHaveLength(4);
});
