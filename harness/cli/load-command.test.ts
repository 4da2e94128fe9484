import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { defaultMaxDuration, isLoopbackUrl } from "./load-command.ts";
import { main } from "./main.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

it("loopback means this machine: 127.x, ::1, localhost", () => {
  expect(isLoopbackUrl("http://127.0.0.1:8080/scim/v2")).toBe(true);
  expect(isLoopbackUrl("http://127.3.2.1/")).toBe(true);
  expect(isLoopbackUrl("http://[::1]:9/scim")).toBe(true);
  expect(isLoopbackUrl("http://localhost:3000/scim/v2")).toBe(true);
  expect(isLoopbackUrl("https://scim.example.com/scim/v2")).toBe(false);
  expect(isLoopbackUrl("http://10.0.0.5/scim/v2")).toBe(false);
  expect(isLoopbackUrl("http://127.0.0.1.example.com/")).toBe(false);
});

it("refuses a target that is not this machine without --i-own-this-target, and bad sizes, with exit 2", async () => {
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    expect(await main(["load", "--target", "https://scim.example.com/scim/v2", "--users", "10"])).toBe(2);
    expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toMatch(/--i-own-this-target/);
    expect(await main(["load", "--users", "0"])).toBe(2);
    expect(await main(["load", "--users", "3", "--groups", "1", "--memberships", "4"])).toBe(2);
    expect(await main(["load", "--error-rate-max", "2"])).toBe(2);
  } finally {
    stderr.mockRestore();
  }
});

it("exit 1 when the verdict fails (--p99-max 0), with the report's load block saying why", async () => {
  const out = await mkdtemp(join(tmpdir(), "scim-load-cli-"));
  dirs.push(out);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = await main([
      "load",
      "--users",
      "4",
      "--open-loop",
      "--p99-max",
      "0",
      "--reporter",
      "console,json",
      "--out",
      out,
      "--seed",
      "3",
    ]);
    expect(code).toBe(1);
    expect(stdout.mock.calls.map((c) => String(c[0])).join("")).toMatch(
      /Load verdict: ✗ failed: p99 .* above --p99-max 0 ms/,
    );
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  expect(report.load?.verdict.status).toBe("failed");
  expect(report.load?.cleanup.deleted).toBe(report.load?.cleanup.attempted);
}, 60_000);

it("the default time bound leaves a paced cycle three times its time, at least 30 minutes", () => {
  expect(defaultMaxDuration({ users: 100, rate: 25 }, 1)).toBe(1800);
  // 10,000 users and 100 groups at 25 req/s: about 30,300 requests, 1,212 s per tenant.
  expect(defaultMaxDuration({ users: 10_000, rate: 25 }, 100)).toBe(3636);
  expect(defaultMaxDuration({ users: 10_000, rate: 25, openLoop: true }, 100)).toBe(1800);
});
