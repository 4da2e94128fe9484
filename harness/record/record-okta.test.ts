/**
 * Record mode with Okta: the harness's own Okta library scenarios (test connection, create, profile update,
 * deactivate / reactivate, group push with rename and member changes, password sync) run through
 * `scim-harness record` to the clean fake, so the traffic is what the Okta model sends, User-Agent
 * included. The scenario written is `idp: okta` with only Okta IdP-level steps, loads with the run's loader,
 * replays green on a fresh clean fake, red on the fake without PUT (every Okta profile update is a PUT [O1],
 * B15) and on the one whose user PATCH takes only active false (B22), holds no token, and is the file
 * `import har` makes of the HAR. A request that is not what the Okta model sends keeps the raw request
 * steps, saying which one.
 */
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { importHar } from "../import/import-har.ts";
import { scenarioSuite } from "../runner/run-suite.ts";
import { runSuites } from "../runner/run-suites.ts";
import type { ScenarioVariant } from "../scenario/expand-variants.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { loadScenario } from "../scenario/load-scenario.ts";
import type { Scenario } from "../scenario/scenario-schema.ts";
import {
  capturedElsewhere,
  expectNoCredential,
  importRecordedHar,
  startRecording,
  testResources,
} from "./record.test-support.ts";

const LIBRARY = [
  "o1-test-api-credentials",
  "o3-create-user",
  "o5-profile-update",
  "o7-deactivate-reactivate",
  "o8-group-push",
  "o11-password-sync",
];

const resources = testResources();
afterAll(() => resources.release());
const fake = resources.fake;

/** The library's Okta scenarios for one app kind, and those without the option (o1: the same probe for both). */
async function library(appKind: "oin" | "aiw"): Promise<ScenarioVariant[]> {
  const variants: ScenarioVariant[] = [];
  for (const name of LIBRARY) {
    const file = `scenarios/okta/${name}.yaml`;
    const { scenario } = await loadScenario(file);
    variants.push(
      ...expandVariants(scenario, file).filter((v) => (v.options.appKind ?? appKind) === appKind),
    );
  }
  return variants;
}

interface Recording {
  dir: string;
  token: string;
  lines: string[];
  scenario: Scenario;
  yaml: string;
  har: string;
  driven: RunReport;
}

/** Drives the variants through the recorder (nothing deleted afterwards: Okta never DELETEs users [O1]). */
async function record(variants: ScenarioVariant[], prefix = "okta"): Promise<Recording> {
  const dir = await resources.dir(`scimh-record-${prefix}-`);
  const sp = await fake();
  const recording = await startRecording(sp, join(dir, "okta.yaml"));
  const driven = await runSuites({
    target: { ...sp, baseUrl: recording.url },
    suites: [scenarioSuite({ variants, concurrency: 1 })],
    seed: 3,
    runId: "rec2",
    keep: () => {},
  });
  expect(await recording.stop()).toBe(0);
  const file = join(dir, "okta.yaml");
  return {
    dir,
    token: sp.token!,
    lines: recording.lines,
    scenario: (await loadScenario(file)).scenario,
    yaml: await readFile(file, "utf8"),
    har: await readFile(join(dir, "okta.har"), "utf8"),
    driven,
  };
}

const replay = (file: string, quirks: string[]) => resources.replay(file, quirks, "rep2");

const notPassed = (report: RunReport) =>
  report.scenarios.flatMap((s) =>
    s.steps
      .filter((st) => st.status !== "passed")
      .map((st) => [st.action, [...new Set(st.findings.map((f) => f.ruleId))]]),
  );

/** The HAR without the driving run's own writes (its seeding: no Okta User-Agent), as a customer's would be. */
function oktaOnly(har: string): string {
  const parsed = JSON.parse(har) as {
    log: { entries: Array<{ request: { method: string; headers: Array<{ name: string; value: string }> } }> };
  };
  parsed.log.entries = parsed.log.entries.filter(
    (e) =>
      e.request.method === "GET" ||
      e.request.headers.some((h) => /^user-agent$/i.test(h.name) && /Okta/.test(h.value)),
  );
  return JSON.stringify(parsed);
}

const OIN_STEPS = [
  "testConnection",
  "assignUser",
  "assignUser",
  "updateUser",
  "assignUser",
  "disableUser",
  "enableUser",
  "disableUser", // o7's unassign: Okta deactivates, the same PATCH [O1]
  "assignUser",
  "assignUser",
  "assignGroup",
  "addMembers",
  "renameGroup",
  "assignUser",
  "addMembers",
  "removeMembers",
  "removeMembers",
  "deleteGroup",
  "assignUser",
  "syncPassword",
  "syncPassword",
];

describe("an OIN app's traffic", () => {
  let rec: Recording;
  beforeAll(async () => {
    rec = await record(await library("oin"));
  }, 60_000);

  it("is written as Okta IdP-level steps that replay green on the clean fake and red without PUT", async () => {
    expect(rec.driven.scenarios.map((s) => s.status)).toEqual(LIBRARY.map(() => "passed"));
    const { scenario } = rec;
    expect(scenario.idp).toBe("okta");
    expect(scenario.description).toMatch(
      /Okta: User-Agent "Okta SCIM Client 1\.0\.0" \[O1\].*Okta IdP-level steps \(OIN app \[O1\]\)/,
    );
    expect(scenario.options).toEqual({ appKind: "oin" });
    expect(scenario.inferred).toBe(true);
    expect(scenario.steps.map((s) => s.do)).toEqual(OIN_STEPS);
    expect(rec.yaml).toMatch(/# inferred: the Okta model's wire form of syncPassword/);

    const file = join(rec.dir, "okta.yaml");
    const clean = await replay(file, []);
    expect(clean.scenarios.map((s) => s.status)).toEqual(["passed"]);
    expect(notPassed(clean)).toEqual([]);
    const noPut = await replay(file, ["put-not-implemented"]);
    expect(noPut.scenarios[0]!.status).toBe("failed");
    expect(notPassed(noPut)).toEqual([["updateUser", expect.arrayContaining(["okta.put-supported"])]]);
    // B22: an SP whose user PATCH takes only active false: the OIN reactivation and password syncs fail.
    const patchOnly = notPassed(await replay(file, ["patch-active-only"]));
    expect(patchOnly).toEqual(
      ["enableUser", "syncPassword", "syncPassword"].map((a) => [
        a,
        expect.arrayContaining(["okta.patch-2xx"]),
      ]),
    );
  }, 60_000);

  it("writes no token, and import har of its HAR (or of one captured elsewhere) gives the same file", async () => {
    await expectNoCredential(rec.dir, rec.lines, rec.token);
    // Personal data: the recorded userNames, names and ids are not in the scenario (consistent fakes).
    const entries = (
      JSON.parse(rec.har) as {
        log: {
          entries: Array<{
            request: { method: string; url: string; postData?: { text: string } };
            response: { content: { text?: string } };
          }>;
        };
      }
    ).log.entries;
    const personal = entries
      .filter((e) => e.request.method === "POST" && /\/Users$/.test(e.request.url))
      .flatMap((e) => {
        const body = JSON.parse(e.request.postData!.text) as {
          userName: string;
          name: { givenName: string; familyName: string };
        };
        const id = (JSON.parse(e.response.content.text!) as { id: string }).id;
        return [body.userName, body.name.givenName, body.name.familyName, id];
      });
    expect(personal.length).toBeGreaterThan(20);
    // (two-letter names like o5's "Al" left out: they could be part of any word)
    for (const value of personal.filter((v) => v.length > 3)) expect(rec.yaml).not.toContain(value);

    expect(await importRecordedHar(join(rec.dir, "okta.har"), join(rec.dir, "imported.yaml"))).toBe(rec.yaml);
    const foreign = importHar(capturedElsewhere(rec.har, rec.token), {
      fileName: "okta.har",
      idpSteps: true,
    });
    expect(foreign.scenario).toEqual(rec.scenario);
    expect(foreign.yaml).not.toContain(rec.token);
  });

  it("keeps raw request steps, naming the request, when one is not what the Okta model sends", () => {
    const har = JSON.parse(rec.har) as { log: { entries: Array<{ request: Record<string, unknown> }> } };
    const entries = har.log.entries;
    const at = entries.findIndex((e) =>
      String((e.request.postData as { text?: string })?.text).includes('"active":false'),
    );
    expect(at).toBeGreaterThan(0);
    // Entra's form of the same deactivation (a path, no value object): not Okta's [O1].
    (entries[at]!.request.postData as { text: string }).text = JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    const changed = importHar(JSON.stringify(har), { fileName: "okta.har", idpSteps: true });
    expect(changed.scenario.idp).toBe("okta");
    expect(new Set(changed.scenario.steps.map((s) => s.do))).toEqual(new Set(["request"]));
    expect(changed.yaml).toContain(
      `# Raw request steps: entries[${at}] PATCH /Users/{id} is not a PATCH Okta sends (active or password [O1]).`,
    );

    // A user DELETE (the driving run's kind of cleanup): Okta never sends one [O1].
    const deleted = JSON.parse(rec.har) as typeof har;
    const created = deleted.log.entries.find((e) => e.request.method === "PATCH")!;
    deleted.log.entries.push({
      ...created,
      request: { ...created.request, method: "DELETE", postData: undefined },
    });
    expect(importHar(JSON.stringify(deleted), { fileName: "okta.har", idpSteps: true }).yaml).toMatch(
      /# Raw request steps: entries\[\d+\] DELETE \/Users\/\{id\} deletes a user, which Okta never does/,
    );
  });
});

describe("an AIW app's traffic", () => {
  it("replays as AIW steps: green on the clean fake, and every PUT-borne step red without PUT", async () => {
    const rec = await record(await library("aiw"));
    expect(rec.driven.scenarios.map((s) => s.status)).toEqual(LIBRARY.map(() => "passed"));
    expect(rec.scenario.idp).toBe("okta");
    expect(rec.scenario.options).toEqual({ appKind: "aiw" });
    expect(rec.scenario.steps.map((s) => s.do)).toEqual(OIN_STEPS);
    expect(rec.scenario.steps.every((s) => s.do !== "request")).toBe(true);
    const file = join(rec.dir, "okta.yaml");
    const green = await replay(file, []);
    expect(green.scenarios.map((s) => s.status)).toEqual(["passed"]);
    expect(notPassed(green)).toEqual([]);
    const noPut = notPassed(await replay(file, ["put-not-implemented"]));
    expect(noPut[0]).toEqual(["updateUser", expect.arrayContaining(["okta.put-supported"])]);
    expect(noPut.map(([action]) => action)).toEqual(expect.arrayContaining(["disableUser", "syncPassword"]));
    for (const name of await readdir(rec.dir))
      expect(await readFile(join(rec.dir, name), "utf8"), name).not.toContain(rec.token);
  }, 90_000);
});

it("a user Okta's lookup matched replays as an assign of an existing user (o4: GET, then PUT of its profile)", async () => {
  const { scenario: o4 } = await loadScenario("scenarios/okta/o4-match-existing.yaml");
  const rec = await record(expandVariants(o4, "o4.yaml"), "okta-o4");
  expect(rec.driven.scenarios.map((s) => s.status)).toEqual(["passed"]);
  // The driving run put alice on the SP itself (no Okta User-Agent): a write Okta did not send, so raw.
  expect(rec.scenario.steps.every((s) => s.do === "request")).toBe(true);
  expect(rec.yaml).toMatch(/# Raw request steps: entries\[\d+\] POST \/Users is a write Okta did not send/);
  // Without it, as a customer's recording would be (the user was on the SP before): an assign of a user
  // that exists on the SP, which the replay seeds.
  const har = oktaOnly(rec.har);
  const imported = importHar(har, { fileName: "o4.har", idpSteps: true });
  expect(imported.scenario.steps.map((s) => s.do)).toEqual(["assignUser"]);
  expect(imported.scenario.given?.users?.u1).toMatchObject({ existsInTarget: true });
  const file = join(rec.dir, "o4.yaml");
  await writeFile(file, imported.yaml);
  const green = await replay(file, []);
  expect(green.scenarios.map((s) => s.status)).toEqual(["passed", "passed"]);
  // The app kind does not show in a lone assign: both are replayed, and both fail without PUT.
  expect(imported.scenario.options).toEqual({ appKind: ["oin", "aiw"] });
  const red = notPassed(await replay(file, ["put-not-implemented"]));
  expect(red).toEqual([0, 1].map(() => ["assignUser", expect.arrayContaining(["okta.put-supported"])]));
}, 60_000);

it("an import, then a change to an imported user, replays with that user on the SP (o2)", async () => {
  const { scenario: o2 } = await loadScenario("scenarios/okta/o2-import-paging.yaml");
  const rec = await record(expandVariants(o2, "o2.yaml"), "okta-o2");
  expect(rec.driven.scenarios.map((s) => s.status)).toEqual(["passed"]);
  const imported = importHar(oktaOnly(rec.har), { fileName: "o2.har", idpSteps: true });
  // Two pages of 100 [O1], then the deactivation of the user on the second page (OIN PATCH).
  expect(imported.scenario.steps.map((s) => s.do)).toEqual(["runCycle", "disableUser"]);
  expect(imported.scenario.options).toEqual({ appKind: "oin" });
  expect(imported.scenario.given?.users).toEqual({ u1: expect.objectContaining({ existsInTarget: true }) });
  const file = join(rec.dir, "o2.yaml");
  await writeFile(file, imported.yaml);
  const green = await replay(file, []);
  expect(green.scenarios.map((s) => s.status)).toEqual(["passed"]);
  // Paging values as strings: Okta needs integers [O1].
  const red = notPassed(await replay(file, ["paging-strings"]));
  expect(red[0]).toEqual(["runCycle", expect.arrayContaining(["okta.paging-integers"])]);
}, 90_000);
