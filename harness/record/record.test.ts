/**
 * Record mode end to end: the Entra model's own traffic (test connection, create, `"Replace"` / `"False"`
 * disable, group create and member add, no flag) goes through `scim-harness record` to the clean fake; the
 * scenario it writes loads with the run's loader, replays green against a fresh clean fake and red against
 * the fake that ignores string booleans (B1), holds no token, and is the file `import har` makes of the HAR.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { credentialFingerprint } from "../import/har-read.ts";
import { importHar } from "../import/import-har.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { loadScenario, parseScenario } from "../scenario/load-scenario.ts";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import { genericProfile } from "../../fakes/profiles/generic-profile.ts";
import { serveFake } from "../targets/fake-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { recordCommand } from "./record-command.ts";
import {
  capturedElsewhere,
  expectNoCredential,
  importRecordedHar,
  startRecording,
  testResources,
} from "./record.test-support.ts";

const resources = testResources();
afterEach(() => resources.release());
const fake = resources.fake;

const ENTRA_TRAFFIC = `
id: record/entra-traffic
title: Entra-shaped traffic to record
idp: entra
options: { aadOptscim062020: false, disableVariant: a }
given:
  users: { alice: {} }
  groups: { eng: { members: [] } }
steps:
  - do: testConnection
  - do: assignUser
    user: alice
  - do: disableUser
    user: alice
  - do: assignGroup
    group: eng
  - do: addMembers
    group: eng
    users: [alice]
`;

const replay = (file: string, quirks: string[] | StartedScimTarget) => resources.replay(file, quirks);

it("records Entra traffic into a scenario that replays green on the clean fake and red on B1, with no token written", async () => {
  const dir = await resources.dir("scimh-record-");
  const sp = await fake();
  const token = sp.token!;
  const recording = await startRecording(sp, join(dir, "customer.yaml"));
  const lines = recording.lines;
  const through = { ...sp, baseUrl: recording.url };
  const driven = await runScenarios({
    target: through,
    variants: expandVariants(parseScenario(ENTRA_TRAFFIC, "entra-traffic.yaml"), "entra-traffic.yaml"),
    seed: 3,
    runId: "rec1",
  });
  expect(driven.scenarios.map((s) => s.status)).toEqual(["passed"]);
  expect(await recording.stop()).toBe(0);

  const scenarioFile = join(dir, "customer.yaml");
  const { scenario } = await loadScenario(scenarioFile);
  const harEntries = (
    JSON.parse(await readFile(join(dir, "customer.har"), "utf8")) as { log: { entries: unknown[] } }
  ).log.entries;
  // 4 discovery reads of the driving run (the three documents and the list call, each once per run), the
  // probe, 2 lookups, 2 creates, the disable, a group re-read, the member add, and the driving run's
  // cleanup (2 deletes).
  expect(harEntries).toHaveLength(14);

  expect(scenario.description).toMatch(/Entra ID \(inferred from request shapes.*aadOptscim062020 off/);
  expect(scenario.options).toEqual({ aadOptscim062020: false, disableVariant: "a" });
  expect(scenario.steps.map((s) => s.do)).toEqual([
    "testConnection",
    "assignUser",
    "disableUser",
    "assignGroup",
    "addMembers",
    "deleteGroup",
    "deleteUser",
  ]);
  const clean = await replay(scenarioFile, []);
  expect(clean.scenarios.map((s) => [s.status, s.steps.filter((st) => st.status !== "passed")])).toEqual([
    ["passed", []],
  ]);
  const buggy = await replay(scenarioFile, ["active-string-ignored"]);
  expect(buggy.scenarios[0]!.status).toBe("failed");
  const failed = buggy.scenarios[0]!.steps.filter((st) => st.status !== "passed");
  expect(failed.map((st) => st.action)).toEqual(["disableUser"]);
  expect(failed[0]!.findings.map((f) => [f.ruleId, f.message])).toContainEqual([
    "scenario.expect.state",
    expect.stringContaining("active eq false"),
  ]);

  // No token anywhere: written files, stdout, stderr.
  await expectNoCredential(dir, lines, token);

  // import har of the recorded HAR gives the same file.
  const har = join(dir, "customer.har");
  expect(await importRecordedHar(har, join(dir, "imported.yaml"))).toBe(await readFile(scenarioFile, "utf8"));

  // A HAR of the same traffic captured elsewhere (another tool, the Authorization header still in it, no
  // recorder notes) gives the same scenario.
  const foreign = importHar(capturedElsewhere(await readFile(har, "utf8"), token), {
    fileName: "customer.har",
    idpSteps: true,
  });
  expect(foreign.scenario).toEqual(scenario);
}, 60_000);

it("--duration stops it; with no SCIM exchange it writes the HAR, no scenario, and exits 2", async () => {
  const dir = await resources.dir("scimh-record-");
  const lines: string[] = [];
  const code = await recordCommand(
    {
      upstream: "http://127.0.0.1:9/scim/v2",
      listen: "127.0.0.1:0",
      out: join(dir, "none.yaml"),
      duration: 1,
    },
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) },
  );
  expect(code).toBe(2);
  expect(lines.join("\n")).toMatch(/stopped \(--duration 1 s elapsed\): 0 exchanges recorded/);
  expect(lines.join("\n")).toMatch(/no scenario written/);
  expect(await readdir(dir)).toEqual(["none.har"]);
});

it("writes one scenario per credential, named by its fingerprint, and stops at --max-exchanges", async () => {
  const dir = await resources.dir("scimh-record-");
  const sp = await fake();
  const tokens = [sp.token!, "other-tenant-canary-91a2b3"];
  let proxyUrl: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (proxyUrl = resolve));
  const lines: string[] = [];
  const recording = recordCommand(
    { upstream: sp.baseUrl, listen: "127.0.0.1:0", out: join(dir, "two.yaml"), maxExchanges: 2 },
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l), onListening: proxyUrl },
  );
  const url = await listening;
  for (const token of tokens)
    await (await fetch(`${url}/Users?count=1`, { headers: { Authorization: `Bearer ${token}` } })).text();
  expect(await recording).toBe(0);
  const fps = tokens.map((t) => credentialFingerprint(`Bearer ${t}`));
  expect((await readdir(dir)).sort()).toEqual(["two.har", ...fps.map((fp) => `two.${fp}.yaml`)].sort());
  const statuses = await Promise.all(
    fps.map(
      async (fp) => (await loadScenario(join(dir, `two.${fp}.yaml`))).scenario.steps[0]?.expect?.status,
    ),
  );
  expect(statuses).toEqual([[200], [401]]);
  for (const name of await readdir(dir))
    for (const token of tokens) expect(await readFile(join(dir, name), "utf8")).not.toContain(token);
  for (const token of tokens) expect(lines.join("\n")).not.toContain(token);
});

it("a port in use or a missing certificate is a usage error (exit 2), not a crash", async () => {
  const dir = await resources.dir("scimh-record-");
  const stop = new AbortController();
  let first: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (first = resolve));
  const quiet = { stdout: () => {}, stderr: () => {} };
  const running = recordCommand(
    { upstream: "http://127.0.0.1:9/scim/v2", listen: "127.0.0.1:0", out: join(dir, "a.yaml") },
    { ...quiet, signal: stop.signal, onListening: first },
  );
  const port = new URL(await listening).port;
  const errors: string[] = [];
  const second = await recordCommand(
    { upstream: "http://127.0.0.1:9/scim/v2", listen: `127.0.0.1:${port}`, out: join(dir, "b.yaml") },
    { stdout: () => {}, stderr: (l) => errors.push(l) },
  );
  const noCert = await recordCommand(
    {
      upstream: "http://127.0.0.1:9/scim/v2",
      listen: "127.0.0.1:0",
      out: join(dir, "c.yaml"),
      tlsCert: join(dir, "missing.pem"),
      tlsKey: join(dir, "missing.pem"),
    },
    { stdout: () => {}, stderr: (l) => errors.push(l) },
  );
  stop.abort();
  await running;
  expect([second, noCert]).toEqual([2, 2]);
  expect(errors.join("\n")).toMatch(/EADDRINUSE[\s\S]*missing\.pem/);
});

it("raw request steps recorded on the fake replay green on an SP that answers PATCH the other RFC way, and red on B1", async () => {
  const dir = await resources.dir("scimh-record-");
  const sp = await fake();
  const stop = new AbortController();
  let proxyUrl: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (proxyUrl = resolve));
  const out = join(dir, "raw.yaml");
  const recording = recordCommand(
    { upstream: sp.baseUrl, listen: "127.0.0.1:0", out, rawSteps: true },
    { stdout: () => {}, stderr: () => {}, signal: stop.signal, onListening: proxyUrl },
  );
  const driven = await runScenarios({
    target: { ...sp, baseUrl: await listening },
    variants: expandVariants(parseScenario(ENTRA_TRAFFIC, "entra-traffic.yaml"), "entra-traffic.yaml"),
    seed: 3,
    runId: "rec2",
  });
  expect(driven.scenarios.map((s) => s.status)).toEqual(["passed"]);
  stop.abort();
  expect(await recording).toBe(0);

  const { scenario } = await loadScenario(out);
  const patches = scenario.steps.flatMap((s) => (s.do === "request" && s.method === "PATCH" ? [s] : []));
  // The clean fake answered the user PATCH 200 and the group PATCH 204 (its generic profile).
  expect(patches.map((s) => [s.path.split("/")[1], s.title, s.expect?.status])).toEqual([
    ["Users", expect.stringContaining("(recorded 200)"), [200, 204]],
    ["Groups", expect.stringContaining("(recorded 204)"), [200, 204]],
  ]);
  expect(scenario.steps.every((s) => s.do === "request")).toBe(true);

  // Another RFC-correct SP: user PATCH 204 without a body, group PATCH 200 with the group (RFC 7644 §3.5.2).
  const other = await serveFake(
    createFakeServiceProvider({ profile: { ...genericProfile(), patchStatus: { User: 204, Group: 200 } } }),
  );
  resources.track(other);
  for (const target of [[], other] as const) {
    const report = await replay(out, target as string[] | StartedScimTarget);
    expect(report.scenarios.map((s) => [s.status, s.steps.filter((st) => st.status !== "passed")])).toEqual([
      ["passed", []],
    ]);
  }
  const patched = (await replay(out, other)).scenarios[0]!.exchanges.filter(
    (e) => e.request.method === "PATCH",
  );
  expect(patched.map((e) => e.response?.status)).toEqual([204, 200]);

  // The fake with B1 ignores "False": the read-back after the disable fails.
  const buggy = await replay(out, ["active-string-ignored"]);
  expect(buggy.scenarios[0]!.status).toBe("failed");
  const failed = buggy.scenarios[0]!.steps.filter((st) => st.status !== "passed");
  expect(failed.map((st) => [st.title, st.findings.map((f) => f.ruleId)])).toEqual([
    [expect.stringMatching(/^Read back \/Users\/\$\{u\d+\} \(inferred\)$/), ["scenario.expect.body"]],
  ]);
}, 60_000);
