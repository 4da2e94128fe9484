/**
 * Record mode with JumpCloud: the harness's own JumpCloud library scenarios (first variant of each: full
 * PUT, deactivate by PUT, rename by PATCH, value-array removal) drive the JumpCloud model through
 * `scim-harness record` to the clean fake, so the traffic is what the model sends. The scenario written is
 * `idp: jumpcloud` with IdP-level steps only, loads with the run's loader, replays green against a fresh
 * clean fake and red against a fake without PUT (B15) or one refusing the value-array member removal (B4),
 * holds no token, and is the file `import har` makes of the HAR, also of the HAR as another tool would
 * have captured it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { importHar } from "../import/import-har.ts";
import { scenarioSuite } from "../runner/run-suite.ts";
import { runSuites } from "../runner/run-suites.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { loadScenario } from "../scenario/load-scenario.ts";
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

/** The library's JumpCloud scenarios recorded in their first variant (jc5 needs a group on the SP first). */
const LIBRARY = [
  "jc1-activation",
  "jc2-bind-user",
  "jc3-attribute-change",
  "jc4-deactivate",
  "jc6-member-removed",
  "jc7-rename",
  "jc8-group-deleted",
  "jc9-group-disassociated",
];

const replay = (file: string, quirks: string[]) => resources.replay(file, quirks);

/**
 * Drives library scenarios (`name` → which variant) through the recorder to a clean fake, one at a time and
 * with nothing cleaned up afterwards, so the recording holds the IdP's requests only.
 */
async function recordLibrary(pick: Record<string, number>) {
  const dir = await resources.dir("scimh-record-jc-");
  const sp = await fake();
  const out = join(dir, "customer.yaml");
  const recording = await startRecording(sp, out);
  const through = { ...sp, baseUrl: recording.url };
  const variants = await Promise.all(
    Object.entries(pick).map(async ([name, index]) => {
      const file = join("scenarios", "jumpcloud", `${name}.yaml`);
      return expandVariants((await loadScenario(file)).scenario, file)[index]!;
    }),
  );
  const driven = await runSuites({
    target: through,
    suites: [scenarioSuite({ variants, concurrency: 1 })],
    seed: 3,
    runId: "rec1",
    keep: () => {},
  });
  expect(driven.scenarios.map((s) => [s.id, s.status])).toEqual(
    Object.keys(pick).map((name) => [`jumpcloud/${name}`, "passed"]),
  );
  expect(await recording.stop()).toBe(0);
  return { dir, out, token: sp.token!, lines: recording.lines };
}

it("records the JumpCloud model's traffic into JumpCloud IdP-level steps that replay green on the clean fake and red without PUT", async () => {
  const { dir, out, token, lines } = await recordLibrary(
    Object.fromEntries(LIBRARY.map((name) => [name, 0])),
  );
  const { scenario } = await loadScenario(out);
  expect(scenario.idp).toBe("jumpcloud");
  expect(scenario.inferred).toBe(true);
  expect(scenario.description).toMatch(
    /JumpCloud \(inferred from request shapes.*full user PUT.*Replayed as JumpCloud IdP-level steps/,
  );
  expect(scenario.steps.every((s) => s.do !== "request")).toBe(true);
  // The forms the library's first variants send become the model's options.
  expect(scenario.options).toMatchObject({ putBody: "full", deactivateMethod: "put", renameMethod: "patch" });
  const steps = scenario.steps.map((s) => s.do);
  for (const action of [
    "testConnection",
    "assignUser",
    "updateUser",
    "disableUser",
    "enableUser",
    "assignGroup",
    "removeMembers",
    "renameGroup",
    "deleteGroup",
  ])
    expect(steps, action).toContain(action);

  const clean = await replay(out, []);
  expect(clean.scenarios.map((s) => [s.status, s.steps.filter((st) => st.status !== "passed")])).toEqual([
    ["passed", []],
  ]);
  const noPut = await replay(out, ["put-not-implemented"]);
  expect(noPut.scenarios[0]!.status).toBe("failed");
  const failed = noPut.scenarios[0]!.steps.filter((st) => st.status === "failed");
  expect(failed.map((st) => st.action)).toContain("updateUser");
  expect(failed.flatMap((st) => st.findings.map((f) => f.ruleId))).toContain("jumpcloud.put-supported");
  // A server that refuses the value-array member removal JumpCloud sends ([J7] [J8], B4) fails that step.
  const noValueRemove = await replay(out, ["members-remove-value-rejected"]);
  const removal = noValueRemove.scenarios[0]!.steps.filter((st) => st.status === "failed");
  expect(removal.map((st) => st.action)).toEqual(["removeMembers"]);
  expect(removal[0]!.findings.map((f) => f.ruleId)).toContain("jumpcloud.patch-2xx");

  await expectNoCredential(dir, lines, token);

  // The HAR path gives the same file: as recorded, and as another tool would have captured it.
  const har = join(dir, "customer.har");
  expect(await importRecordedHar(har, join(dir, "imported.yaml"))).toBe(await readFile(out, "utf8"));
  const foreign = importHar(capturedElsewhere(await readFile(har, "utf8"), token), {
    fileName: "customer.har",
    idpSteps: true,
  });
  expect(foreign.scenario).toEqual(scenario);
  expect(foreign.yaml).not.toContain(token);
}, 120_000);

it("the other forms (minimal PUT, deactivate by PATCH, rename by PUT) become options and replay through them", async () => {
  const { out } = await recordLibrary({
    "jc1-activation": 0,
    "jc3-attribute-change": 1,
    "jc4-deactivate": 1,
    "jc7-rename": 1,
  });
  const { scenario } = await loadScenario(out);
  expect(scenario.idp).toBe("jumpcloud");
  expect(scenario.steps.every((s) => s.do !== "request")).toBe(true);
  expect(scenario.options).toMatchObject({
    putBody: "minimal",
    deactivateMethod: "patch",
    renameMethod: "put",
  });
  const clean = await replay(out, []);
  expect(clean.scenarios.map((s) => [s.status, s.steps.filter((st) => st.status !== "passed")])).toEqual([
    ["passed", []],
  ]);
  // The minimal PUT's "emails": null is refused by a strictly typed server (B17): the update fails.
  const strict = await replay(out, ["strict-json-types"]);
  const failed = strict.scenarios[0]!.steps.filter((st) => st.status === "failed");
  expect(failed.map((st) => st.action)).toContain("updateUser");
  expect(failed.flatMap((st) => st.findings.map((f) => f.ruleId))).toContain("jumpcloud.put-supported");
}, 120_000);
