/**
 * Reads a HAR 1.2 file (`log.entries[]` with `request` / `response`) captured by a proxy or a browser in
 * front of a SCIM service provider, keeps the SCIM requests (RFC 7644 §3.2 endpoints) under the most
 * used SCIM base path, and lists every other entry as skipped with the reason.
 */
import type { HttpMethod } from "../http/http-intent.ts";
import type { SkippedEntry } from "./import-error.ts";
import { ImportError } from "./import-error.ts";
import { readJsonEntries } from "./json-entries.ts";

/** A recorded SCIM exchange. */
export interface HarExchange {
  index: number;
  method: HttpMethod;
  /** Path and raw query relative to the SCIM base, e.g. `/Users?filter=userName+eq+%22x%22`. */
  path: string;
  /** `Users`, `Groups`, `ServiceProviderConfig`, … as recorded (case kept). */
  endpoint: string;
  headers: Record<string, string>;
  body?: string;
  startedAt?: string;
  timeMs?: number;
  /** Undefined when the HAR holds no response (aborted request, status 0). */
  status?: number;
  responseBody?: string;
}

const SCIM_ENDPOINT =
  /\/(Users|Groups|ServiceProviderConfigs?|Schemas|ResourceTypes|Bulk|Me|\.search)(?=\/|\?|$)/i;
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function headerMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(raw)) return out;
  for (const h of raw) {
    if (isRecord(h) && typeof h.name === "string" && typeof h.value === "string") out[h.name] = h.value;
  }
  return out;
}

function contentText(content: unknown): string | undefined {
  if (!isRecord(content) || typeof content.text !== "string") return undefined;
  return content.encoding === "base64" ? Buffer.from(content.text, "base64").toString("utf8") : content.text;
}

/** Parses the HAR; throws `ImportError` when the text is not a HAR at all. */
export function readHar(
  text: string,
  label: string,
): { exchanges: HarExchange[]; skipped: SkippedEntry[]; warnings: string[]; base: string } {
  if (text.includes("\u0000")) throw new ImportError(label, "not a text file (binary content): not a HAR");
  const read = readJsonEntries(text, [["log", "entries"]]);
  const root = read?.root;
  if (read === undefined || (read.complete && (!isRecord(root) || !isRecord(root.log)))) {
    throw new ImportError(
      label,
      "not a HAR file: no log.entries array (HAR 1.2 has { log: { entries: [...] } })",
    );
  }
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  if (!read.complete)
    warnings.push(`${label}: damaged (${read.damage}); the entries before the damage were imported`);

  type Candidate = HarExchange & { origin: string; prefix: string };
  const candidates: Candidate[] = [];
  for (const entry of read.entries) {
    const at = `entries[${entry.index}]`;
    if (entry.error !== undefined) {
      skipped.push({ entry: at, reason: entry.error });
      continue;
    }
    const request = isRecord(entry.value) ? entry.value.request : undefined;
    if (!isRecord(request) || typeof request.url !== "string" || typeof request.method !== "string") {
      skipped.push({ entry: at, reason: "no request.method / request.url: not a HAR entry" });
      continue;
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      skipped.push({ entry: at, reason: `request.url is not a URL: ${request.url.slice(0, 80)}` });
      continue;
    }
    const method = request.method.toUpperCase();
    const shown = `${method} ${url.origin}${url.pathname}`;
    const match = SCIM_ENDPOINT.exec(url.pathname);
    if (match === null) {
      skipped.push({ entry: at, reason: `not a SCIM request (${shown})` });
      continue;
    }
    if (!METHODS.has(method)) {
      skipped.push({ entry: at, reason: `${method} is not a SCIM method (${shown})` });
      continue;
    }
    const response = isRecord(entry.value) ? entry.value.response : undefined;
    const status =
      isRecord(response) && typeof response.status === "number" && response.status > 0
        ? response.status
        : undefined;
    const postData = isRecord(request.postData) ? request.postData : undefined;
    const body = typeof postData?.text === "string" && postData.text !== "" ? postData.text : undefined;
    const responseBody = isRecord(response) ? contentText(response.content) : undefined;
    const value = entry.value as Record<string, unknown>;
    candidates.push({
      index: entry.index,
      method: method as HttpMethod,
      origin: url.origin,
      prefix: url.pathname.slice(0, match.index),
      path: url.pathname.slice(match.index) + url.search,
      endpoint: match[1]!,
      headers: headerMap(request.headers),
      ...(body !== undefined ? { body } : {}),
      ...(typeof value.startedDateTime === "string" ? { startedAt: value.startedDateTime } : {}),
      ...(typeof value.time === "number" ? { timeMs: Math.round(value.time) } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(responseBody !== undefined && responseBody !== "" ? { responseBody } : {}),
    });
  }
  // The SCIM base is the origin + path prefix most requests use; other bases are a different service.
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.origin + c.prefix, (counts.get(c.origin + c.prefix) ?? 0) + 1);
  const base = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const exchanges: HarExchange[] = [];
  for (const c of candidates) {
    if (c.origin + c.prefix !== base) {
      skipped.push({
        entry: `entries[${c.index}]`,
        reason: `another SCIM base (${c.origin}${c.prefix}, not ${base})`,
      });
      continue;
    }
    const { origin: _origin, prefix: _prefix, ...exchange } = c;
    exchanges.push(exchange);
  }
  return { exchanges, skipped, warnings, base };
}
