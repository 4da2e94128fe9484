/**
 * Record mode with the rest of Entra's traffic: the Entra model's own attribute updates (both dialects),
 * manager pass, userName change, group rename and member removal (value array without the flag, members
 * filter with it) go through `scim-harness record` to the clean fake. The written scenario holds IdP-level
 * steps only, loads with the run's loader, replays green on a fresh clean fake and red on the quirk that
 * breaks each operation, holds no token, and is the file `import har` makes of the same HAR.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importHar } from "../import/import-har.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { loadScenario, parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import { capturedElsewhere, expectNoCredential, startRecording } from "./record.test-support.ts";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs `target` on a fresh fake with `quirks`, stopping the fake afterwards. */
async function onFake<T>(
  quirks: string[],
  run: (target: Awaited<ReturnType<FakeTarget["start"]>>) => Promise<T>,
) {
  const target = await new FakeTarget({ profile: "generic", quirks }).start();
  try {
    return await run(target);
  } finally {
    await target.stop();
  }
}

/** Drives `traffic` (a scenario run by the Entra model) through the recorder; returns the written files. */
async function record(traffic: string, name: string) {
  const dir = await mkdtemp(join(tmpdir(), "scimh-record-entra-"));
  dirs.push(dir);
  return onFake([], async (sp) => {
    const recording = await startRecording(sp, join(dir, `${name}.yaml`));
    const driven = await runScenarios({
      target: { ...sp, baseUrl: recording.url },
      variants: expandVariants(parseScenario(traffic, `${name}.yaml`), `${name}.yaml`),
      seed: 5,
      runId: "rec2",
    });
    expect(driven.scenarios.map((s) => s.status)).toEqual(["passed"]);
    expect(await recording.stop()).toBe(0);
    const lines = recording.lines;
    return { dir, file: join(dir, `${name}.yaml`), har: join(dir, `${name}.har`), token: sp.token!, lines };
  });
}

/** Replays the recorded file; the steps that did not pass (`<index> <action>`), and their error rule ids. */
async function replay(file: string, quirks: string[] = []) {
  const { scenario } = await loadScenario(file);
  const report = await onFake(quirks, (target) =>
    runScenarios({ target, variants: expandVariants(scenario, file), seed: 9, runId: "rep2" }),
  );
  const failed = report.scenarios.flatMap((s) => s.steps.filter((st) => st.status !== "passed"));
  return {
    failed: failed.map((st) => `${st.index} ${st.action}`),
    rules: failed.flatMap((st) => st.findings.filter((f) => f.severity === "error").map((f) => f.ruleId)),
  };
}

/**
 * No token and no Authorization header in any written file nor on the console; the same traffic as a HAR
 * captured elsewhere (another tool's creator, the Authorization header still in it, no recorder notes)
 * imports through `import har` into the same scenario (issue item 5).
 */
async function checkFiles(rec: Awaited<ReturnType<typeof record>>) {
  await expectNoCredential(rec.dir, rec.lines, rec.token);
  const elsewhere = capturedElsewhere(await readFile(rec.har, "utf8"), rec.token);
  const imported = importHar(elsewhere, { fileName: basename(rec.har), idpSteps: true });
  expect(imported.scenario).toEqual((await loadScenario(rec.file)).scenario);
  expect(imported.yaml).not.toContain(rec.token);
}

describe("Entra updates, rename and member removal recorded as IdP-level steps", () => {
  it("without aadOptscim062020: one op per attribute, manager pass, userName, rename, value-array removal", async () => {
    const rec = await record(
      `
id: record/entra-updates
title: Entra updates to record, no flag
idp: entra
options: { aadOptscim062020: false, manager: true }
given:
  users: { alice: {}, bob: {} }
  groups: { eng: { members: [alice, bob] } }
steps:
  - do: testConnection
  - do: assignUser
    user: alice
  - do: assignUser
    user: bob
  - do: updateUser
    user: alice
    set: { title: Lead, department: Research, familyName: Updated, email: alice.new@example.com }
  - do: updateUser
    user: alice
    set: { manager: bob }
  - do: assignGroup
    group: eng
  - do: renameGroup
    group: eng
    to: engineering
  - do: removeMembers
    group: eng
    users: [bob]
  - do: updateUser
    user: alice
    set: { manager: null }
  - do: updateUser
    user: bob
    set: { userName: bob.renamed }
  - do: disableUser
    user: alice
  - do: unassignUser
    user: bob
  - do: assignUser
    user: bob
`,
      "off",
    );
    const { scenario } = await loadScenario(rec.file);
    expect(scenario.options).toEqual({ aadOptscim062020: false, disableVariant: "a", manager: true });
    expect(scenario.steps.map((s) => s.do)).toEqual([
      "testConnection",
      "assignUser",
      "assignUser",
      "updateUser",
      "updateUser",
      "assignGroup",
      "addMembers",
      "renameGroup",
      "removeMembers",
      "updateUser",
      "updateUser",
      "disableUser",
      "unassignUser",
      "assignUser",
      "deleteGroup",
      "deleteUser",
      "deleteUser",
    ]);
    expect(scenario.steps.filter((s) => s.do === "request")).toEqual([]);
    // The recorded title and department are kept; the family name, e-mail and userName are not the recorded ones.
    const text = await readFile(rec.file, "utf8");
    expect(text).toMatch(/title: Lead/);
    expect(text).not.toMatch(/Updated|alice\.new|bob\.renamed/);
    await checkFiles(rec);

    expect(await replay(rec.file)).toEqual({ failed: [], rules: [] });
    // B4: an RFC-literal SP empties the group on the value-array Remove.
    const wiped = await replay(rec.file, ["members-remove-wipes-group"]);
    expect(wiped.failed[0]).toBe("8 removeMembers");
    expect(wiped.rules).toContain("scenario.expect.state");
    // B2: an SP that skips capitalised ops loses the updates, the rename, the removal and the disable.
    const skipped = await replay(rec.file, ["capitalised-op-ignored"]);
    expect(skipped.failed).toEqual(
      expect.arrayContaining([
        "3 updateUser",
        "7 renameGroup",
        "8 removeMembers",
        "10 updateUser",
        "11 disableUser",
      ]),
    );
    expect(skipped.rules).toEqual(expect.arrayContaining(["entra.patch-applied", "scenario.expect.state"]));
    // B10: a filtered Replace that appends leaves the old work e-mail: the attribute update fails (and
    // the model re-sends it with the next update, as Entra does for what it could not export).
    const appended = await replay(rec.file, ["filtered-replace-appends"]);
    expect(appended.failed[0]).toBe("3 updateUser");
    expect(appended.failed.every((f) => f.endsWith(" updateUser"))).toBe(true);
    expect(appended.rules).toContain("entra.patch-applied");
    // B1: an SP that ignores "False" keeps both the disabled and the unassigned user active.
    const strings = await replay(rec.file, ["active-string-ignored"]);
    expect(strings.failed).toEqual(expect.arrayContaining(["11 disableUser", "12 unassignUser"]));
    // B11: an SP that refuses the bare-string manager fails the manager pass (the model's own rule).
    const manager = await replay(rec.file, ["manager-string-rejected"]);
    expect(manager.failed[0]).toBe("4 updateUser");
    expect(manager.rules).toContain("entra.user-patch-2xx");
  }, 120_000);

  it("with aadOptscim062020: the path-less replace with dotted and URN keys, the members filter removal", async () => {
    const rec = await record(
      `
id: record/entra-updates-flag
title: Entra updates to record, flag on
idp: entra
options: { aadOptscim062020: true }
given:
  users: { ann: {}, cat: {} }
  groups: { ops: { members: [ann, cat] } }
steps:
  - do: assignUser
    user: ann
  - do: assignUser
    user: cat
  - do: updateUser
    user: ann
    set: { givenName: Zed, title: Lead, department: Research, displayName: Zed Zulu }
  - do: assignGroup
    group: ops
  - do: removeMembers
    group: ops
    users: [cat]
`,
      "on",
    );
    const { scenario } = await loadScenario(rec.file);
    expect(scenario.options).toEqual({ aadOptscim062020: true });
    expect(scenario.steps.map((s) => s.do)).toEqual([
      "testConnection",
      "assignUser",
      "assignUser",
      "updateUser",
      "assignGroup",
      "addMembers",
      "removeMembers",
      "deleteGroup",
      "deleteUser",
      "deleteUser",
    ]);
    await checkFiles(rec);

    expect(await replay(rec.file)).toEqual({ failed: [], rules: [] });
    // B5: an SP that ignores dotted and URN keys loses the given name and department.
    const dotted = await replay(rec.file, ["dotted-keys-ignored"]);
    expect(dotted.failed).toEqual(["3 updateUser"]);
    // B25: an SP that cannot parse members[value eq "…"] keeps the member.
    const unparsed = await replay(rec.file, ["members-filter-unparsed"]);
    expect(unparsed.failed[0]).toBe("6 removeMembers");
    expect(unparsed.rules).toContain("entra.group-patch-2xx");
  }, 120_000);
});
