/**
 * Maps transport failures (undici / Node errors) and unusable SCIM response bodies to `ExchangeErrorKind`.
 */
import type { ExchangeErrorKind, ExchangeResponse } from "./exchange.ts";

const TIMEOUT_CODES = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
  "ABORT_ERR",
]);
const RESET_CODES = new Set([
  "ECONNRESET",
  "UND_ERR_SOCKET",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);
const REFUSED_CODES = new Set(["ECONNREFUSED"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA"]);
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|EPROTO$|HOSTNAME_MISMATCH$|ERR_OSSL_)/;

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error, its `cause` chain and `AggregateError.errors` (Node's happy-eyeballs connect), flattened. */
function flatten(error: unknown, out: ErrorLike[] = [], depth = 0): ErrorLike[] {
  if (depth > 8 || typeof error !== "object" || error === null || out.includes(error)) return out;
  const e = error as ErrorLike;
  out.push(e);
  if (Array.isArray(e.errors)) for (const inner of e.errors) flatten(inner, out, depth + 1);
  if (e.cause !== undefined) flatten(e.cause, out, depth + 1);
  return out;
}

/** A one-line description of an error and its causes, with codes, e.g. `other side closed (UND_ERR_SOCKET)`. */
export function describeError(error: unknown): string {
  const chain = flatten(error);
  if (chain.length === 0) return String(error);
  const seen = new Set<string>();
  for (const e of chain) {
    const text = typeof e.message === "string" ? e.message.replace(/\s+/g, " ").trim() : "";
    const message = text !== "" ? text : String(e.name ?? "error");
    seen.add(typeof e.code === "string" ? `${message} (${e.code})` : message);
  }
  return [...seen].join(": ");
}

/**
 * Classifies a thrown transport error. `timedOut` is true when the client's own deadline fired (the abort
 * then surfaces as whatever undici throws, so the flag wins).
 */
export function classifyTransportError(error: unknown, timedOut = false): ExchangeErrorKind {
  if (timedOut) return "timeout";
  const chain = flatten(error);
  const codes = chain.map((e) => (typeof e.code === "string" ? e.code : "")).filter((c) => c !== "");
  // Most specific first: a TLS failure often also carries ECONNRESET, a DNS failure never carries TLS codes.
  if (codes.some((c) => DNS_CODES.has(c))) return "dns";
  if (codes.some((c) => REFUSED_CODES.has(c))) return "connectionRefused";
  if (codes.some((c) => TLS_CODE.test(c))) return "tls";
  if (codes.some((c) => TIMEOUT_CODES.has(c))) return "timeout";
  if (chain.some((e) => e.name === "TimeoutError")) return "timeout";
  if (codes.some((c) => RESET_CODES.has(c))) return "connectionReset";
  return "other";
}

function looksLikeHtml(bodyText: string, contentType: string | undefined): boolean {
  if (contentType !== undefined && /\b(text\/html|application\/xhtml\+xml)\b/i.test(contentType)) return true;
  return /^\s*<(!doctype\s+html|html|head|body|title)\b/i.test(bodyText);
}

/**
 * Parses a SCIM response body and flags what a SCIM endpoint must not return (RFC 7644 §3.1, §3.12): a
 * non-empty non-JSON body (`htmlBody` or `invalidJson`, except on 204), an empty 200/201 (`emptyBody`),
 * or a body cut at the size limit (`bodyTooLarge`). Status codes themselves are never errors here.
 */
export function interpretResponseBody(
  response: Pick<ExchangeResponse, "status" | "headers" | "bodyText" | "truncated">,
): { body?: unknown; error?: { kind: ExchangeErrorKind; message: string } } {
  const { status, bodyText, truncated } = response;
  if (truncated === true) {
    return {
      error: { kind: "bodyTooLarge", message: `response body exceeded the size limit (HTTP ${status})` },
    };
  }
  if (bodyText.trim() === "") {
    if (status === 200 || status === 201) {
      return { error: { kind: "emptyBody", message: `HTTP ${status} with an empty body` } };
    }
    return {};
  }
  try {
    return { body: JSON.parse(bodyText) as unknown };
  } catch (error) {
    if (status === 204) return {};
    const contentType = response.headers["content-type"];
    const snippet = bodyText.slice(0, 120).replace(/\s+/g, " ");
    if (looksLikeHtml(bodyText, contentType)) {
      return {
        error: { kind: "htmlBody", message: `HTTP ${status} returned HTML instead of JSON: ${snippet}` },
      };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return {
      error: { kind: "invalidJson", message: `HTTP ${status} body is not JSON (${reason}): ${snippet}` },
    };
  }
}
