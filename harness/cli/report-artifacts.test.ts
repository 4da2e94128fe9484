/**
 * The reports of the full default run as a user gets them: report.html under 1 MB with every scenario's
 * timeline and every exchange in it, and junit.xml valid against the Jenkins JUnit schema, for a clean run
 * against the fake and for a failing one (a fake that ignores a string `active`).
 */
import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { expandHtmlReport, htmlFragments } from "../../reports/test-support/html-fragments.ts";
import { junitSchemaErrors } from "../../reports/test-support/junit-schema.ts";
import { defaultRun } from "./report-artifacts.test-support.ts";

const runs: Record<string, { code: number | null; out: string; stderr: string }> = {};

beforeAll(async () => {
  // One after the other: the machine is shared.
  runs["clean"] = await defaultRun("fake");
  runs["failing"] = await defaultRun("fake:generic+active-string-ignored");
}, 300_000);

afterAll(async () => {
  await Promise.all(Object.values(runs).map((r) => rm(r.out, { recursive: true, force: true })));
});

const file = (run: string, name: string) => join(runs[run]!.out, name);

it("the HTML of the full default run against the fake is under 1 MB and holds every timeline and exchange", async () => {
  expect(runs["clean"]?.code, runs["clean"]?.stderr).toBe(0);
  const html = await readFile(file("clean", "report.html"), "utf8");
  const report = JSON.parse(await readFile(file("clean", "report.json"), "utf8")) as RunReport;
  expect((await stat(file("clean", "report.html"))).size).toBeLessThan(1_000_000);
  // Nothing was dropped to get there: report.json is several times larger, and the page holds all of it.
  expect((await stat(file("clean", "report.json"))).size).toBeGreaterThan(2_000_000);
  expect(Object.keys(htmlFragments(html))).toHaveLength(report.scenarios.length);
  const page = expandHtmlReport(html);
  const exchangeIds = report.scenarios.flatMap((s) => s.exchanges.map((e) => e.id));
  expect(exchangeIds.length).toBeGreaterThan(1000);
  expect(exchangeIds.filter((id) => !page.includes(`· ${id}</span></summary>`))).toEqual([]);
});

it("writes junit.xml valid against the Jenkins JUnit schema for the clean and the failing run", async () => {
  expect(runs["failing"]?.code, runs["failing"]?.stderr).toBe(1);
  const clean = await readFile(file("clean", "junit.xml"), "utf8");
  const failing = await readFile(file("failing", "junit.xml"), "utf8");
  expect(failing).toMatch(/<failure message="\[rc-[0-9a-f]+\] /);
  expect(await junitSchemaErrors(clean, failing)).toEqual([]);
});

it("the failing run's HTML is under 1 MB too and names its root causes first", async () => {
  const html = await readFile(file("failing", "report.html"), "utf8");
  expect(Buffer.byteLength(html)).toBeLessThan(1_000_000);
  expect(html.indexOf('id="root-causes"')).toBeLessThan(html.indexOf("<h2>Scenarios</h2>"));
  expect(html).toContain('<details class="scenario st-failed root-cause"');
});
