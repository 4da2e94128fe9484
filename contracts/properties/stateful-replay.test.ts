/**
 * The counterexample of every stateful invariant replays: for each quirk that breaks one invariant
 * (stateful-invariants.test.ts), the property fails, the counterexample shrinks, the saved scenario
 * validates against the scenario schema, and replaying the file is red on the fake with that quirk (on
 * a step that names the invariant) and green on the clean fake.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadScenario } from "../../harness/scenario/load-scenario.ts";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import { failingSteps, replayFile } from "../test-support/replay.ts";
import { counterexampleOf, saveCounterexample } from "./counterexample.ts";
import { runStatefulProperty } from "./stateful-property.ts";

/** Quirk → the invariant its counterexample breaks (and a failing replay step names), and the seeds. */
const QUIRKS: [quirk: string, invariant: string, seed: number][] = [
  ["last-modified-frozen", "meta.lastModified", 7],
  ["created-moves", "meta.created", 7],
  ["version-frozen", "meta.version", 7],
  ["location-collection-url", "meta.location", 7],
  ["resource-type-plural", "meta.resourceType", 7],
  ["password-returned", "schema.returned", 7],
  ["active-returned-as-string", "schema.type", 7],
  ["username-not-returned", "schema.required", 7],
  // Seed 7 reads the value back after the PATCH; seed 4 finds a PATCH the declaration makes invalid.
  ["readonly-displayname-writable", "schema.readOnly", 7],
  ["readonly-displayname-writable", "schema.readOnly", 4],
  ["user-groups-stale", "groups", 7],
  ["deleted-still-listed", "deleted", 7],
  ["projection-ignored", "projection", 7],
  // Seed 2 excludes name.givenName: the replay pins the sub-attribute of the complex name.
  ["projection-ignored", "projection", 2],
  // RFC 7644 §3.3 409 uniqueness; this quirk answers 400 instead.
  ["conflict-as-400", "uniqueness", 7],
];

for (const [quirk, invariant, seed] of QUIRKS) {
  it(`${quirk}: the shrunk counterexample (seed ${seed}) replays red on it, and green on the clean fake`, async () => {
    const breakage = { broken: quirk, quirks: [quirk] };
    const target = await startBrokenTarget(breakage);
    let result;
    try {
      result = await runStatefulProperty({
        target,
        seed,
        numRuns: 25,
        timeLimitMs: 20_000,
        timeoutMs: 5_000,
      });
    } finally {
      await target.stop();
    }
    expect(result.status, JSON.stringify(result.findings[0])).toBe("failed");
    expect(result.findings[0]!.title).toContain(invariant);
    const file = await saveCounterexample(result, await mkdtemp(join(tmpdir(), "scimh-replay-")));
    const { scenario } = await loadScenario(file);
    expect(scenario.steps.length).toBeGreaterThan(0);
    const broken = await replayFile(file, breakage);
    expect(broken.status, `case ${counterexampleOf(result)!.case}`).toBe("failed");
    expect(failingSteps(broken).join("\n")).toContain(`replays ${invariant}`);
    const clean = await replayFile(file);
    expect([clean.status, failingSteps(clean)]).toEqual(["passed", []]);
    if (quirk === "readonly-displayname-writable") {
      // A server that declares displayName readOnly and refuses the PATCH (RFC 7644 §3.5.2) replays green.
      const correct = await replayFile(file, { broken: "nothing", quirks: ["displayname-readonly"] });
      expect([correct.status, failingSteps(correct)]).toEqual(["passed", []]);
    }
  }, 90_000);
}
