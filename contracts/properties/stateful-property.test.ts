import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadScenario } from "../../harness/scenario/load-scenario.ts";
import { displayNameReadOnly } from "../../fakes/quirks/displayname-readonly.ts";
import { uniqueEmails } from "../../fakes/quirks/unique-emails.ts";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { failingSteps, replayFile } from "../test-support/replay.ts";
import { counterexampleOf, saveCounterexample } from "./counterexample.ts";
import { runStatefulProperty } from "./stateful-property.ts";

/** B6: a rename (any PATCH that changes displayName) empties the group. */
const RENAME_WIPES: Breakage = {
  broken: "empties a group on rename (B6)",
  hooks: {
    beforeCommit: (_ctx, change) =>
      change.operation === "patch" &&
      change.resourceType === "Group" &&
      change.before?.["displayName"] !== change.after["displayName"]
        ? { ...change.after, members: [] }
        : change.after,
  },
};

/** B8: no per-resource lock and a pause between read and write: concurrent PATCHes lose updates. */
const RACY: Breakage = {
  broken: "read-modify-writes group PATCHes without a lock (B8)",
  serialiseMutations: false,
  hooks: {
    async beforeCommit(ctx, change) {
      await ctx.sleep(5);
      return change.after;
    },
  },
};

async function run(breakage: Breakage | undefined, seed: number, numRuns = 25) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runStatefulProperty({ target, seed, numRuns, timeLimitMs: 10_000, timeoutMs: 5_000 });
  } finally {
    await target.stop();
  }
}

it("passes on the clean fake", async () => {
  expect(await run(undefined, 5, 15)).toMatchObject({
    id: "property.stateful",
    status: "passed",
    numRuns: 15,
    findings: [],
  });
}, 60_000);

it("passes on a server that declares displayName readOnly and one that keeps emails and displayNames unique (issue #14 class 5)", async () => {
  for (const quirks of [[displayNameReadOnly], [uniqueEmails]]) {
    const result = await run({ broken: quirks[0]!.title, quirks }, 5, 15);
    expect(result.findings).toEqual([]);
    expect([result.status, result.numRuns]).toEqual(["passed", 15]);
  }
}, 60_000);

it("still fails on a readOnly-displayName server that ignores title PATCHes", async () => {
  const titleIgnored: Breakage = {
    broken: "declares displayName readOnly and ignores PATCHes of title",
    quirks: [displayNameReadOnly],
    hooks: {
      transformPatchOperations: (_ctx, ops) =>
        ops.filter((o) => String(o["path"] ?? "").toLowerCase() !== "title"),
    },
  };
  const result = await run(titleIgnored, 5);
  expect(result.status).toBe("failed");
  expect(result.findings[0]?.message).toMatch(/title is/);
}, 60_000);

it("fails when a rename empties the group (B6), and the counterexample replays it", async () => {
  const result = await run(RENAME_WIPES, 2);
  expect(result.status).toBe("failed");
  expect(result.findings[0]).toMatchObject({
    ruleId: "property.stateful",
    severity: "error",
    evidence: ["B6", "[S1]"],
  });
  expect(result.findings[0]!.title).toMatch(/group g\d+ differs from the model after a rename$/);
  expect(counterexampleOf(result)!.case).toContain("RenameGroup(");
  const file = await saveCounterexample(result, await mkdtemp(join(tmpdir(), "scimh-ce-")));
  const { scenario } = await loadScenario(file);
  expect(scenario.appliesTo).toEqual(["users", "groups"]);
  const broken = await replayFile(file, RENAME_WIPES);
  expect(broken.status).toBe("failed");
  expect(failingSteps(broken).join()).toMatch(/is a member of g\d+/);
  const clean = await replayFile(file);
  expect([clean.status, failingSteps(clean)]).toEqual(["passed", []]);
}, 60_000);

it("fails on concurrent member adds against a server without a lock (B8)", async () => {
  const result = await run(RACY, 2);
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.evidence).toEqual(["B8"]);
  expect(counterexampleOf(result)!.case).toContain("ConcurrentAdd(");
}, 60_000);

it("fails on the catalogued members-remove-wipes-group quirk (B4) with Entra's value-array remove", async () => {
  const result = await run(
    { broken: "removes every member on a value-array remove", quirks: ["members-remove-wipes-group"] },
    3,
  );
  expect(result.status).toBe("failed");
  // Entra's form accepted with 2xx and not applied as Entra means it: Entra's rule, not the RFC model's.
  expect(result.findings[0]).toMatchObject({ ruleId: "entra.group-patch-applied", severity: "error" });
  expect(result.findings[0]!.evidence).toEqual(["B4", "[S2]", "[C5]"]);
  expect(counterexampleOf(result)!.case).toContain("value array");
}, 60_000);

it('reports a disable Entra sends as "False" and the SP ignores under entra.patch-applied, citing the PATCH', async () => {
  const result = await run({ broken: "drops string active values", quirks: ["active-string-ignored"] }, 3);
  expect(result.status).toBe("failed");
  expect(result.findings[0]).toMatchObject({ ruleId: "entra.patch-applied", severity: "error" });
  expect(counterexampleOf(result)!.case).toMatch(/SetActive\(\d+, (true|false), entra\)/);
  // The first exchange is the PATCH, so that the finding shares a root cause with the scenarios'.
  expect(result.findings[0]!.curl).toMatch(/-X PATCH/);
}, 60_000);

it("passes a strict RFC server that refuses Entra's forms, noting each refusal under Entra's rule (issue #14)", async () => {
  const result = await run({ broken: "nothing (strict PATCH)", patchMode: "strict" }, 5, 15);
  expect([result.status, result.numRuns]).toEqual(["passed", 15]);
  const rules = new Set(result.findings.map((f) => f.ruleId));
  expect(rules.has("property.stateful")).toBe(false);
  expect(rules.size).toBeGreaterThan(0);
  for (const rule of rules) expect(["entra.user-patch-2xx", "entra.group-patch-2xx"]).toContain(rule);
}, 60_000);

it("fails when add members replaces the members (B7)", async () => {
  const result = await run(
    {
      broken: "replaces the members on add (B7)",
      hooks: {
        transformPatchOperations: (_ctx, ops) =>
          ops.map((op) =>
            String(op.op).toLowerCase() === "add" && op.path === "members" ? { ...op, op: "replace" } : op,
          ),
      },
    },
    4,
  );
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toMatch(
    /differs from the model after (an add-members PATCH|\d+ concurrent add-member PATCHes)$/,
  );
}, 60_000);

it("fails when a deleted user can still be read", async () => {
  const result = await run(
    {
      broken: "acknowledges DELETE but keeps the user",
      hooks: {
        onRequest: (ctx) =>
          ctx.route.operation === "delete" && ctx.route.resourceType === "User"
            ? { status: 204, headers: {} }
            : undefined,
      },
    },
    6,
  );
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toMatch(/u\d+ is still there after DELETE$/);
}, 60_000);

it("fails when a PATCH that replaces the members appends them instead, and when a group PUT keeps the old members", async () => {
  const appends = await run(
    {
      broken: "replace on members adds",
      hooks: {
        transformPatchOperations: (_ctx, ops) =>
          ops.map((op) =>
            String(op.op).toLowerCase() === "replace" && op.path === "members" ? { ...op, op: "add" } : op,
          ),
      },
    },
    4,
  );
  expect(appends.status).toBe("failed");
  expect(appends.findings[0]!.title).toMatch(
    /group g\d+ differs from the model after a replace-members PATCH$/,
  );
  const keeps = await run(
    {
      broken: "group PUT keeps the stored members",
      hooks: {
        beforeCommit: (_ctx, change) =>
          change.operation === "replace" && change.resourceType === "Group"
            ? { ...change.after, members: change.before?.["members"] ?? [] }
            : change.after,
      },
    },
    4,
  );
  expect(keeps.status).toBe("failed");
  expect(keeps.findings[0]!.title).toMatch(/group g\d+ differs from the model after PUT$/);
}, 60_000);

it("passes on the clean fake when a PATCH removed the label attribute and a later command reads it back (seed 1217860568)", async () => {
  // The model took the removed displayName as the string "undefined" and failed a correct server.
  expect(await run(undefined, 1217860568, 25)).toMatchObject({ status: "passed", numRuns: 25, findings: [] });
}, 60_000);
