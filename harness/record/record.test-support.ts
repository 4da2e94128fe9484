/**
 * What the record tests share: the fakes and temporary folders a test starts (stopped and removed after
 * it), the "no credential in any written file nor on the console" check, `import har` of the recorded HAR
 * through the CLI, and the same traffic as a HAR another tool would have captured (issue #19 item 5).
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { importCommand } from "../cli/import-command.ts";
import type { IdpPlan } from "../import/har-idp.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { loadScenario, parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import type { RunReport } from "../../reports/index.ts";
import { recordCommand } from "./record-command.ts";

/** Fakes and folders a test file starts; `release()` stops and removes them (call it in afterEach/afterAll). */
export function testResources() {
  const started: StartedScimTarget[] = [];
  const dirs: string[] = [];
  return {
    async fake(quirks: string[] = []): Promise<StartedScimTarget> {
      const target = await new FakeTarget({ profile: "generic", quirks }).start();
      started.push(target);
      return target;
    },
    async dir(prefix: string): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    /** Replays a written scenario file on a fresh fake with `quirks` (or on `target`), seed 7. */
    async replay(file: string, quirks: string[] | StartedScimTarget, runId = "rep1"): Promise<RunReport> {
      const { scenario } = await loadScenario(file);
      return runScenarios({
        target: Array.isArray(quirks) ? await this.fake(quirks) : quirks,
        variants: expandVariants(scenario, file),
        seed: 7,
        runId,
      });
    },
    track(target: StartedScimTarget): StartedScimTarget {
      started.push(target);
      return target;
    },
    async release(): Promise<void> {
      await Promise.all(started.splice(0).map((t) => t.stop()));
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

/** No token and no Authorization header in any file of `dir`, and the token in no console line. */
export async function expectNoCredential(
  dir: string,
  lines: readonly string[],
  token: string,
): Promise<void> {
  for (const name of await readdir(dir)) {
    const text = await readFile(join(dir, name), "utf8");
    expect(text, name).not.toContain(token);
    expect(text, name).not.toMatch(/"name":\s*"authorization"|^\s*authorization:/im);
  }
  expect(lines.join("\n")).not.toContain(token);
}

/** `scim-harness import har --idp-steps <har> --out <out>` (its console output swallowed); the file written. */
export async function importRecordedHar(har: string, out: string): Promise<string> {
  const quiet = { write: process.stdout.write };
  process.stdout.write = () => true;
  try {
    expect(await importCommand("har", har, { out, idpSteps: true })).toBe(0);
  } finally {
    process.stdout.write = quiet.write;
  }
  return readFile(out, "utf8");
}

/** The recorded HAR as another tool would have captured it: no recorder notes, the Authorization header in it. */
export function capturedElsewhere(har: string, token: string): string {
  const { log } = JSON.parse(har) as {
    log: { entries: Array<{ request: { headers: object[] }; _scimHarness?: object }> };
  };
  const entries = log.entries.map(({ _scimHarness: _notes, ...entry }) => ({
    ...entry,
    request: {
      ...entry.request,
      headers: [...entry.request.headers, { name: "Authorization", value: `Bearer ${token}` }],
    },
  }));
  return JSON.stringify({
    log: { version: "1.2", creator: { name: "another proxy", version: "1" }, entries },
  });
}

/**
 * `scim-harness record --upstream <sp> --listen 127.0.0.1:0 --out <out>` running in process: the proxy's
 * URL, its console lines, and `stop()` (Ctrl-C) resolving to its exit code.
 */
export async function startRecording(
  sp: StartedScimTarget,
  out: string,
): Promise<{ url: string; lines: string[]; stop(): Promise<number> }> {
  const lines: string[] = [];
  const signal = new AbortController();
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (listening = resolve));
  const recording = recordCommand(
    { upstream: sp.baseUrl, listen: "127.0.0.1:0", out },
    {
      stdout: (l) => lines.push(l),
      stderr: (l) => lines.push(l),
      signal: signal.signal,
      onListening: listening,
    },
  );
  return {
    url: await url,
    lines,
    stop() {
      signal.abort();
      return recording;
    },
  };
}

/**
 * Replays an IdP planner's steps (what `import har --idp-steps` writes) through that IdP's model on a fresh
 * fake with `quirks`; the run's report.
 */
export async function replayPlanOnFake(
  plan: Extract<IdpPlan, { planned: unknown }>,
  idp: "entra" | "jumpcloud" | "okta",
  quirks: string[],
) {
  const scenario = parseScenario(
    JSON.stringify({
      id: `imported/${idp}-plan`,
      title: `${idp} plan`,
      idp,
      options: plan.options,
      given: plan.given,
      steps: plan.planned.map((p) => p.step),
    }),
    `${idp}-plan.json`,
  );
  const target = await new FakeTarget({ profile: "generic", quirks }).start();
  try {
    return await runScenarios({ target, variants: expandVariants(scenario), seed: 5, runId: "rp1" });
  } finally {
    await target.stop();
  }
}
