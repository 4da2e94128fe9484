/**
 * The report.html of a failing full default run (a fake that ignores a string `active`, bug B1) in a real
 * headless Chromium, from disk: a root cause opens to its representative request line, status and the
 * expected/actual diff; the IdP, status and search filters narrow the page to what they say. Skips like
 * every browser test without Chromium (`chromium.test-support.ts`).
 */
import { join } from "node:path";
import { rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium, needBrowser, openReport } from "./chromium.test-support.ts";
import { defaultRun } from "./report-artifacts.test-support.ts";

let browser: Browser | undefined;
let missing: string | undefined;
let out: string | undefined;

beforeAll(async () => {
  ({ browser, missing } = await launchChromium());
  if (missing !== undefined) return;
  const run = await defaultRun("fake:generic+active-string-ignored");
  if (run.code !== 1) throw new Error(`the failing run exited ${run.code}: ${run.stderr}`);
  out = run.out;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

const open = () => openReport(browser!, join(out!, "report.html"));

interface Visible {
  scenarios: { id: string; idp: string; status: string }[];
  rows: number;
  rootCauses: string[];
  checks: number;
  count: string;
}

/** Runs in the page (a string: this project compiles without the DOM library). */
const VISIBLE = `(() => {
  const shown = (el) => el.offsetParent !== null;
  const all = (selector) => [...document.querySelectorAll(selector)].filter(shown);
  return {
    scenarios: all("[data-s]").map((b) => ({
      id: b.querySelector("details").id,
      idp: b.getAttribute("data-idp"),
      status: b.getAttribute("data-status"),
    })),
    rows: all("#scenario-rows > tr").length,
    rootCauses: all("details.root-cause").map((c) => c.id),
    checks: all("tbody[data-rows] > tr").length,
    count: document.getElementById("f-count").textContent,
  };
})()`;

/** What the filters left visible: scenario blocks (with their IdP and status), their rows, root causes, checks. */
const visible = (page: Page) => page.evaluate(VISIBLE) as Promise<Visible>;

it("opens a root cause to its request line, its status and the expected/actual diff", async (ctx) => {
  needBrowser(missing, ctx.skip);
  const { page, requests } = await open();
  const cause = page.locator("details.root-cause").first();
  const summary = cause.locator("> summary");
  expect(await summary.textContent()).toContain("entra.patch-applied");
  const diff = cause.locator(".diff pre");
  expect(await diff.isVisible()).toBe(false);
  await summary.click();

  // The representative exchange is open: the request line and the answer's status.
  const exchange = cause.locator("details.exchange");
  expect(await exchange.locator("> summary .method").textContent()).toBe("PATCH");
  expect(await exchange.locator("> summary .path").textContent()).toMatch(/^\/Users\/[0-9a-f-]+$/);
  expect(await exchange.locator("> summary .code").textContent()).toBe("200");
  const request = exchange.locator(".io pre").first();
  expect(await request.isVisible()).toBe(true);
  expect(await request.textContent()).toMatch(/^PATCH http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\//);
  expect(await request.textContent()).toContain('"value": "False"');
  expect(await exchange.locator(".io h5").nth(1).textContent()).toBe("Response 200");

  // What was sent against what came back.
  expect(await diff.isVisible()).toBe(true);
  const lines = (await diff.textContent())!.split("\n");
  expect(lines).toContain('-   "active": false');
  expect(lines).toContain('+   "active": true');
  expect(requests.filter((url) => !url.startsWith("file:"))).toEqual([]);
}, 60_000);

it("filters by IdP and status and searches the timelines, and shows everything again when cleared", async (ctx) => {
  needBrowser(missing, ctx.skip);
  const { page } = await open();
  const all = await visible(page);
  expect(all.scenarios.length).toBeGreaterThan(50);
  expect(all.rows).toBe(all.scenarios.length);
  expect(all.count).toBe(
    `${all.scenarios.length} of ${all.scenarios.length} scenario variant(s), ${all.rootCauses.length} of ${all.rootCauses.length} root cause(s) shown`,
  );

  await page.selectOption("#f-idp", "jumpcloud");
  const jumpcloud = await visible(page);
  expect(jumpcloud.scenarios.length).toBeGreaterThan(0);
  expect(jumpcloud.scenarios.length).toBeLessThan(all.scenarios.length);
  expect(jumpcloud.scenarios.every((s) => s.idp === "jumpcloud")).toBe(true);
  expect(jumpcloud.rows).toBe(jumpcloud.scenarios.length);
  expect(jumpcloud.checks).toBe(0); // contract checks belong to no IdP
  await page.selectOption("#f-status", "failed");
  const both = await visible(page);
  expect(both.scenarios.every((s) => s.idp === "jumpcloud" && s.status === "failed")).toBe(true);
  await page.selectOption("#f-idp", "");
  const failed = await visible(page);
  expect(failed.scenarios.length).toBeGreaterThan(5);
  expect(failed.scenarios.every((s) => s.status === "failed")).toBe(true);
  await page.selectOption("#f-status", "");

  // A scenario id, then words found only inside timelines (the request body B1 sends).
  await page.fill("#f-search", "regressions/b01-active-string");
  expect((await visible(page)).scenarios).toHaveLength(1);
  await page.fill("#f-search", '"value": "False"');
  const found = await visible(page);
  expect(found.scenarios.length).toBeGreaterThan(0);
  expect(found.scenarios.length).toBeLessThan(all.scenarios.length);
  const first = found.scenarios[0]!.id;
  await page.locator(`details#${first} > summary`).click();
  expect(await page.locator(`#${first} .scenario-body`).textContent()).toContain('"value": "False"');
  await page.fill("#f-search", "no such text anywhere 7f3a");
  expect(await visible(page)).toMatchObject({ scenarios: [], rootCauses: [], checks: 0 });

  await page.fill("#f-search", "");
  expect(await visible(page)).toEqual(all);
}, 60_000);
