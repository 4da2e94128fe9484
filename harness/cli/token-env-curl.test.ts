/**
 * `--token-env OTHER`: every curl line of the report (findings and exchanges) names `$OTHER`, the variable
 * the run took its token from, and replays with it; none says `$SCIM_TOKEN`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import type { RunReport } from "../../reports/index.ts";
import { runCommand, type RunOptions } from "./run-command.ts";

vi.setConfig({ testTimeout: 120_000 });

// Lower case: the reports keep any valid shell variable name, not only UPPER_CASE ones.
const VARIABLE = "scimh_curl_test_other_token";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  delete process.env[VARIABLE];
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

it("curl lines name the --token-env variable and replay with it", async () => {
  const fake = await createFakeServiceProvider({
    tokens: { value: "curl-test-token-7f3a" },
    quirks: ["case-sensitive-routes"],
  }).listen();
  const out = await mkdtemp(join(tmpdir(), "scimh-token-env-"));
  cleanups.push(
    () => fake.close(),
    () => rm(out, { recursive: true, force: true }),
  );
  process.env[VARIABLE] = "curl-test-token-7f3a";
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const options: RunOptions = {
    target: fake.baseUrl,
    tokenEnv: VARIABLE,
    scenario: ["regressions/b20-*"],
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["json"],
    out,
    failOn: "error",
    bail: false,
    timeout: 10_000,
    concurrency: 2,
    list: false,
    seed: 5,
    runId: "tokenv",
  };
  await runCommand(options);
  vi.restoreAllMocks();
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  const findings = report.findings.concat(
    report.scenarios.flatMap((s) => s.steps.flatMap((st) => st.findings)),
  );
  const lines = [
    ...findings.flatMap((f) => (f.curl !== undefined ? [f.curl] : [])),
    ...(report.exchanges ?? []).map((e) => e.curl),
    ...report.scenarios.flatMap((s) => s.exchanges.map((e) => e.curl)),
  ];
  expect(findings.some((f) => f.curl !== undefined)).toBe(true);
  for (const line of lines) {
    expect(line).not.toContain("$SCIM_TOKEN");
    expect(line).not.toContain("curl-test-token-7f3a");
  }
  const authorized = lines.filter((l) => l.includes("Authorization:"));
  expect(authorized.length).toBeGreaterThan(0);
  for (const line of authorized) expect(line).toContain(`"Authorization: Bearer $${VARIABLE}"`);

  // The first GET's curl line authenticates with the variable set, as the run did.
  const get = authorized.find((l) => /^curl -X GET /.test(l));
  if (get === undefined || (!existsSync("/usr/bin/curl") && !existsSync("/bin/curl"))) return;
  const status = await new Promise<string>((resolve, reject) =>
    execFile(
      "sh",
      ["-c", `${get} -s -o /dev/null -w '%{http_code}'`],
      { env: { ...process.env, [VARIABLE]: "curl-test-token-7f3a" } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  expect(status).not.toBe("401");
});
