import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { XMLParser } from "fast-xml-parser";
import type { RunReport } from "../../reports/index.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const TSX = join(ROOT, "node_modules/.bin/tsx");
const children: ChildProcess[] = [];
/**
 * Each child leads its own process group (`detached`): tsx runs the script in a node child of its own, so
 * killing the tsx pid alone would leave that node process (a fake SP, a harness run) running.
 */
const killGroup = (c: ChildProcess) => {
  try {
    if (c.pid !== undefined) process.kill(-c.pid, "SIGKILL");
  } catch {
    // the group is gone already
  }
};
afterEach(() => {
  for (const c of children.splice(0)) killGroup(c);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  args: string[],
  env: Record<string, string> = {},
  onStdout?: (text: string, child: ChildProcess) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ["harness/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: "true", ...env },
      detached: true,
    });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      onStdout?.(stderr, child);
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `npm run fake` as a separate process with a fixed token; resolves to its base URL. */
function startFake(token: string, quirks: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      TSX,
      [
        "fakes/cli.ts",
        "--port",
        "0",
        "--token",
        token,
        ...(quirks.length ? ["--quirks", quirks.join(",")] : []),
      ],
      { cwd: ROOT, detached: true },
    );
    children.push(child);
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Base URL\s*:\s*(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("close", () => reject(new Error(`fake exited: ${out}`)));
  });
}

const tmp = () => mkdtemp(join(tmpdir(), "scim-harness-cli-"));

it("never writes or prints the token or the --expired-token-env credential: canaries appear in no output file, stdout or stderr", async () => {
  const canary = "canary-tok-7f3a9c1e5d";
  // A credential the target refuses (it never issued it): sent by the token scenarios and the auth checks.
  const refusedCanary = "canary-refused-tok-2d8b6f4a9e";
  const url = await startFake(canary, ["active-string-ignored"]);
  const out = await tmp();
  const result = await run(
    [
      "run",
      "--target",
      url,
      "--idp",
      "entra",
      "--expired-token-env",
      "SCIM_EXPIRED_TOKEN",
      "--num-runs",
      "5",
      "--reporter",
      "console,json,junit,html",
      "--out",
      out,
    ],
    { SCIM_TOKEN: canary, SCIM_EXPIRED_TOKEN: refusedCanary },
  );
  expect(result.code).toBe(1); // the quirk makes scenarios fail, so the findings (with curl lines) are written
  const files = await readdir(out);
  expect(files.sort()).toEqual(["junit.xml", "report.html", "report.json"]);
  const texts = await Promise.all(files.map((f) => readFile(join(out, f), "utf8")));
  for (const text of [...texts, result.stdout, result.stderr]) {
    expect(text).not.toContain(canary);
    expect(text).not.toContain(refusedCanary);
  }
  expect(texts.join("")).toContain("$SCIM_TOKEN");
  // The refused credential was used: the auth checks ran (not "not applicable") and the token scenario did.
  const report = JSON.parse(texts[files.sort().indexOf("report.json")]!) as RunReport;
  expect(report.contracts?.find((c) => c.id === "rfc7644.auth.expired-token-401")?.status).toBe("passed");
  expect(report.scenarios.find((s) => s.id === "entra/e9-token-expiry")?.status).not.toBe("notApplicable");
}, 120_000);

it("the default run is the gate: on the clean fake it runs scenarios, contracts and properties, exits 0 and writes a JUnit file a JUnit parser reads", async () => {
  const out = await tmp();
  const result = await run([
    "run",
    "--scenario",
    "entra/e2-*",
    "--out",
    out,
    "--seed",
    "3",
    "--num-runs",
    "5",
  ]);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain("seed 3 (--seed 3 sends the same requests again)");
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  expect(report.scenarios.length).toBeGreaterThanOrEqual(1);
  expect(report.contracts?.length).toBeGreaterThan(50);
  expect(report.summary.contracts).toMatchObject({ failed: 0, errored: 0 });
  expect(report.properties?.map((p) => `${p.id}:${p.status}`)).toEqual([
    "property.filters:passed",
    "property.patch:passed",
    "property.stateful:passed",
  ]);
  const xml = new XMLParser({ ignoreAttributes: false }).parse(
    await readFile(join(out, "junit.xml"), "utf8"),
  );
  const suites = [xml.testsuites.testsuite].flat();
  const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat());
  expect(cases.length).toBeGreaterThanOrEqual(1);
  expect(xml.testsuites["@_failures"]).toBe("0");
  expect(result.stdout).toContain("passed");
}, 60_000);

it("exits 2 with the file, pointer and line of a malformed scenario", async () => {
  const dir = await tmp();
  await writeFile(
    join(dir, "bad.yaml"),
    "id: x/bad\ntitle: bad\nidp: entra\nsteps:\n  - do: assignUsr\n    user: a\n",
  );
  const result = await run(["run", "--scenario-dir", dir]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/bad\.yaml:5: \/steps\/0\/do: "do" must be one of/);
  const validate = await run(["validate", join(dir, "bad.yaml")]);
  expect(validate.code).toBe(2);
  expect(validate.stdout).toContain("0 valid, 1 invalid");
}, 60_000);

it("validate exits 2 on an option value the IdP lacks and a malformed matches: filter, as run does", async () => {
  const dir = await tmp();
  const head = "id: x/v\ntitle: v\nidp: entra\n";
  const given = "given:\n  users:\n    a: {}\n";
  await writeFile(
    join(dir, "option.yaml"),
    `${head}options:\n  disableVariant: e\n${given}steps:\n  - do: assignUser\n    user: a\n`,
  );
  await writeFile(
    join(dir, "filter.yaml"),
    `${head}${given}steps:\n  - do: assignUser\n    user: a\n    expect:\n      state:\n        - user: a\n          matches: "active eq"\n`,
  );
  const validate = await run(["validate", dir]);
  expect(validate.code).toBe(2);
  expect(validate.stdout).toContain("0 valid, 2 invalid");
  expect(validate.stderr).toMatch(
    /option\.yaml:5: \/options\/disableVariant: entra option disableVariant: expected one of/,
  );
  expect(validate.stderr).toMatch(
    /filter\.yaml:13: \/steps\/0\/expect\/state\/0\/matches: the filter "active eq" does not parse/,
  );
  const run2 = await run(["run", "--scenario-dir", dir, "--list"]);
  expect(run2.code).toBe(2);
  expect(run2.stderr).toMatch(/option\.yaml:5: \/options\/disableVariant/);
}, 60_000);

it("exits 2 for usage errors and an unreachable target", async () => {
  expect((await run(["run", "--timeout", "soon"])).code).toBe(2);
  expect((await run(["run", "--target", "ftp://x"])).code).toBe(2);
  const unreachable = await run(["run", "--target", "http://127.0.0.1:1/scim/v2", "--reporter", "console"]);
  expect(unreachable.code).toBe(2);
  expect(unreachable.stderr).toContain("cannot reach the target at http://127.0.0.1:1/scim/v2");
}, 60_000);

it("preflight: a misconfiguration exits 2 with the fix, before anything is graded", async () => {
  const token = "preflight-cli-tok-5d1e";
  const url = await startFake(token);
  const origin = new URL(url).origin;
  const html = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body>Hello</body></html>"),
  );
  await new Promise<void>((resolve) => html.listen(0, "127.0.0.1", resolve));
  try {
    const htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}/scim/v2`;
    const args = (target: string, out: string) => [
      "run",
      "--target",
      target,
      "--reporter",
      "console,json",
      "--out",
      out,
    ];
    const [noToken, noPath, page] = await Promise.all([
      tmp().then((out) => run(args(url, out), { SCIM_TOKEN: "" })),
      tmp().then((out) => run(args(origin, out), { SCIM_TOKEN: token })),
      tmp().then((out) => run(args(htmlUrl, out), { SCIM_TOKEN: token })),
    ]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no token was given[\s\S]*\$SCIM_TOKEN/);
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain(`use --target ${url}`);
    expect(page.code).toBe(2);
    expect(page.stderr).toContain("not a SCIM server");
    for (const r of [noToken, noPath, page]) {
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).not.toMatch(/\d+ finding/); // nothing graded
      expect(`${r.stdout}${r.stderr}`).not.toContain(token);
    }
  } finally {
    html.close();
  }
}, 90_000);

it("--out on a file or under a file: exit 2 with one line, no stack trace, before the run", async () => {
  const dir = await tmp();
  const file = join(dir, "existing.json");
  await writeFile(file, "{}");
  for (const out of [file, join(file, "sub")]) {
    const result = await run(["run", "--scenario", "entra/e2-*", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^scim-harness: --out \S+/);
    expect(result.stdout).toBe("");
  }
  expect(await readFile(file, "utf8")).toBe("{}");
}, 60_000);

it("killing a child's process group stops the tsx wrapper and the node process it started", async () => {
  await startFake("group-kill-token");
  const child = children.at(-1)!;
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  expect(alive()).toBe(true);
  killGroup(children.pop()!);
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(alive()).toBe(false);
}, 60_000);

it("lists scenarios with --list and prints --help and --version", async () => {
  const list = await run(["run", "--list", "--idp", "jumpcloud"]);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^jumpcloud\/jc1-activation\s+jumpcloud/m);
  expect(list.stdout).not.toContain("entra/");
  const okta = await run(["run", "--list", "--idp", "okta"]);
  expect(okta.code).toBe(0);
  expect(okta.stdout.match(/^okta\/o\d+-\S+\s+okta\s/gm)?.length ?? 0).toBeGreaterThanOrEqual(10);
  expect(okta.stdout).not.toContain("jumpcloud/");
  const help = await run(["run", "--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain("--fail-on <severity>");
  expect(help.stdout).toContain("--expired-token-env <var>");
  expect(help.stdout).toMatch(/--suite <suite>[\s\S]*default: "all"\)/);
  // the tool version, then the scenario-library version (both pinned by users)
  expect((await run(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+\nscenario library \d+\.\d+\.\d+$/);
}, 60_000);

it("prints the rule catalogue with `rules` (id, severity, source) and `rules --json`", async () => {
  const text = await run(["rules"]);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(
    /^rfc7644\.http\.scim-content-type\s+error\s+RFC 7644 §3\.1, §8\.1 SHOULD; \[S1\] B21/m,
  );
  expect(text.stdout).toMatch(/^entra\.group-patch-204\s+warning\s+SHOULD; \[S1\] \(grade A/m);
  expect(text.stdout).toMatch(/^property\.filters\s+error\s+/m);
  const json = await run(["rules", "--json"]);
  expect(json.code).toBe(0);
  const rules = JSON.parse(json.stdout) as { id: string; severity: string; source: object }[];
  expect(rules.length).toBe(Number(/^(\d+) rules$/m.exec(text.stdout)?.[1]));
  expect(rules.find((r) => r.id === "entra.filter-miss-empty-list")).toMatchObject({
    severity: "error",
    grade: "A",
    source: { evidence: ["[S1]", "[S4]", "B9"] },
  });
}, 60_000);

it("redacts the target's logs on stderr: a started target that prints its token leaks it nowhere", async () => {
  const canary = "canary-tok-4b8e2d6a1f";
  const out = await tmp();
  // The fake SP prints its token in its banner; run as a command: target with a quirk, so the run fails
  // and the harness prints the tail of the target's logs.
  const fake = `command:${TSX} fakes/cli.ts --port $PORT --token "$SCIM_TOKEN" --quirks active-string-ignored`;
  const failing = await run(
    [
      "run",
      "--target",
      fake,
      "--base-path",
      "/scim/v2",
      "--suite",
      "scenarios",
      "--scenario",
      "entra/e5-*",
      "--out",
      out,
    ],
    { SCIM_TOKEN: canary },
  );
  expect(failing.code).toBe(1);
  expect(failing.stderr).toMatch(/log line\(s\) of the target:\n[\s\S]*Token {4}: \[REDACTED\]/);
  // A target that prints its token and dies before it is ready: the start error's log lines.
  const dying = await run(
    [
      "run",
      "--target",
      'command:echo "starting with token $SCIM_TOKEN"; exit 3',
      "--startup-timeout",
      "5000",
    ],
    { SCIM_TOKEN: canary },
  );
  expect(dying.code).toBe(2);
  expect(dying.stderr).toContain("starting with token [REDACTED]");
  for (const text of [failing.stdout, failing.stderr, dying.stdout, dying.stderr])
    expect(text).not.toContain(canary);
}, 90_000);
