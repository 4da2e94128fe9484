/**
 * The HTML report in a real headless browser (Debian's Chromium through playwright-core): the imported B1
 * example is run against the quirky fake, the report opened from disk, the failing scenario expanded by a
 * click, and the exchange and the finding checked to be visible. A screenshot goes to scim-report/
 * (git-ignored). Skips with a message when Chromium or playwright-core is missing, unless
 * HARNESS_REQUIRE_BROWSER=1, which makes that a failure (CI installs `chromium`; see
 * `../cli/chromium.test-support.ts`).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunReport } from "../../reports/index.ts";
import { applyBaseline, renderHtmlReport } from "../../reports/index.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import { launchChromium, needBrowser, openReport } from "../cli/chromium.test-support.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import { importEntraLog } from "./import-entra-log.ts";

const OUT = resolve(fileURLToPath(new URL("../../scim-report/", import.meta.url)));

let browser: Browser | undefined;
let missing: string | undefined;
let report: RunReport;

beforeAll(async () => {
  ({ browser, missing } = await launchChromium());
  if (missing !== undefined) return;
  const examples = fileURLToPath(new URL("./examples/", import.meta.url));
  const { yaml } = importEntraLog(await readFile(join(examples, "entra-b1-removed-from-group.json")), {
    fileName: "entra-b1-removed-from-group.json",
  });
  const target = await new FakeTarget({ profile: "generic", quirks: ["active-string-ignored"] }).start();
  try {
    const variants = expandVariants(parseScenario(yaml, "b1.yaml"), "scim-report/imported/b1.yaml");
    report = await runScenarios({ target, variants, seed: 7, runId: "brw1" });
  } finally {
    await target.stop();
  }
  // As a container target would: the SP's log tail.
  report.target.logs = ["PATCH /scim/v2/Users/… 200 (active: ignored non-boolean value)"];
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(run: RunReport, file: string): Promise<{ page: Page; requests: string[] }> {
  await mkdir(OUT, { recursive: true });
  const path = join(OUT, file);
  await writeFile(path, renderHtmlReport(run, { secrets: [] }));
  return openReport(browser!, path);
}

it("shows the failing B1 scenario, expands it on click to the exchange and the finding, loads nothing", async (ctx) => {
  needBrowser(missing, ctx.skip);
  const { page, requests } = await open(report, "b1-report.html");
  const scenario = page.locator("details#s-0 > summary");
  expect(await scenario.isVisible()).toBe(true);
  expect(await scenario.textContent()).toContain("imported/entra-b1-removed-from-group");
  expect(await page.locator(".verdict.fail").isVisible()).toBe(true);

  const finding = page.locator('#s-0 .finding[data-rule="scenario.expect.state"]').first();
  const patch = page.locator("#s-0 details.exchange > summary").first();
  expect(await finding.isVisible()).toBe(false);
  await scenario.click();
  expect(await finding.isVisible()).toBe(true);
  expect(await finding.textContent()).toContain("active eq false");
  expect(await patch.isVisible()).toBe(true);

  // The exchange the finding is attached to opens to the request body Entra sent ("False", B1).
  const disableExchange = page.locator("#s-0 li.step.st-failed details.exchange > summary").first();
  expect(await disableExchange.textContent()).toContain("PATCH");
  await disableExchange.click();
  const body = page.locator("#s-0 li.step.st-failed details.exchange[open] .io pre").first();
  expect(await body.textContent()).toContain('"value": "False"');
  expect(await page.locator("#logs").isVisible()).toBe(true);

  await page.screenshot({ path: join(OUT, "b1-report.png"), fullPage: true });
  expect(requests.filter((url) => !url.startsWith("file:"))).toEqual([]);
}, 30_000);

it("marks the same failure as known against a baseline and says the run passes", async (ctx) => {
  needBrowser(missing, ctx.skip);
  const { page } = await open(applyBaseline(report, { baseline: report }), "b1-report-baseline.html");
  expect(await page.locator(".verdict.known").textContent()).toContain("Passed against the baseline");
  await page.locator("details#s-0 > summary").click();
  const known = page
    .locator('#s-0 .finding.suppressed[data-rule="scenario.expect.state"] .badge.bl-known')
    .first();
  expect(await known.isVisible()).toBe(true);
  await page.screenshot({ path: join(OUT, "b1-report-baseline.png"), fullPage: true });
}, 30_000);
