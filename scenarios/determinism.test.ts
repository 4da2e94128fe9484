/**
 * Proof of the run-level promises of the value source: (a) the same `--seed` and `--run-id` send the same
 * requests (method, path and query, body) in the same order per scenario, and another seed sends other
 * values; (b) the data a run creates never collides: the whole library, every variant at the usual
 * concurrency, passes against a fake that also keeps emails and externalIds unique, without a 409.
 */
import { describe, expect, it } from "vitest";
import type { RunReport, ScenarioResult } from "../reports/index.ts";
import { runScenarios } from "../harness/runner/run-suite.ts";
import type { ScenarioVariant } from "../harness/scenario/expand-variants.ts";
import { parseScenario } from "../harness/scenario/load-scenario.ts";
import { traffic } from "../harness/runner/traffic.test-support.ts";
import { uniqueEmails } from "../fakes/quirks/unique-emails.ts";
import { uniqueExternalIds } from "../fakes/quirks/unique-external-ids.ts";
import { loadLibrary, runOnFake, startFake, variantsOf, type FakeSetup } from "./library.test-support.ts";

const library = await loadLibrary();
const variants = variantsOf(library);

async function run(seed: number, runId: string, only: readonly ScenarioVariant[] = variants) {
  const target = await startFake();
  try {
    return await runScenarios({ target, variants: only, seed, runId, concurrency: 4 });
  } finally {
    await target.stop();
  }
}

const byVariant = (report: RunReport) =>
  new Map(report.scenarios.map((s) => [`${s.id} [${s.variant}]`, traffic(s)]));

describe("same seed, same traffic", () => {
  it("two runs with --seed 42 --run-id same send byte-identical requests, in order, per scenario", async () => {
    const first = await run(42, "same");
    const second = await run(42, "same");
    expect(first.scenarios.length).toBe(variants.length);
    const a = byVariant(first);
    const b = byVariant(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    let requests = 0;
    for (const [key, lines] of a) {
      expect(b.get(key), key).toEqual(lines);
      requests += lines.length;
    }
    expect(requests).toBeGreaterThan(variants.length);
  }, 180_000);

  it("another seed sends other generated values (probe GUIDs, externalIds, names)", async () => {
    const some = variants.filter((v) =>
      ["entra/e1-test-connection", "entra/e2-new-user", "jumpcloud/jc2-bind-user"].includes(v.scenario.id),
    );
    expect(some.length).toBeGreaterThanOrEqual(3);
    const a = byVariant(await run(42, "same", some));
    const b = byVariant(await run(43, "same", some));
    for (const [key, lines] of a) {
      const other = b.get(key)!;
      expect(other.length, key).toBe(lines.length);
      expect(other, `${key} sent the same requests with another seed`).not.toEqual(lines);
    }
  }, 120_000);

  it("the comparison sees a difference: a traffic line differs when only a body value differs", () => {
    const result = (body: string): ScenarioResult =>
      ({
        exchanges: [{ request: { method: "POST", url: "/Users", headers: {}, body } }],
      }) as unknown as ScenarioResult;
    expect(traffic(result('{"a":1}'))).not.toEqual(traffic(result('{"a":2}')));
  });
});

/** 409 answers outside the steps that expect one (B14's duplicate create). */
function unexpectedConflicts(report: RunReport): string[] {
  const out: string[] = [];
  for (const result of report.scenarios) {
    const variant = variants.find((v) => v.scenario.id === result.id && v.name === result.variant);
    const expected = new Set(
      result.steps
        .filter((s) => variant?.scenario.steps[s.index]?.expect?.status?.includes(409) === true)
        .flatMap((s) => s.exchangeIds),
    );
    for (const exchange of result.exchanges) {
      if (exchange.response?.status === 409 && !expected.has(exchange.id))
        out.push(`${result.id} [${result.variant}] ${exchange.request.method} ${exchange.request.url}`);
    }
  }
  return out;
}

describe("unique test data", () => {
  // One mechanism for uniqueness (fakes/quirks/unique-values.ts): the quirks a vendor can switch on too.
  const strict: FakeSetup = { quirks: [uniqueEmails, uniqueExternalIds] };

  it("the whole library passes on a fake that keeps emails and externalIds unique, with no unexpected 409", async () => {
    const { report } = await runOnFake(strict, variants);
    expect(report.scenarios.length).toBe(variants.length);
    expect(unexpectedConflicts(report)).toEqual([]);
    const bad = report.scenarios.filter((s) => s.status !== "passed");
    expect(bad.map((s) => `${s.id} [${s.variant}] ${s.status} ${s.reason ?? ""}`)).toEqual([]);
  }, 180_000);

  it("the strict fake and the check catch shared values: two users with one literal email", async () => {
    const scenario = parseScenario(
      [
        "id: t/shared-email",
        "title: two users, one email",
        "idp: entra",
        "steps:",
        ...["a", "b"].flatMap((n) => [
          "  - do: request",
          "    method: POST",
          "    path: /Users",
          `    body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "\${runPrefix}-${n}", emails: [{ value: shared@example.com }] }`,
          `    capture: { ${n}: /id }`,
        ]),
        "",
      ].join("\n"),
      "t.yaml",
    );
    const probe: ScenarioVariant[] = [{ scenario, name: "default", options: {} }];
    const { report } = await runOnFake(strict, probe);
    expect(report.scenarios[0]?.exchanges.map((e) => e.response?.status)).toEqual([201, 409]);
    expect(unexpectedConflicts(report)).toHaveLength(1);
    const lenient = await runOnFake({}, probe);
    expect(lenient.report.scenarios[0]?.exchanges.map((e) => e.response?.status).slice(0, 2)).toEqual([
      201, 201,
    ]);
  }, 60_000);
});
