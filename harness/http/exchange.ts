/**
 * One recorded request/response pair, the unit that checks, IdP models and reports consume.
 *
 * A 4xx/5xx response is not an error: `error` is set only for transport failures and for bodies that
 * cannot be what a SCIM endpoint must return (RFC 7644 §3.1: SCIM bodies are JSON).
 */
import type { ExchangeErrorKind } from "../../reports/report.ts";
import type { HttpIntent } from "./http-intent.ts";

/** Why an exchange did not yield a usable SCIM response; defined with the report types it ends up in. */
export type { ExchangeErrorKind };

/** The request as sent. `Authorization` is already redacted (`Bearer [REDACTED]`). */
export interface ExchangeRequest {
  method: HttpIntent["method"];
  /** Absolute URL exactly as put on the wire (path and query not re-encoded). */
  url: string;
  /** Header names as sent (original case). No `User-Agent` key means none was sent. */
  headers: Record<string, string>;
  body?: string;
}

/** The response as received. */
export interface ExchangeResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** UTF-8 decoded body (possibly truncated). */
  bodyText: string;
  /** Parsed JSON when `bodyText` parses. */
  body?: unknown;
  /** True when the body was cut at `maxBodyBytes`. */
  truncated?: boolean;
}

/** A recorded request, with the response and/or error. */
export interface Exchange {
  /** `${idPrefix}${n}`, sequential per client, e.g. `x1`. */
  id: string;
  label: string;
  /** ISO 8601 timestamp of when sending started. */
  startedAt: string;
  durationMs: number;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  error?: { kind: ExchangeErrorKind; message: string };
  /** The intent, with any token in `auth` or an `Authorization` header redacted. */
  intent: HttpIntent;
  /**
   * The environment variable the run's credential came from (`--token-env`), when this request carried
   * that credential; its curl line names it. Unset: `SCIM_TOKEN`, the default variable.
   */
  tokenVariable?: string;
}

/** The variable a curl line names for the credential when the run did not say (`--token-env` default). */
const DEFAULT_TOKEN_VARIABLE = "SCIM_TOKEN";

/**
 * The variable a curl line names for a token the target issued to the run itself (its token controls:
 * `rotateToken` / `expireToken` steps, the refused-credential check, a load tenant's token). That token came
 * from no variable and is never written anywhere; to replay, set it to a token of your own that the target
 * accepts (or, after an `expireToken` step, one it refuses).
 */
export const ISSUED_TOKEN_VARIABLE = "SCIM_ISSUED_TOKEN";

/** The placeholder that replaces credentials in recorded exchanges. */
export const REDACTED = "[REDACTED]";

/** Redacts an `Authorization` header value, keeping the scheme: `Bearer abc` → `Bearer [REDACTED]`. */
export function redactAuthorization(value: string): string {
  const scheme = /^\s*([A-Za-z][\w.+-]*)\s+\S/.exec(value)?.[1];
  return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
}

/** A copy of the intent with any token (`auth.token`, an `Authorization` header) redacted. */
export function redactIntent(intent: HttpIntent): HttpIntent {
  const copy: HttpIntent = { ...intent };
  if (typeof intent.auth === "object" && intent.auth !== null) copy.auth = { token: REDACTED };
  if (intent.headers !== undefined) {
    copy.headers = Object.fromEntries(
      Object.entries(intent.headers).map(([k, v]) => [
        k,
        k.toLowerCase() === "authorization" ? redactAuthorization(v) : v,
      ]),
    );
  }
  return copy;
}

/** Quotes a string for POSIX shells: single quotes, with `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A copy-pasteable curl command reproducing the request. The credential becomes the variable the run
 * took it from (`-H "Authorization: Bearer $SCIM_TOKEN"`, or `$OTHER` with `--token-env OTHER`); `-H 'User-Agent:'` suppresses curl's own user agent when
 * none was sent (Entra sends none [C12]), likewise `Accept:` and `Content-Type:`; `--globoff` is added when the URL holds `[]{}` (SCIM value
 * paths such as `emails[type eq "work"]`).
 */
export function toCurl(exchange: Pick<Exchange, "request" | "tokenVariable">): string {
  const { method, url, headers, body } = exchange.request;
  const variable = exchange.tokenVariable ?? DEFAULT_TOKEN_VARIABLE;
  const parts = ["curl"];
  if (/[[\]{}]/.test(url)) parts.push("--globoff");
  parts.push("-X", method, shellQuote(url));
  let sawUserAgent = false;
  let sawAccept = false;
  let sawContentType = false;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === "user-agent") sawUserAgent = true;
    if (lower === "accept") sawAccept = true;
    if (lower === "content-type") sawContentType = true;
    if (lower === "authorization") {
      const scheme = /^\s*([A-Za-z][\w.+-]*)\s+\S/.exec(value)?.[1] ?? "Bearer";
      parts.push("-H", `"${name}: ${scheme} $${variable}"`);
    } else {
      parts.push("-H", shellQuote(`${name}: ${value}`));
    }
  }
  // An empty `-H 'Name:'` stops curl adding its own default for that header.
  if (!sawAccept) parts.push("-H", shellQuote("Accept:"));
  if (!sawUserAgent) parts.push("-H", shellQuote("User-Agent:"));
  if (body !== undefined) {
    // curl would otherwise add Content-Type: application/x-www-form-urlencoded.
    if (!sawContentType) parts.push("-H", shellQuote("Content-Type:"));
    parts.push("--data-raw", shellQuote(body));
  }
  return parts.join(" ");
}
