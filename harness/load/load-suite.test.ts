import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import { createFakeServiceProvider } from "../../fakes/index.ts";
import { validateReport, writeReports, type RunReport } from "../../reports/index.ts";
import { runSuites } from "../runner/run-suites.ts";
import { serveFake } from "../targets/fake-target.ts";
import { loadSuite, type LoadOptions } from "./load-suite.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function loadRun(quirks: string[], options: Partial<LoadOptions> = {}, seed = 11) {
  const fake = createFakeServiceProvider({ quirks });
  const target = await serveFake(fake);
  const issued: string[] = [];
  const controls = target.tokenControls!;
  const counted = {
    ...target,
    tokenControls: {
      ...controls,
      issueToken: async () => {
        const token = await controls.issueToken();
        issued.push(token);
        return token;
      },
    },
  };
  const suite = loadSuite({
    idp: "entra",
    users: 12,
    groups: 2,
    memberships: 12,
    tenants: 2,
    perTenantPerSecond: undefined,
    concurrency: 3,
    maxDurationMs: 60_000,
    p99MaxMs: 60_000,
    errorRateMax: 0.01,
    progressMs: 100_000,
    ...options,
  });
  const logs: string[] = [];
  try {
    const report = await runSuites({
      target: counted,
      suites: [suite],
      seed,
      runId: "ld",
      preflight: false,
      reporters: [{ onLog: (line) => void logs.push(line) }],
      finalize: (raw: RunReport) => ({ ...raw, load: suite.result()! }),
    });
    return { report, load: report.load!, fake, issued, logs };
  } finally {
    await target.stop();
  }
}

const svgs = (html: string): string[] => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("scim-harness load against the fake", () => {
  it("the clean fake: the cycle completes with per-kind percentiles, cleans up, and the report has both charts", async () => {
    const { report, load, fake, issued } = await loadRun([]);
    // Entra's mix, per tenant: probe once, per user lookup + create, manager pass, per group lookup, create, members.
    const kinds = Object.fromEntries(load.kinds.map((k) => [k.kind, k]));
    expect(kinds["GET /Users (probe)"]?.requests).toBe(2);
    expect(kinds["GET /Users (lookup)"]?.requests).toBe(24);
    expect(kinds["POST /Users (create)"]?.requests).toBe(24);
    expect(kinds["PATCH /Users (manager)"]?.requests).toBe(22); // every user but the first has a manager
    expect(kinds["GET /Groups (lookup)"]?.requests).toBe(4);
    expect(kinds["POST /Groups (create)"]?.requests).toBe(4);
    expect(kinds["PATCH /Groups (membership)"]?.requests).toBe(4);
    for (const k of load.kinds) {
      expect(k.errors).toBe(0);
      expect(k.latencyMs.p50).toBeGreaterThan(0);
      expect(k.latencyMs.p50).toBeLessThanOrEqual(k.latencyMs.p95);
      expect(k.latencyMs.p95).toBeLessThanOrEqual(k.latencyMs.p99);
      expect(k.latencyMs.p99).toBeLessThanOrEqual(k.latencyMs.max);
    }
    expect(load.requests).toBe(84);
    expect(load.verdict).toMatchObject({ status: "passed", reasons: [] });
    expect(load.tenantResults.map((t) => t.credential)).toEqual(["own", "own"]);
    expect(issued).toHaveLength(2);
    expect(new Set(issued).size).toBe(2);
    // Created on the fake, then deleted: nothing is left.
    expect(load.cleanup).toEqual({ attempted: 28, deleted: 28, failures: [] });
    expect(fake.store.count("User")).toBe(0);
    expect(fake.store.count("Group")).toBe(0);
    expect(load.projection.objectsPerTenant).toBe(26);
    expect(load.projection.entraMaxMinutes).toBeCloseTo(2.08);
    expect(validateReport(report)).toEqual([]);

    const out = await mkdtemp(join(tmpdir(), "scim-load-"));
    dirs.push(out);
    await writeReports(report, { outDir: out, formats: ["json", "html", "markdown"], secrets: [] });
    const json = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
    expect(json.load?.kinds).toHaveLength(7);
    const html = await readFile(join(out, "report.html"), "utf8");
    const [overTime, histogram] = svgs(html.slice(html.indexOf('<section id="load">')));
    const timeChart = parser.parse(overTime!).svg;
    const series = asArray(timeChart.polyline as { "data-series": string; points: string }[]);
    expect(series.map((s) => s["data-series"])).toEqual(["p50", "p99", "max"]);
    for (const s of series) expect(s.points.split(" ")).toHaveLength(load.timeline.length);
    const bars = asArray(parser.parse(histogram!).svg.rect as { class?: string; "data-count"?: string }[]);
    const counts = bars.filter((r) => r.class === "bucket").map((r) => Number(r["data-count"]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(load.requests);
    const md = await readFile(join(out, "summary.md"), "utf8");
    expect(md).toMatch(/### Load: ✓ passed/);
    expect(md).toMatch(/\| POST \/Users \(create\) \| 24 \|/);
  }, 60_000);

  it("the same seed sends the same requests; every created value is unique in the run", async () => {
    const names = async () => {
      const fake = createFakeServiceProvider();
      const seen: string[] = [];
      const target = await serveFake(fake);
      const suite = loadSuite({
        idp: "entra",
        users: 5,
        groups: 1,
        memberships: 5,
        tenants: 2,
        perTenantPerSecond: undefined,
        concurrency: 1,
        maxDurationMs: 30_000,
      });
      const original = fake.store.create.bind(fake.store);
      fake.store.create = (type, data) => {
        seen.push(`${type}:${String(data["userName"] ?? data["displayName"])}:${String(data["externalId"])}`);
        return original(type, data);
      };
      try {
        await runSuites({ target, suites: [suite], seed: 5, runId: "same", preflight: false });
      } finally {
        await target.stop();
      }
      return seen.sort();
    };
    const [a, b] = [await names(), await names()];
    expect(a).toHaveLength(12);
    expect(a).toEqual(b);
    expect(new Set(a.map((s) => s.split(":")[1])).size).toBe(12);
    expect(new Set(a.map((s) => s.split(":")[2])).size).toBe(12);
  }, 60_000);

  it("rate-limit-429: the 429s, the Retry-After waits and the longer cycle are reported, and nothing fails", async () => {
    const { load, fake } = await loadRun(["rate-limit-429=20/1000"], { users: 10, memberships: 10 });
    expect(load.rateLimit.responses).toBeGreaterThan(0);
    expect(load.rateLimit.withRetryAfter).toBe(load.rateLimit.responses);
    expect(load.rateLimit.retryAfterAskedMs).toBeGreaterThanOrEqual(1000);
    expect(load.rateLimit.waitedMs).toBeGreaterThan(0);
    const limited = load.kinds.reduce((a, k) => a + (k.byClass["429"] ?? 0), 0);
    expect(limited).toBe(load.rateLimit.responses);
    // Honoured Retry-After: every refused request went through on a retry.
    expect(load.errors).toBe(0);
    expect(load.verdict.status).toBe("passed");
    // 72 requests at 20 per second take at least three windows: the cycle time shows the waits.
    expect(load.durationMs).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...load.tenantResults.map((t) => t.retryAfterWaitMs))).toBeGreaterThan(0);
    expect(fake.store.count("User")).toBe(0);
  }, 60_000);

  it("a 429 without Retry-After that never ends: the errors break the verdict and the model's B24 finding is counted", async () => {
    const { load } = await loadRun(["rate-limit-429=8/60000/no-retry-after"], {
      users: 4,
      memberships: 4,
      tenants: 1,
      maxRetries: 1,
    });
    expect(load.rateLimit.responses).toBeGreaterThan(0);
    expect(load.rateLimit.withRetryAfter).toBe(0);
    expect(load.errors).toBeGreaterThan(0);
    expect(load.verdict.status).toBe("failed");
    expect(load.verdict.reasons.join(" ")).toMatch(/error rate/);
    expect(load.modelFindings.map((f) => f.ruleId)).toContain("entra.no-429");
  }, 60_000);
});

it("filter-miss-404 (B9): Entra quarantines the job on its first lookup, and the verdict fails instead of passing what never ran", async () => {
  const fake = createFakeServiceProvider({ quirks: ["filter-miss-404"] });
  const target = await serveFake(fake);
  const suite = loadSuite({
    idp: "entra",
    users: 6,
    groups: 1,
    memberships: 6,
    tenants: 1,
    perTenantPerSecond: undefined,
    concurrency: 2,
    maxDurationMs: 30_000,
    errorRateMax: 1,
  });
  try {
    const report = await runSuites({ target, suites: [suite], seed: 1, runId: "q", preflight: false });
    const load = suite.result()!;
    expect(load.tenantResults[0]?.quarantined).toMatch(/SCIM Compliance issue/);
    expect(load.stoppedEarly).toMatch(/quarantined/);
    expect(load.verdict.status).toBe("failed");
    expect(report.run.incomplete).toBe(true);
    expect(fake.store.count("User")).toBe(0);
  } finally {
    await target.stop();
  }
}, 60_000);
