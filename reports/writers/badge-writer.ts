/**
 * Badge writer: `badge.svg`, the compatibility matrix in one line ("Entra ✓ · JumpCloud ✗"), green when
 * every IdP passed, red when one failed, gray when nothing was judged. Redacted first.
 */
import type { RedactOptions } from "../redact.ts";
import { redact } from "../redact.ts";
import type { RunReport } from "../report.ts";
import { matrixLine } from "./first-screen.ts";

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Rough width of a text in the badge's 11px sans-serif font. */
const textWidth = (text: string) => Math.ceil([...text].length * 6.6) + 12;

/** The badge as SVG. */
export function renderBadge(report: RunReport, options: RedactOptions = { secrets: [] }): string {
  const safe = redact(report, options.secrets);
  const label = "scim-harness";
  const statuses = safe.compatibility?.idps.map((c) => c.status) ?? [];
  const message = matrixLine(safe.compatibility) || "no IdP scenario";
  const color = statuses.includes("failed") ? "#e05d44" : statuses.includes("passed") ? "#4c1" : "#9f9f9f";
  const left = textWidth(label);
  const right = textWidth(message);
  const width = left + right;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${xml(`${label}: ${message}`)}">`,
    `  <title>${xml(`${label}: ${message}`)}</title>`,
    `  <rect width="${left}" height="20" fill="#555"/>`,
    `  <rect x="${left}" width="${right}" height="20" fill="${color}"/>`,
    `  <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">`,
    `    <text x="6" y="14">${xml(label)}</text>`,
    `    <text x="${left + 6}" y="14">${xml(message)}</text>`,
    `  </g>`,
    `</svg>`,
    "",
  ].join("\n");
}
