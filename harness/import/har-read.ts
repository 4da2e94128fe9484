/**
 * Reads a HAR 1.2 file (`log.entries[]` with `request` / `response`) captured by a proxy or a browser in
 * front of a SCIM service provider, keeps the SCIM requests (RFC 7644 §3.2 endpoints) under the most
 * used SCIM base path, and lists every other entry as skipped with the reason.
 */
import { createHash } from "node:crypto";
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
  /** Response headers, when the HAR holds a response (an ETag shows the resource's version). */
  responseHeaders?: Record<string, string>;
  /** Short fingerprint of the request's credential (never the credential), when it carried one. */
  credential?: string;
  /** Original size in bytes of a body the recording cut at its limit. */
  truncated?: { request?: number; response?: number };
}

/**
 * What `scim-harness record` adds to each HAR entry, as the HAR 1.2 custom field `_scimHarness` (custom
 * fields start with an underscore). A HAR captured elsewhere has none of it: the same facts then come from
 * the entry itself (the Authorization header's fingerprint) or are absent.
 */
export interface RecordedEntryNotes {
  /** Fingerprint of the credential the request carried; the header itself is not in the HAR. */
  credential?: string;
  /** Original body sizes when the recorded text was cut at the limit (the SP got the whole body). */
  truncated?: { request?: number; response?: number };
  /** The path is not a SCIM endpoint (forwarded all the same). */
  nonScim?: true;
  /** The SP did not answer: the proxy answered 502 / 504 itself, for this reason. */
  proxyError?: string;
}

/** `log.creator.name` of the HARs `scim-harness record` writes. */
export const RECORDER_NAME = "scim-harness record";

/** Request headers that carry credentials: never written to a scenario or a recorded HAR. */
export const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token)$/i;

/**
 * A short fingerprint of a credential (`Authorization` header value): 8 hex digits of its SHA-256, enough
 * to keep two IdPs or tenants apart and far too short to recover or replay the credential.
 */
export function credentialFingerprint(value: string): string {
  return createHash("sha256").update(value.trim()).digest("hex").slice(0, 8);
}

const SCIM_ENDPOINT =
  /\/(Users|Groups|ServiceProviderConfigs?|Schemas|ResourceTypes|Bulk|Me|\.search)(?=\/|\?|$)/i;
/** Whether a URL path names a SCIM endpoint (RFC 7644 §3.2). */
export function isScimPath(pathname: string): boolean {
  return SCIM_ENDPOINT.test(pathname);
}
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
): {
  exchanges: HarExchange[];
  skipped: SkippedEntry[];
  warnings: string[];
  base: string;
  /** `log.creator.name` when the HAR names its creator. */
  creator?: string;
} {
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
    const notes = (isRecord(entry.value) ? entry.value._scimHarness : undefined) as
      RecordedEntryNotes | undefined;
    if (typeof notes?.proxyError === "string") {
      skipped.push({ entry: at, reason: `not answered by the SP (${shown}): ${notes.proxyError}` });
      continue;
    }
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
    const headers = headerMap(request.headers);
    const authorization = Object.entries(headers).find(([name]) => /^authorization$/i.test(name))?.[1];
    const credential =
      typeof notes?.credential === "string"
        ? notes.credential
        : authorization !== undefined
          ? credentialFingerprint(authorization)
          : undefined;
    const truncated = isRecord(notes?.truncated) ? notes.truncated : undefined;
    if (truncated?.request !== undefined) {
      skipped.push({
        entry: at,
        reason: `request body cut in the recording (${truncated.request} bytes): cannot be replayed (${shown})`,
      });
      continue;
    }
    candidates.push({
      index: entry.index,
      method: method as HttpMethod,
      origin: url.origin,
      prefix: url.pathname.slice(0, match.index),
      path: url.pathname.slice(match.index) + url.search,
      endpoint: match[1]!,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(typeof value.startedDateTime === "string" ? { startedAt: value.startedDateTime } : {}),
      ...(typeof value.time === "number" ? { timeMs: Math.round(value.time) } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(responseBody !== undefined && responseBody !== "" ? { responseBody } : {}),
      ...(isRecord(response) && status !== undefined ? { responseHeaders: headerMap(response.headers) } : {}),
      ...(credential !== undefined ? { credential } : {}),
      ...(truncated !== undefined ? { truncated } : {}),
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
  const log = isRecord(root) && isRecord(root.log) ? root.log : undefined;
  const creator = isRecord(log?.creator) ? log.creator.name : undefined;
  return { exchanges, skipped, warnings, base, ...(typeof creator === "string" ? { creator } : {}) };
}
