/**
 * Tokens the target issues to the run itself (the fake's token controls: `rotateToken` / `expireToken`
 * steps, the refused-credential checks) came from no variable: their curl lines say `$SCIM_ISSUED_TOKEN`, never `$SCIM_TOKEN` (which would
 * replay with another credential), and no issued token's value is in report.json, junit.xml, report.html
 * or on the console.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import type * as TokenRegistryModule from "../../fakes/auth/token-registry.ts";
import type { RunReport } from "../../reports/index.ts";
import { expandHtmlReport } from "../../reports/test-support/html-fragments.ts";
import { runCommand } from "./run-command.ts";

vi.setConfig({ testTimeout: 120_000 });

// Every token the fake issues, as it issues it (the test's view of the secrets; the harness has no such list).
const issued = vi.hoisted((): string[] => []);
vi.mock("../../fakes/auth/token-registry.ts", async (importOriginal) => {
  const original = await importOriginal<typeof TokenRegistryModule>();
  return {
    ...original,
    createTokenRegistry: (options: Parameters<typeof original.createTokenRegistry>[0]) => {
      const registry = original.createTokenRegistry(options);
      return {
        ...registry,
        issue: (...args: Parameters<typeof registry.issue>) => {
          const token = registry.issue(...args);
          issued.push(token);
          return token;
        },
      };
    },
  };
});

const out: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(out.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

it("curl lines of issued tokens say $SCIM_ISSUED_TOKEN; no issued token is in any report or on the console", async () => {
  const dir = await mkdtemp(join(tmpdir(), "scimh-issued-"));
  out.push(dir);
  let printed = "";
  const capture = (chunk: unknown) => ((printed += String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  await runCommand({
    // An SP that accepts its expired tokens: the token scenarios fail, so the console prints their curl lines.
    target: "fake:generic+expired-token-accepted",
    tokenEnv: "SCIMH_ISSUED_TEST_UNSET",
    scenario: ["tokens/*"],
    targetPort: 8080,
    startupTimeout: 60_000,
    reporter: ["console", "json", "junit", "html"],
    verbose: true,
    out: dir,
    failOn: "error",
    bail: false,
    timeout: 10_000,
    concurrency: 2,
    list: false,
    seed: 7,
    runId: "issued",
  });
  vi.restoreAllMocks();

  const json = await readFile(join(dir, "report.json"), "utf8");
  const report = JSON.parse(json) as RunReport;
  const curls = report.scenarios.flatMap((s) => s.exchanges.map((e) => e.curl));
  expect(report.scenarios.length).toBeGreaterThan(0);
  // The token scenarios rotated and expired tokens: the fake issued some, and requests carried them.
  expect(issued.length).toBeGreaterThan(0);
  expect(curls.some((c) => c.includes(`"Authorization: Bearer $SCIM_ISSUED_TOKEN"`))).toBe(true);
  const findings = report.findings.concat(
    report.scenarios.flatMap((s) => s.steps.flatMap((st) => st.findings)),
  );
  expect(findings.some((f) => f.curl?.includes("$SCIM_ISSUED_TOKEN") === true)).toBe(true);
  // Each token scenario sends only issued tokens (its own, so expiring one disturbs nothing beside it).
  for (const curl of curls) expect(curl).not.toContain("$SCIM_TOKEN");

  const outputs = {
    "report.json": json,
    "junit.xml": await readFile(join(dir, "junit.xml"), "utf8"),
    "report.html": expandHtmlReport(await readFile(join(dir, "report.html"), "utf8")),
    console: printed,
  };
  expect(outputs.console).toContain("SCIM_ISSUED_TOKEN");
  for (const [name, text] of Object.entries(outputs)) {
    for (const token of issued) expect(text.includes(token), `${name} holds an issued token`).toBe(false);
  }
});
