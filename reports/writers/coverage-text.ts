/**
 * Coverage as the writers show it (reports/coverage.ts derives it): a short block for the console summary
 * with the verdict line when an area mostly did not run, JUnit properties with the verdict and each area,
 * and an HTML section with the reasons.
 */
import { coverageAreaText, coverageVerdict, type Coverage } from "../coverage.ts";
import { markup, type Html } from "./html-markup.ts";
import type { Paint } from "./palette.ts";

/** Console: one `Coverage` line of every area, then `⚠ low coverage …` when some area mostly did not run. */
export function coverageConsoleLines(coverage: Coverage | undefined, paint: Paint): string[] {
  if (coverage === undefined || coverage.areas.length === 0) return [];
  const areas = coverage.areas.map((a) => paint(a.low ? "yellow" : "gray", coverageAreaText(a)));
  const lines = [`${paint("bold", ` ${"Coverage".padEnd(11)}`)}${areas.join(paint("gray", " · "))}`];
  const verdict = coverageVerdict(coverage);
  if (verdict !== undefined) lines.push(paint("yellow", ` ⚠ ${verdict}`));
  return lines;
}

/**
 * JUnit: `coverage` properties of every testsuite (no testcase, so test counts stay those of the run): the
 * verdict (or `full`), and one `coverage.<area>` per area with its count and reasons.
 */
export function coverageJunitProperties(
  coverage: Coverage | undefined,
): Array<{ "@_name": string; "@_value": string }> {
  if (coverage === undefined || coverage.areas.length === 0) return [];
  return [
    { "@_name": "coverage", "@_value": coverageVerdict(coverage) ?? "full" },
    ...coverage.areas.map((a) => ({
      "@_name": `coverage.${a.area}`,
      "@_value": [
        coverageAreaText(a),
        ...a.reasons.map(
          (r) =>
            `${r.status === "notApplicable" ? "not applicable" : "could not run"} (${r.items.length}): ${r.reason}`,
        ),
      ].join("; "),
    })),
  ];
}

/** HTML: a Coverage section, one row per area, with the reasons of what did not run. */
export function coverageHtml(coverage: Coverage | undefined): Html | "" {
  if (coverage === undefined || coverage.areas.length === 0) return "";
  const verdict = coverageVerdict(coverage);
  const row = (a: Coverage["areas"][number]) =>
    markup`<tr><td>${a.low ? markup`<strong>${a.area}</strong> (low)` : a.area}</td><td>${a.ran} / ${a.total}</td><td>${a.notApplicable}</td><td>${a.couldNotRun}</td><td>${a.reasons.map((r) => markup`<div class="small">${r.status === "notApplicable" ? "not applicable" : "could not run"} (${r.items.length}): ${r.reason}</div>`)}</td></tr>`;
  return markup`<h2 id="coverage">Coverage</h2>${verdict !== undefined ? markup`<p class="banner">⚠ ${verdict}</p>` : ""}<table><thead><tr><th>Area</th><th>Ran</th><th>Not applicable</th><th>Could not run</th><th>Why</th></tr></thead><tbody>${coverage.areas.map(row)}</tbody></table>`;
}
