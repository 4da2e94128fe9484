/**
 * The whole suite (scenarios, contract checks, properties) against SCIMMY, an independent SCIM server
 * (contracts/test-support/scimmy-server.ts), through the CLI's own `run` code path with a fixed seed.
 * Every failure must be a reviewed entry of contracts/scimmy-deviations.yaml, and every entry must still
 * fail: a new failure is a SCIMMY deviation to review or a harness regression, a stale entry was fixed.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../reports/index.ts";
import { runCommand } from "../harness/cli/run-command.ts";
import {
  compareWithDeviations,
  describeFailure,
  failuresOf,
  loadDeviationFile,
  type Comparison,
  type DeviationFile,
  type Failure,
} from "./test-support/deviations.ts";
import { startScimmyServer } from "./test-support/scimmy-server.ts";

const DEVIATIONS = new URL("./scimmy-deviations.yaml", import.meta.url).pathname;
const SEED = 20_240_614;
/** Runs per property: bounded so the whole file stays well under a minute on two shared cores. */
const NUM_RUNS = 25;

let out: string;
let exitCode: number;
let report: RunReport;
let failures: Failure[];
let file: DeviationFile;
let comparison: Comparison;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "scimh-scimmy-"));
  const server = await startScimmyServer();
  // A credential SCIMMY never issued: the refused-credential checks and the token scenarios run too.
  process.env["SCIMH_SCIMMY_REFUSED_TOKEN"] = "scimh-revoked-0f9e8d7c6b";
  try {
    exitCode = await runCommand({
      target: server.baseUrl,
      token: server.token,
      tokenEnv: "SCIM_TOKEN",
      expiredTokenEnv: "SCIMH_SCIMMY_REFUSED_TOKEN",
      suite: "all",
      seed: SEED,
      numRuns: NUM_RUNS,
      runId: "scimmy",
      reporter: ["json"],
      out,
      failOn: "error",
      bail: false,
      timeout: 10_000,
      concurrency: 4,
      list: false,
      waivers: false,
    });
  } finally {
    delete process.env["SCIMH_SCIMMY_REFUSED_TOKEN"];
    await server.stop();
  }
  report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  failures = failuresOf(report);
  file = await loadDeviationFile(DEVIATIONS);
  comparison = compareWithDeviations(failures, file);
}, 120_000);

afterAll(async () => {
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

describe("SCIMMY as an independent target", () => {
  it("ran every suite to the end", () => {
    expect(report.run.incomplete).toBe(false);
    expect(report.summary.scenarios.total).toBeGreaterThan(50);
    expect(report.summary.scenarios.passed).toBeGreaterThan(0);
    expect(report.properties?.map((p) => p.id).sort()).toEqual([
      "property.filters",
      "property.patch",
      "property.stateful",
    ]);
    // The contract suite reports passed checks only through the absence of findings: at least its
    // not-applicable notes must be there, so it did run.
    expect(
      report.findings.some((f) => f.ruleId.startsWith("rfc7644.") || f.ruleId.startsWith("rfc7643.")),
    ).toBe(true);
    // The refused credential reached the auth checks and the token scenarios.
    expect(report.contracts?.find((c) => c.id === "rfc7644.auth.expired-token-401")?.status).toBe("passed");
    expect(report.scenarios.find((s) => s.id === "entra/e9-token-expiry")?.status).toBe("passed");
    // Not-applicable scenarios carry their reason.
    for (const s of report.scenarios.filter((s) => s.status === "notApplicable"))
      expect(s.reason, `${s.id} [${s.variant}]`).toMatch(/\S/);
  });

  it("exits 1 when a finding fails the run (2 would mean it could not run)", () => {
    expect(exitCode).toBe(report.summary.findings.error > 0 ? 1 : 0);
  });

  it("fails only where contracts/scimmy-deviations.yaml says it does", () => {
    const lines = comparison.unlisted.map(describeFailure);
    if (lines.length > 0)
      process.stderr.write(
        `failures against SCIMMY not in ${DEVIATIONS}:\n${lines.map((l) => `  ${l}`).join("\n")}\n`,
      );
    expect(
      lines,
      `${lines.length} failure(s) against SCIMMY are not in contracts/scimmy-deviations.yaml ` +
        "(a new SCIMMY deviation to review, or a harness regression)",
    ).toEqual([]);
  });

  it("has no stale entry in contracts/scimmy-deviations.yaml", () => {
    expect(
      comparison.stale,
      "entries that no longer fail against SCIMMY: delete them (fixed in the harness, or in SCIMMY)",
    ).toEqual([]);
  });

  it("keeps the harness faults apart from SCIMMY's deviations", () => {
    expect(comparison.covered.deviations).toBeGreaterThan(0);
    expect(file.deviations.length).toBeGreaterThan(0);
  });
});
