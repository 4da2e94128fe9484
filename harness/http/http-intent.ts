/**
 * What an IdP model wants sent: one HTTP request, described before any network I/O happens.
 *
 * IdP models (`harness/idp/*`) plan `HttpIntent[]`; `ScimClient.send()` turns each into an `Exchange`.
 */

/** HTTP methods a SCIM client uses (RFC 7644 §3.2). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Which credentials a request carries. */
export type HttpIntentAuth =
  /** The client's configured token (static or provider), if any. */
  | "default"
  /** No `Authorization` header at all. */
  | "none"
  /** This token instead of the client's, e.g. an expired or rotated token scenario. */
  | { token: string };

/** One planned request, as an IdP would put it on the wire. */
export interface HttpIntent {
  /** Human-readable step label, e.g. "Test connection: random userName probe". */
  label: string;
  method: HttpMethod;
  /**
   * Path relative to the target base URL, starting with "/". May carry a raw, already-encoded query string
   * exactly as the IdP puts it on the wire, e.g. `/Users?filter=userName+eq+%22x%22` [C1]. Never re-encoded.
   */
  path: string;
  /**
   * Extra headers; they win over the client's defaults (case-insensitive). An empty-string value removes
   * that header, e.g. `{ "Content-Type": "" }` sends a body without a content type.
   */
  headers?: Record<string, string>;
  /** JSON-serialised with `JSON.stringify`. */
  body?: unknown;
  /** Sent verbatim (wins over `body`), for malformed-body tests. */
  rawBody?: string;
  /** Defaults to "default". */
  auth?: HttpIntentAuth;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
  /** The IdP step this comes from is inferred, not observed. */
  inferred?: boolean;
  /** Evidence tags from idp-behaviour.md, e.g. `["[C1]", "[S1]"]`. */
  evidence?: string[];
}

/**
 * How `scimQuery` encodes keys and values.
 * - `plus`: space as `+`, `"` as `%22`, everything else as `encodeURIComponent` does. Entra's observed
 *   wire form [C1] [C3]; only space and `"` are evidenced, the rest is an assumption.
 * - `percent`: plain `encodeURIComponent` (space as `%20`).
 * - `raw`: quotes and other printable ASCII left as-is, the documented unencoded form [S1]
 *   (`filter=userName eq "x"`), with space as `%20` so the request line stays valid HTTP. Only what would
 *   break the request line or the query structure is escaped: controls, space, non-ASCII, `%`, `&`, `#`, `+`.
 * - `plusRawQuotes`: space as `+` but `"` left raw, the exact form of the 2019 capture [C2]
 *   (`filter=externalId+eq+"9edf…"`).
 */
export type QueryStyle = "plus" | "percent" | "raw" | "plusRawQuotes";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function encodePart(input: string, style: QueryStyle): string {
  // encodeURIComponent throws on lone surrogates; send U+FFFD instead, as a UTF-8 encoder would.
  const text = input.replace(LONE_SURROGATE, "\ufffd");
  switch (style) {
    case "percent":
      return encodeURIComponent(text);
    case "plus":
      return encodeURIComponent(text).replace(/%20/g, "+");
    case "plusRawQuotes":
      return encodeURIComponent(text).replace(/%20/g, "+").replace(/%22/g, '"');
    case "raw": {
      let out = "";
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0;
        out += cp <= 0x20 || cp >= 0x7f || "%&#+".includes(ch) ? encodeURIComponent(ch) : ch;
      }
      return out;
    }
  }
}

/**
 * Builds a query string (without the leading `?`) from `params`, skipping `undefined` values and keeping
 * insertion order. Default style is `plus`, Entra's wire form [C1]:
 * `scimQuery({ filter: 'userName eq "a b"' })` → `filter=userName+eq+%22a+b%22`.
 */
export function scimQuery(params: Record<string, string | undefined>, style: QueryStyle = "plus"): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${encodePart(key, style)}=${encodePart(value, style)}`);
  }
  return parts.join("&");
}
