/**
 * Debian's Chromium through playwright-core, for the tests that open report.html in a real headless
 * browser. Without Chromium or playwright-core a test skips with the reason, unless
 * HARNESS_REQUIRE_BROWSER=1, which makes that a failure (CI installs `chromium`).
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserType, Page } from "playwright-core";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const REQUIRED = process.env["HARNESS_REQUIRE_BROWSER"] === "1";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The browser, or why there is none. */
export async function launchChromium(): Promise<{ browser?: Browser; missing?: string }> {
  if (!existsSync(CHROMIUM)) return { missing: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` };
  const name = "playwright-core";
  const mod = (await import(name).catch(() => undefined)) as { chromium?: BrowserType } | undefined;
  if (mod?.chromium === undefined)
    return { missing: "playwright-core is not installed (npm install -D playwright-core)" };
  try {
    return { browser: await mod.chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true }) };
  } catch (e) {
    return { missing: `Chromium at ${CHROMIUM} did not start: ${(e as Error).message.split("\n")[0]}` };
  }
}

/** Skips the test (or fails it under HARNESS_REQUIRE_BROWSER=1) when there is no browser. */
export function needBrowser(missing: string | undefined, skip: (note: string) => never): void {
  if (missing === undefined) return;
  if (REQUIRED) throw new Error(`HARNESS_REQUIRE_BROWSER=1 but ${missing}`);
  skip(`browser test skipped: ${missing}`);
}

/**
 * Opens a report.html from disk and waits until its script has decoded the embedded timelines; `requests`
 * collects every URL the page asks for.
 */
export async function openReport(
  browser: Browser,
  path: string,
): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(path).href);
  await page.locator('html[data-ready="true"]').waitFor();
  return { page, requests };
}
