/**
 * The first screen of a run: the answer before the detail. The verdict line, the root causes worst and
 * broadest first (title, count, affected IdPs, one short repro), then the compatibility matrix. The
 * caller prints where the reports are after it. Rendered from a report (redacted first).
 */
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type { Compatibility, RootCause, RunReport } from "../report.ts";
import { exitCodeFor } from "../report.ts";
import { painter, SEVERITY_STYLE, type Paint } from "./palette.ts";

/** Options of `formatFirstScreen`. */
export interface FirstScreenOptions extends RedactOptions {
  color: boolean;
  /** The `--fail-on` threshold of the verdict (default `error`). */
  failOn?: "error" | "warning";
  /** Root causes listed before "… more" (default 10). */
  maxRootCauses?: number;
}

const IDP_NAMES: Record<string, string> = { entra: "Entra", jumpcloud: "JumpCloud" };
const idpName = (idp: string) => IDP_NAMES[idp] ?? idp;

/** `Entra ✓ · Entra aadOptscim062020 ✓ · JumpCloud ✗`: the matrix in one line. */
export function matrixLine(compatibility: Compatibility | undefined): string {
  if (compatibility === undefined || compatibility.idps.length === 0) return "";
  const mark = { passed: "✓", failed: "✗", notApplicable: "–" } as const;
  return compatibility.idps.map((column) => `${column.label} ${mark[column.status]}`).join(" · ");
}

/** The verdict line: passed or failed, why, and the matrix in one line. */
export function verdictLine(report: RunReport, failOn: "error" | "warning", paint: Paint): string {
  const failed = exitCodeFor(report, failOn) === 1;
  const causes = report.rootCauses ?? [];
  const counted = causes.filter((c) => c.baseline !== "known" && c.baseline !== "waived");
  const worst = counted.filter(
    (c) => c.severity === "error" || (failOn === "warning" && c.severity === "warning"),
  );
  const { scenarios, findings } = report.summary;
  const parts = [
    worst.length > 0
      ? `${worst.length} failing root cause(s) (${findings.error} error finding(s))`
      : undefined,
    scenarios.total > 0
      ? `${scenarios.failed + scenarios.errored} of ${scenarios.total} scenario variants failed`
      : undefined,
    report.run.incomplete ? `incomplete: ${report.run.incompleteReason ?? "no reason given"}` : undefined,
    matrixLine(report.compatibility) || undefined,
  ].filter((p): p is string => p !== undefined);
  const head = failed ? paint("red", "✗ FAILED") : paint("green", "✓ PASSED");
  return `${paint("bold", head)}  ${parts.join(paint("gray", " · "))}`;
}

function rootCauseLines(cause: RootCause, n: number, paint: Paint): string[] {
  const suppressed = cause.baseline === "known" || cause.baseline === "waived";
  const label = paint(
    suppressed ? "gray" : SEVERITY_STYLE[cause.severity],
    cause.severity.toUpperCase().padEnd(7),
  );
  const tag = suppressed ? paint("yellow", ` [${cause.baseline}]`) : "";
  const where = [
    `${cause.findings} finding(s)${cause.followOns > 0 ? ` (+${cause.followOns} follow-on)` : ""}`,
    cause.variants.length > 0 ? `${cause.variants.length} scenario variant(s)` : undefined,
    cause.checks.length > 0 ? `${cause.checks.length} check(s)` : undefined,
    cause.idps.length > 0 ? cause.idps.map(idpName).join(", ") : "no IdP scenario",
    cause.id,
  ].filter((p): p is string => p !== undefined);
  const source = [cause.rfc, ...(cause.evidence ?? [])].filter(Boolean).join(" ");
  const lines = [
    ` ${String(n).padStart(2)}. ${label} ${paint("bold", cause.ruleId)}  ${cause.title}${tag}`,
    `       ${paint("gray", where.join(" · "))}`,
  ];
  if (cause.repro !== undefined) lines.push(`       ${cause.repro}`);
  const impact = [cause.idpAction, source].filter(Boolean).join(" · ");
  if (impact !== "") lines.push(`       ${paint("gray", impact)}`);
  return lines;
}

function matrixLines(compatibility: Compatibility, causes: readonly RootCause[], paint: Paint): string[] {
  const number = new Map(causes.map((c, i) => [c.id, i + 1]));
  const width = Math.max(...compatibility.behaviours.map((b) => b.length)) + 2;
  const cellText = (cell: Compatibility["idps"][number]["behaviours"][number]) => {
    if (cell.status === "passed") return ["✓", "green"] as const;
    if (cell.status === "notApplicable") return ["–", "gray"] as const;
    const refs = cell.rootCauses.map((id) => `#${number.get(id) ?? id}`).join(",");
    return [`✗ ${refs}`.trim(), "red"] as const;
  };
  const widths = compatibility.idps.map(
    (column) => Math.max(column.label.length, ...column.behaviours.map((c) => cellText(c)[0].length)) + 2,
  );
  const header = compatibility.idps.map((c, i) => c.label.padEnd(widths[i] ?? 0)).join("");
  const lines = [paint("bold", ` ${"Compatibility".padEnd(width + 2)}${header}`.trimEnd())];
  compatibility.behaviours.forEach((behaviour, row) => {
    const cells = compatibility.idps.map((column, i) => {
      const cell = column.behaviours[row];
      if (cell === undefined) return "".padEnd(widths[i] ?? 0);
      const [text, style] = cellText(cell);
      return paint(style, text.padEnd(widths[i] ?? 0));
    });
    lines.push(`   ${behaviour.padEnd(width)}${cells.join("")}`.trimEnd());
  });
  lines.push(
    paint(
      "gray",
      "   ✓ passed · ✗ failed (#root cause) · – not exercised (reason in report.json `compatibility`)",
    ),
  );
  return lines;
}

/** The first screen: verdict, root causes (at most `maxRootCauses`), compatibility matrix. */
export function formatFirstScreen(report: RunReport, options: FirstScreenOptions): string {
  const paint = painter(options.color);
  const safe = redact(report, options.secrets);
  const causes = safe.rootCauses ?? [];
  const max = options.maxRootCauses ?? 10;
  const out = [verdictLine(safe, options.failOn ?? "error", paint), ""];
  const shown = causes.filter((c) => c.severity !== "info");
  if (shown.length > 0) {
    out.push(paint("bold", ` Root causes (${shown.length})`));
    shown.slice(0, max).forEach((cause, i) => out.push(...rootCauseLines(cause, i + 1, paint)));
    if (shown.length > max)
      out.push(
        paint("gray", `  … ${shown.length - max} more root cause(s): report.json \`rootCauses\`, --verbose`),
      );
    out.push("");
  } else if (safe.rootCauses !== undefined)
    out.push(paint("green", " No root cause: no error or warning finding."), "");
  if (safe.compatibility !== undefined && safe.compatibility.idps.length > 0) {
    out.push(...matrixLines(safe.compatibility, shown, paint), "");
  }
  return `${out.join("\n")}\n`;
}
