import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { PatchOperation, QuirkHooks } from "../../fakes/index.ts";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { failingSteps, replayFile } from "../test-support/replay.ts";
import { counterexampleOf, saveCounterexample } from "./counterexample.ts";
import { runPatchProperty } from "./patch-property.ts";

/** A server that rewrites each PATCH operation (or drops it, returning []). */
const eachOp = (fn: (op: PatchOperation) => PatchOperation[]): QuirkHooks => ({
  transformPatchOperations: (_ctx, ops) => ops.flatMap(fn),
});
const IGNORES_REMOVE: Breakage = {
  broken: "ignores remove operations",
  hooks: eachOp((op) => (String(op.op).toLowerCase() === "remove" ? [] : [op])),
};

async function run(
  breakage: Breakage | undefined,
  seed: number,
  extra: { idpTolerant?: boolean; numRuns?: number } = {},
) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runPatchProperty({
      target,
      seed,
      numRuns: extra.numRuns ?? 40,
      timeLimitMs: 10_000,
      timeoutMs: 5_000,
      ...(extra.idpTolerant !== undefined ? { idpTolerant: extra.idpTolerant } : {}),
    });
  } finally {
    await target.stop();
  }
}

it("passes on the clean fake, tolerant and strict", async () => {
  expect(await run(undefined, 9, { numRuns: 25 })).toMatchObject({
    id: "property.patch",
    status: "passed",
    numRuns: 25,
    findings: [],
  });
  expect(
    await run({ broken: "nothing (strict PATCH)", patchMode: "strict" }, 9, {
      numRuns: 25,
      idpTolerant: false,
    }),
  ).toMatchObject({ status: "passed", numRuns: 25 });
}, 60_000);

it("passes a strict RFC server that refuses the IdP forms, reporting each refusal under Entra's rule (issue #14)", async () => {
  const result = await run({ broken: "rejects Entra's non-RFC PATCH forms", patchMode: "strict" }, 9);
  // RFC 7644 allows the refusals: the property holds, and goes on after them.
  expect(result.status).toBe("passed");
  expect(result.numRuns).toBe(40);
  expect(result.findings.some((f) => f.ruleId === "property.patch")).toBe(false);
  const idp = result.findings.filter((f) => f.ruleId.startsWith("entra."));
  expect(idp.length).toBeGreaterThan(0);
  for (const f of idp) {
    expect(["entra.user-patch-2xx", "entra.filtered-replace-no-target"]).toContain(f.ruleId);
    expect(f.title).toMatch(
      /the SP refused the IdP form\(s\) (capitalised-op|string-boolean|dotted-key|extension-urn-key|replace-filter-no-match-adds|add-filter-no-match-adds)/,
    );
    // The IdP form, not the RFC, makes this a finding: it cites the evidence and the refused exchange.
    expect(f.evidence ?? []).not.toEqual([]);
    expect(f.exchangeIds.length).toBe(1);
  }
  expect(idp.find((f) => f.ruleId === "entra.user-patch-2xx")?.severity).toBe("error");
}, 60_000);

it("fails on a server that ignores remove, and the saved counterexample replays the failure", async () => {
  const result = await run(IGNORES_REMOVE, 4);
  expect(result.status).toBe("failed");
  expect(result.findings[0]).toMatchObject({
    ruleId: "property.patch",
    severity: "error",
    rfc: "RFC 7644 §3.5.2",
  });
  // Either a remove that should have changed the user, or one that should have been refused (noTarget).
  expect(result.findings[0]!.title).toMatch(
    /: (the patched user differs from RFC 7644 §3\.5\.2|an invalid PATCH was not rejected)$/,
  );
  expect(counterexampleOf(result)!.case).toMatch(/"op":"[Rr]emove"/);
  const file = await saveCounterexample(result, await mkdtemp(join(tmpdir(), "scimh-ce-")));
  const broken = await replayFile(file, IGNORES_REMOVE);
  expect(broken.status).toBe("failed");
  expect(failingSteps(broken).length).toBeGreaterThan(0);
  const clean = await replayFile(file);
  expect([clean.status, failingSteps(clean)]).toEqual(["passed", []]);
}, 60_000);

it("fails on the catalogued active-string-ignored quirk under entra.patch-applied, citing B1", async () => {
  const result = await run({ broken: "drops string active values", quirks: ["active-string-ignored"] }, 7);
  expect(result.status).toBe("failed");
  expect(counterexampleOf(result)!.case).toMatch(/"path":"active","value":"(True|False)"/);
  // The SP took Entra's form with 2xx and did not apply it: the rule the scenarios use for the same bug.
  expect(result.findings[0]).toMatchObject({ ruleId: "entra.patch-applied", severity: "error" });
  // Shrunk to the one operation that shows it.
  expect(counterexampleOf(result)!.case).toMatch(/"operations":\[\{[^\]]*\}\]/);
  expect(result.findings[0]!.evidence).toEqual(["B1", "[S2]"]);
}, 60_000);

it("fails on a server that treats add on emails as replace (B7-like)", async () => {
  const result = await run(
    {
      broken: "replaces emails on add",
      hooks: eachOp((op) =>
        String(op.op).toLowerCase() === "add" && op.path === "emails" ? [{ ...op, op: "replace" }] : [op],
      ),
    },
    12,
    { numRuns: 80 },
  );
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.message).toContain("emails is");
}, 60_000);
