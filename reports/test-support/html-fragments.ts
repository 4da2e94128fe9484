/**
 * What the HTML report's script does when every scenario block is opened, in Node: decode the embedded
 * timelines (base64, gzip, JSON) and put each into its empty `data-fragment` slot. Tests assert on the page
 * as a reader sees it; the headless-Chromium tests prove the page's own script does the same.
 */
import { gunzipSync } from "node:zlib";

const DATA = /<script type="application\/octet-stream" id="report-fragments">([^<]*)<\/script>/;

/** The embedded scenario bodies by slot name (`s-<n>`). */
export function htmlFragments(page: string): Record<string, string> {
  const data = DATA.exec(page)?.[1];
  if (data === undefined) throw new Error("report.html has no embedded fragments");
  return JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8")) as Record<string, string>;
}

/** The page with every slot filled (and no longer marked as a slot), the embedded data and script removed. */
export function expandHtmlReport(page: string): string {
  const fragments = htmlFragments(page);
  return page
    .replace(DATA, "")
    .replace(/<script>[^]*?<\/script>/, "")
    .replace(/ data-fragment="([^"]+)"><\/div>/g, (_, id: string) => `>${fragments[id] ?? ""}</div>`);
}
