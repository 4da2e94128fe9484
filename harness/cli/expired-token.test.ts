/**
 * `--expired-token-env`: a URL target (no token controls) whose second credential has expired. The fake SP
 * is started here, issues a second token and expires it; the run gets the good token in one variable and
 * the expired one in another. And a `command:` target: the fake started as a process
 * (harness/targets/docker/fake-container-entry.ts) with `FAKE_EXPIRED_TOKEN`, a second token issued expired.
 * (`image:` and `dockerfile:` targets: harness/targets/docker/cli-lifecycle.container.test.ts.)
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { createFakeServiceProvider, defineQuirk } from "../../fakes/index.ts";
import { acceptToken } from "../../contracts/test-support/broken-target.ts";
import type { RunReport } from "../../reports/index.ts";
import { main } from "./main.ts";

const GOOD = "SCIMH_TEST_GOOD_TOKEN";
const EXPIRED = "SCIMH_TEST_EXPIRED_TOKEN";
/** The variable the fake's process reads its expired token from; the run reads the same one. */
const FAKE_EXPIRED = "FAKE_EXPIRED_TOKEN";
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  delete process.env[GOOD];
  delete process.env[EXPIRED];
  delete process.env[FAKE_EXPIRED];
});

/** A fake SP on loopback with a second token that has expired; `acceptsExpired` breaks its expiry check. */
async function fakeWithExpiredToken(acceptsExpired = false): Promise<{ url: string; expired: string }> {
  const fake = createFakeServiceProvider({ tokens: { value: "good-token-3c9e1a" } });
  const expired = fake.tokens.issue({});
  fake.tokens.expire(expired);
  if (acceptsExpired)
    fake.setQuirks([
      defineQuirk({
        id: "test-accepts-expired",
        title: "accepts an expired token",
        bugIds: [],
        sources: ["cli test"],
        description: "does not check token expiry",
        hooks: acceptToken(fake, (h) => {
          const r = fake.tokens.authenticate(h);
          return !r.ok && r.reason === "expired";
        }),
      }),
    ]);
  const listening = await fake.listen(0, "127.0.0.1");
  stops.push(() => listening.close());
  process.env[GOOD] = fake.tokens.primary;
  process.env[EXPIRED] = expired;
  return { url: listening.baseUrl, expired };
}

async function run(
  argv: string[],
): Promise<{ code: number; output: string; report: RunReport; files: string }> {
  const out = mkdtempSync(join(tmpdir(), "scimh-expired-"));
  let output = "";
  const capture = (chunk: unknown) => ((output += String(chunk)), true);
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  let code: number;
  try {
    process.exitCode = undefined;
    code = await main([...argv, "--token-env", GOOD, "--out", out, "--reporter", "console,json,junit,html"]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
  const files = readdirSync(out)
    .map((f) => readFileSync(join(out, f), "utf8"))
    .join("\n");
  return {
    code,
    output,
    report: JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport,
    files,
  };
}

const TOKEN_SCENARIOS = ["tokens/*", "entra/e9-*", "cinode/c4-*", "cinode/c6-*"];
const gate = (url: string) => [
  "run",
  "--target",
  url,
  ...TOKEN_SCENARIOS.flatMap((s) => ["--scenario", s]),
  "--check",
  "rfc7644.auth.*",
  "--num-runs",
  "3",
];
const statusOf = (report: RunReport, id: string) => report.contracts?.find((c) => c.id === id)?.status;

/**
 * A run whose refused credential the target refused: exit 0, both checks passed, every token scenario
 * passed and saw its 401, and the credential written nowhere.
 */
function expectRefusedEverywhere(result: Awaited<ReturnType<typeof run>>, secret: string): void {
  const { code, output, report, files } = result;
  expect(code, output).toBe(0);
  expect(statusOf(report, "rfc7644.auth.expired-token-401")).toBe("passed");
  expect(statusOf(report, "rfc7644.auth.refused-credential-no-change")).toBe("passed");
  const tokenScenarios = report.scenarios.filter((s) => /^(tokens\/|entra\/e9-|cinode\/c[46]-)/.test(s.id));
  expect(tokenScenarios.length).toBeGreaterThanOrEqual(3);
  expect(tokenScenarios.map((s) => `${s.id} ${s.status}`)).toEqual(
    tokenScenarios.map((s) => `${s.id} passed`),
  );
  // The refusals are in the report: each token scenario saw a 401 and recorded the quarantine.
  for (const s of tokenScenarios)
    expect(
      s.exchanges.some((e) => e.response?.status === 401),
      s.id,
    ).toBe(true);
  for (const text of [output, files]) expect(text).not.toContain(secret);
}

it("a URL target whose second credential has expired: every endpoint refuses it, nothing changes, the token scenarios run; the credential is written nowhere", async () => {
  const { url, expired } = await fakeWithExpiredToken();
  const result = await run([...gate(url), "--expired-token-env", EXPIRED]);
  expectRefusedEverywhere(result, expired);
}, 120_000);

it("without --expired-token-env, a URL target has no refused credential: the checks and token scenarios are not applicable, with the reason", async () => {
  const { url } = await fakeWithExpiredToken();
  const { code, report } = await run(gate(url));
  expect(code).toBe(0);
  for (const id of ["rfc7644.auth.expired-token-401", "rfc7644.auth.refused-credential-no-change"]) {
    const check = report.contracts?.find((c) => c.id === id);
    expect(check?.status).toBe("notApplicable");
    expect(check?.reason).toContain("--expired-token-env is not set");
  }
  const e9 = report.scenarios.find((s) => s.id === "entra/e9-token-expiry");
  expect(e9?.status).toBe("notApplicable");
  expect(e9?.reason).toContain("tokenControl");
  expect(e9?.reason).toContain("--expired-token-env");
}, 120_000);

it("a target that accepts the expired credential fails, with findings naming it", async () => {
  const { url, expired } = await fakeWithExpiredToken(true);
  const { code, report, output, files } = await run([...gate(url), "--expired-token-env", EXPIRED]);
  expect(code).toBe(1);
  expect(statusOf(report, "rfc7644.auth.expired-token-401")).toBe("failed");
  expect(statusOf(report, "rfc7644.auth.refused-credential-no-change")).toBe("failed");
  const refused = report.findings.filter((f) => f.ruleId === "rfc7644.auth.expired-token-401");
  expect(refused.length).toBeGreaterThan(0);
  for (const f of refused) {
    expect(f.severity).toBe("error");
    expect(f.message).toContain(`the credential in $${EXPIRED} (--expired-token-env)`);
  }
  expect(report.scenarios.find((s) => s.id === "entra/e9-token-expiry")?.status).toBe("failed");
  for (const text of [output, files]) expect(text).not.toContain(expired);
}, 120_000);

it("refuses an --expired-token-env that is unset or holds the run's own token (exit 2)", async () => {
  const { url } = await fakeWithExpiredToken();
  delete process.env[EXPIRED];
  const out = mkdtempSync(join(tmpdir(), "scimh-expired-"));
  const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    expect(
      await main(["run", "--target", url, "--token-env", GOOD, "--expired-token-env", EXPIRED, "--out", out]),
    ).toBe(2);
    process.env[EXPIRED] = process.env[GOOD]!;
    expect(
      await main(["run", "--target", url, "--token-env", GOOD, "--expired-token-env", EXPIRED, "--out", out]),
    ).toBe(2);
  } finally {
    quiet.mockRestore();
    process.exitCode = undefined;
  }
});

/** The fake as a `command:` target, with its token and an expired second one passed through `--env`. */
function commandTarget(quirks?: string): string[] {
  process.env[GOOD] = "good-token-cmd-5be2d1";
  process.env[FAKE_EXPIRED] = "expired-token-cmd-a94f07";
  return [
    "--base-path",
    "/scim/v2",
    "--env",
    "SCIM_TOKEN={token}",
    "--env",
    FAKE_EXPIRED, // KEY alone: copied from the harness's environment, never on a command line
    "--env",
    "FAKE_HOST=127.0.0.1",
    ...(quirks !== undefined ? ["--env", `FAKE_QUIRKS=${quirks}`] : []),
    "--expired-token-env",
    FAKE_EXPIRED,
  ];
}
const COMMAND = "command:node --import tsx harness/targets/docker/fake-container-entry.ts";

it("a command: target whose second credential has expired: refused on every endpoint, nothing changes, the token scenarios run; written nowhere", async () => {
  const result = await run([...gate(COMMAND), ...commandTarget()]);
  expect(result.report.target.kind).toBe("command");
  expectRefusedEverywhere(result, process.env[FAKE_EXPIRED]!);
}, 120_000);

it("a command: target that accepts its expired credential (expired-token-accepted) fails, with findings naming it", async () => {
  const args = commandTarget("expired-token-accepted");
  const expired = process.env[FAKE_EXPIRED]!;
  const { code, report, output, files } = await run([...gate(COMMAND), ...args]);
  expect(code, output).toBe(1);
  expect(statusOf(report, "rfc7644.auth.expired-token-401")).toBe("failed");
  expect(statusOf(report, "rfc7644.auth.refused-credential-no-change")).toBe("failed");
  const refused = report.findings.filter((f) => f.ruleId === "rfc7644.auth.expired-token-401");
  expect(refused.length).toBeGreaterThan(0);
  for (const f of refused)
    expect(f.message).toContain(`the credential in $${FAKE_EXPIRED} (--expired-token-env)`);
  expect(report.scenarios.find((s) => s.id === "entra/e9-token-expiry")?.status).toBe("failed");
  for (const text of [output, files]) expect(text).not.toContain(expired);
}, 120_000);
