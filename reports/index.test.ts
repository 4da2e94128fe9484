import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  DEFAULT_REPORT_DIR,
  REPORT_SCHEMA_VERSION,
  exitCodeFor,
  redact,
  summarize,
  writeReports,
} from "./index.ts";
import { FIXTURE_TOKEN, fixtureReport } from "./report.fixtures.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scim-reports-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("exposes the report API from the barrel", () => {
  expect(REPORT_SCHEMA_VERSION).toBe(2);
  expect(DEFAULT_REPORT_DIR).toBe("scim-report");
  expect(typeof summarize).toBe("function");
  expect(typeof exitCodeFor).toBe("function");
  expect(typeof redact).toBe("function");
});

it("writes all three formats by default into a created directory and returns their paths", async () => {
  const outDir = join(dir, "out", "run-1");
  const paths = await writeReports(fixtureReport(), { outDir, secrets: [] });
  expect(paths).toEqual([
    join(outDir, "report.json"),
    join(outDir, "junit.xml"),
    join(outDir, "report.html"),
  ]);
  expect((await readdir(outDir)).sort()).toEqual(["junit.xml", "report.html", "report.json"]);
  const json = JSON.parse(await readFile(join(outDir, "report.json"), "utf8")) as { schemaVersion: number };
  expect(json.schemaVersion).toBe(2);
  expect(await readFile(join(outDir, "junit.xml"), "utf8")).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>/,
  );
  expect(await readFile(join(outDir, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
});

it("writes only the requested formats, once each, in the requested order", async () => {
  const paths = await writeReports(fixtureReport(), {
    outDir: dir,
    formats: ["html", "junit", "html"],
    secrets: [],
  });
  expect(paths).toEqual([join(dir, "report.html"), join(dir, "junit.xml")]);
  expect((await readdir(dir)).sort()).toEqual(["junit.xml", "report.html"]);
});

it("never writes the bearer token or a configured secret to any file", async () => {
  const report = fixtureReport();
  report.target.profile = "profile-with-s3cret-value";
  const paths = await writeReports(report, { outDir: dir, secrets: ["s3cret-value"] });
  for (const path of paths) {
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(FIXTURE_TOKEN);
    expect(text).not.toContain("s3cret-value");
  }
});
