/**
 * The escaping template tag of the HTML writer and the small pieces every part of the page uses. Every
 * value interpolated into `markup` is escaped unless it is itself `Html` built by `markup`.
 */

import type { Finding } from "../report.ts";

/** Markup that is already safe; anything else interpolated into `markup` is escaped. */
export class Html {
  constructor(readonly value: string) {}
}

/** Escapes `& < > " '` for text and attribute positions. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function fragment(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(fragment).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/** Template tag: literal chunks are trusted, interpolations are escaped (arrays are joined). */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, chunk, i) => out + fragment(values[i - 1]) + chunk));
}

/** Readable labels of status values, where the value itself is not one. */
export const LABELS: Record<string, string> = { notApplicable: "not applicable" };

/** A colored pill for a scenario, step or severity status. */
export function badge(status: string, label?: string): Html {
  return markup`<span class="badge ${status}">${label ?? LABELS[status] ?? status}</span>`;
}

/** The baseline pill of a finding (`new`, `known`, `waived`, `waiver expired`), or nothing. */
export function baselineBadge(finding: Finding): Html | "" {
  if (finding.baseline === undefined) return "";
  if (finding.baseline === "new" && finding.waiver?.expired) return badge("bl-new", "new · waiver expired");
  return badge(`bl-${finding.baseline}`, finding.baseline);
}

/** An HTTP status pill colored by class (2xx, 3xx, 4xx, 5xx), or the transport error kind. */
export function statusPill(status: number | undefined, error?: string): Html {
  if (status === undefined) return markup`<span class="code cx">${error ?? "no response"}</span>`;
  return markup`<span class="code c${Math.floor(status / 100)}">${status}</span>`;
}

/** A body pretty-printed when it is JSON, verbatim otherwise. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** `Name: value` lines. */
export function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
}

/** The URL relative to the target's base URL, percent-decoded for reading (the raw URL stays in the details). */
export function displayPath(url: string, base: string | undefined): string {
  const relative = base !== undefined && url.startsWith(base) ? url.slice(base.length) || "/" : url;
  const q = relative.indexOf("?");
  const readable = q < 0 ? relative : relative.slice(0, q) + relative.slice(q).replace(/\+/g, " ");
  try {
    return decodeURIComponent(readable);
  } catch {
    return relative;
  }
}
