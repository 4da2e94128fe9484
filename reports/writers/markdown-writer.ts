/**
 * Markdown writer: `summary.md`, the summary a pull request shows (GitHub's job summary): the verdict,
 * the root causes, the compatibility matrix, links to the other reports. Redacted first.
 */
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type { Compatibility, RootCause, RunReport } from "../report.ts";
import { exitCodeFor } from "../report.ts";
import { matrixLine } from "./first-screen.ts";
import { loadMarkdown } from "./load-text.ts";

/** Options of `renderMarkdownSummary`. */
export interface MarkdownOptions extends RedactOptions {
  /** The `--fail-on` threshold of the verdict (default `error`). */
  failOn?: "error" | "warning";
  /** The other report files, by relative path, linked at the end. */
  links?: readonly string[];
}

const IDP_NAMES: Record<string, string> = { entra: "Entra", jumpcloud: "JumpCloud" };

/** Text safe in a Markdown table cell: no pipe, no line break, no HTML. */
export function mdCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\s+/g, " ")
    .trim();
}

const code = (text: string) => `<code>${mdCell(text)}</code>`;

function rootCauseTable(causes: readonly RootCause[]): string[] {
  const lines = [
    "| # | Severity | Rule | Root cause | Findings | IdPs | Repro | What an IdP does |",
    "|---|---|---|---|---|---|---|---|",
  ];
  causes.forEach((c, i) => {
    const count = `${c.findings}${c.followOns > 0 ? ` (+${c.followOns} follow-on)` : ""} in ${c.variants.length + c.checks.length}`;
    const status = c.baseline === "known" || c.baseline === "waived" ? ` (${c.baseline})` : "";
    const source = [c.rfc, ...(c.evidence ?? [])].filter(Boolean).join(" ");
    lines.push(
      `| ${i + 1} | ${c.severity}${status} | ${code(c.ruleId)} | ${mdCell(c.title)}<br>${code(c.id)} | ${count} | ${mdCell(c.idps.map((idp) => IDP_NAMES[idp] ?? idp).join(", ") || "–")} | ${c.repro !== undefined ? code(c.repro) : "–"} | ${mdCell([c.idpAction, source].filter(Boolean).join("; ") || "–")} |`,
    );
  });
  return lines;
}

function matrixTable(compatibility: Compatibility, causes: readonly RootCause[]): string[] {
  const number = new Map(causes.map((c, i) => [c.id, i + 1]));
  const lines = [
    `| Behaviour | ${compatibility.idps.map((c) => mdCell(c.label)).join(" | ")} |`,
    `|---|${compatibility.idps.map(() => "---").join("|")}|`,
  ];
  const notes: string[] = [];
  compatibility.behaviours.forEach((behaviour, row) => {
    const cells = compatibility.idps.map((column) => {
      const cell = column.behaviours[row];
      if (cell === undefined) return "";
      if (cell.status === "passed") return "✓";
      if (cell.status === "failed")
        return `✗ ${cell.rootCauses.map((id) => `#${number.get(id) ?? id}`).join(", ")}`.trim();
      notes.push(`- ${mdCell(column.label)}, ${behaviour}: ${mdCell(cell.reason ?? "no reason given")}`);
      return "–";
    });
    lines.push(`| ${behaviour} | ${cells.join(" | ")} |`);
  });
  lines.push("", "✓ passed · ✗ failed (root cause #) · – not exercised");
  if (notes.length > 0)
    lines.push(
      "",
      "<details><summary>Why some cells are not applicable</summary>",
      "",
      ...notes,
      "",
      "</details>",
    );
  return lines;
}

/** The summary as Markdown. */
export function renderMarkdownSummary(report: RunReport, options: MarkdownOptions = { secrets: [] }): string {
  const safe = redact(report, options.secrets);
  const failOn = options.failOn ?? "error";
  const failed = exitCodeFor(safe, failOn) === 1 || safe.load?.verdict.status === "failed";
  const causes = (safe.rootCauses ?? []).filter((c) => c.severity !== "info");
  const { scenarios, findings } = safe.summary;
  const facts = [
    `${causes.length} root cause(s) (${findings.error} error, ${findings.warning} warning finding(s))`,
    scenarios.total > 0
      ? `${scenarios.failed + scenarios.errored} of ${scenarios.total} scenario variants failed`
      : undefined,
    `target ${[safe.target.kind, safe.target.profile, ...(safe.target.quirks ?? [])].filter(Boolean).join(" ")}`,
    `seed ${safe.run.seed}`,
    safe.run.incomplete
      ? `**incomplete**: ${mdCell(safe.run.incompleteReason ?? "no reason given")}`
      : undefined,
  ].filter((p): p is string => p !== undefined);
  const out = [`## scim-harness: ${failed ? "✗ failed" : "✓ passed"}`, "", facts.join(" · ")];
  const line = matrixLine(safe.compatibility);
  if (line !== "") out.push("", `**${line}**`);
  out.push(...loadMarkdown(safe));
  out.push("", "### Root causes", "");
  if (causes.length === 0) out.push("No root cause: no error or warning finding.");
  else out.push(...rootCauseTable(causes));
  const errored = safe.scenarios.filter((s) => s.status === "errored");
  if (errored.length > 0)
    out.push(
      "",
      "### Errored",
      "",
      ...errored.map(
        (s) =>
          `- ${code(s.variant === "default" ? s.id : `${s.id} [${s.variant}]`)}: ${mdCell(s.reason ?? "no reason given")}`,
      ),
    );
  if (safe.compatibility !== undefined && safe.compatibility.idps.length > 0)
    out.push("", "### Compatibility", "", ...matrixTable(safe.compatibility, causes));
  if (options.links !== undefined && options.links.length > 0)
    out.push(
      "",
      "### Reports",
      "",
      ...options.links.map((link) => `- [${mdCell(link)}](${encodeURI(link)})`),
    );
  return `${out.join("\n")}\n`;
}
