import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { buildProgram, parseCliArgs, startFake } from "./cli.ts";

const quiet = () =>
  buildProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });

it("parses --port, --profile, --quirks and defaults", () => {
  expect(parseCliArgs([], quiet())).toEqual({
    port: 8080,
    host: "127.0.0.1",
    profile: "generic",
    quirks: [],
    admin: false,
    patchMode: "tolerant",
  });
  const options = parseCliArgs(
    ["--port", "0", "--profile", "cinode", "--quirks", "filter-miss-404, active-string-ignored", "--admin"],
    quiet(),
  );
  expect(options).toMatchObject({
    port: 0,
    profile: "cinode",
    quirks: ["filter-miss-404", "active-string-ignored"],
    admin: true,
  });
});

it("rejects an unknown profile and a bad port", () => {
  expect(() => parseCliArgs(["--profile", "nope"], quiet())).toThrow(/nope/);
  expect(() => parseCliArgs(["--port", "70000"], quiet())).toThrow(/0–65535/);
});

it("--help lists the profiles and quirks", () => {
  expect(buildProgram().helpInformation()).toContain("--profile <name>");
  let after = "";
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeOut: (s) => (after += s) });
  expect(() => program.parse(["--help"], { from: "user" })).toThrow();
  expect(after).toContain("filter-miss-404");
  expect(after).toContain("Profiles: generic, cinode, cerby, kintone");
});

it("serves the fake, prints base URL and token, and the admin API expires tokens over HTTP", async () => {
  const lines: string[] = [];
  const { listening, fake } = await startFake(
    { ...parseCliArgs(["--port", "0", "--profile", "cinode", "--admin", "--token", "cli-token"], quiet()) },
    (line) => lines.push(line),
  );
  try {
    expect(lines.join("\n")).toContain(`Base URL : ${listening.baseUrl}`);
    expect(lines.join("\n")).toContain(
      "Token    : cli-token  (audience https://api.cinode.app/scim/v2, expires ",
    );
    const admin = { authorization: `Bearer ${String(fake.adminSecret)}`, "content-type": "application/json" };
    const issued = await fetch(`${listening.origin}/_admin/tokens`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ lifetimeMs: 60_000, label: "short" }),
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const use = () => fetch(`${listening.baseUrl}/Users`, { headers: { authorization: `Bearer ${token}` } });
    expect((await use()).status).toBe(200);
    const advanced = await fetch(`${listening.origin}/_admin/clock/advance`, {
      method: "POST",
      headers: admin,
      body: '{"ms": 61000}',
    });
    expect(advanced.status).toBe(200);
    expect((await use()).status).toBe(401);
    const noSecret = await fetch(`${listening.origin}/_admin/state`);
    expect(noSecret.status).toBe(401);
    const quirks = await fetch(`${listening.origin}/_admin/quirks`, {
      method: "PUT",
      headers: admin,
      body: '{"quirks":["filter-miss-404"]}',
    });
    expect(await quirks.json()).toEqual({ quirks: ["filter-miss-404"] });
    const miss = await fetch(`${listening.baseUrl}/Users?filter=userName+eq+%22x%22`, {
      headers: { authorization: "Bearer cli-token" },
    });
    expect(miss.status).toBe(404);
    const state = await fetch(`${listening.origin}/_admin/state`, { headers: admin });
    expect(await state.json()).toMatchObject({
      profile: "cinode",
      quirks: ["filter-miss-404"],
      counts: { User: 0, Group: 0 },
    });
  } finally {
    await listening.close();
  }
});

it("admin API: revoke, reset, and unknown quirk ids", async () => {
  const { listening, fake } = await startFake(
    { ...parseCliArgs(["--port", "0", "--admin"], quiet()) },
    () => undefined,
  );
  try {
    const admin = { authorization: `Bearer ${String(fake.adminSecret)}`, "content-type": "application/json" };
    const primary = fake.tokens.primary;
    fake.store.create("User", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x" });
    expect((await fetch(`${listening.origin}/_admin/reset`, { method: "POST", headers: admin })).status).toBe(
      204,
    );
    expect(fake.store.count("User")).toBe(0);
    const revoke = await fetch(`${listening.origin}/_admin/tokens/revoke`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ token: primary }),
    });
    expect(revoke.status).toBe(204);
    expect(
      (await fetch(`${listening.baseUrl}/Users`, { headers: { authorization: `Bearer ${primary}` } })).status,
    ).toBe(401);
    const bad = await fetch(`${listening.origin}/_admin/quirks`, {
      method: "PUT",
      headers: admin,
      body: '{"quirks":["nope"]}',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain("valid quirks");
  } finally {
    await listening.close();
  }
});

it("runs standalone with tsx and stops cleanly on SIGINT", async () => {
  const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", cli, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl+C")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`cli exited early (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`cli did not start: ${output}`)), 15_000).unref();
  });
  try {
    await started;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const baseUrl = /Base URL : (\S+)/.exec(output)?.[1] ?? "";
  const token = /Token {4}: (\S+)/.exec(output)?.[1] ?? "";
  expect(
    (await fetch(`${baseUrl}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${token}` } }))
      .status,
  ).toBe(200);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(output).toContain("SIGINT: stopping the fake SP");
}, 20_000);
