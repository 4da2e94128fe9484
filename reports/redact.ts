/**
 * Redaction of credentials before anything is written or printed.
 *
 * Every writer calls `redact` itself, so no unredacted report ever leaves `reports/`. Strings are
 * rewritten in place with patterns (never parsed and re-serialised), so a redacted body keeps its exact
 * formatting, key order and whitespace: only the secret bytes change.
 */

/** The text that replaces every redacted value. */
export const REDACTED = "[REDACTED]";

/** Options every writer takes: configured secrets to scrub on top of the built-in credential patterns. */
export interface RedactOptions {
  secrets: readonly string[];
}

/** Secrets shorter than this are ignored: replacing them would shred ordinary text. */
export const MIN_SECRET_LENGTH = 4;

/** Header names whose value is a credential; `Authorization`-style ones keep their scheme word. */
const SCHEME_HEADER = "(?:proxy-)?authorization";
const OPAQUE_HEADER = "(?:set-)?cookie|(?:x-)?api[-_]?key|x-(?:auth|access|api)[-_]token";
const SCHEME_HEADER_NAME = new RegExp(`^(?:${SCHEME_HEADER})$`, "i");
const OPAQUE_HEADER_NAME = new RegExp(`^(?:${OPAQUE_HEADER})$`, "i");

/** JSON property / form field names whose value is a secret (case-insensitive). */
const SECRET_KEYS = "password|token|access_token|refresh_token|id_token|client_secret|secret|api_key|apikey";
const SECRET_KEY_NAME = new RegExp(`^(?:${SECRET_KEYS})$`, "i");
const ANY_SECRET_KEY = `${SECRET_KEYS}|${SCHEME_HEADER}|${OPAQUE_HEADER}`;

/** Words that may follow "Bearer" in prose ("missing Bearer token") and are not credentials. */
const BEARER_PROSE = "(?:token|tokens|auth|authentication|scheme|header|prefix|credentials?)\\b";

/** Pattern-based rewrites applied to every string, in order. */
const STRING_RULES: ReadonlyArray<readonly [RegExp, string | ((...groups: string[]) => string)]> = [
  // `Authorization: Bearer abc` in curl lines, raw HTTP and messages: keep the scheme word.
  [
    new RegExp(`\\b(${SCHEME_HEADER})(\\s*:\\s*)([^\\r\\n'"]+)`, "gi"),
    (_m, name = "", sep = "", value = "") => `${name}${sep}${redactCredential(value)}`,
  ],
  // `Cookie: a=b`, `X-Api-Key: k`.
  [new RegExp(`\\b(${OPAQUE_HEADER})(\\s*:\\s*)[^\\r\\n'"]+`, "gi"), `$1$2${REDACTED}`],
  // "password": "…" in serialised JSON (string and number values).
  [new RegExp(`"(${ANY_SECRET_KEY})"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"), `"$1"$2"${REDACTED}"`],
  [new RegExp(`"(${ANY_SECRET_KEY})"(\\s*:\\s*)-?\\d[\\d.eE+-]*`, "gi"), `"$1"$2"${REDACTED}"`],
  // \"password\": \"…\" in JSON that is itself inside an escaped JSON string.
  [
    new RegExp(`\\\\"(${ANY_SECRET_KEY})\\\\"(\\s*:\\s*)\\\\"(.*?)\\\\"`, "gi"),
    `\\"$1\\"$2\\"${REDACTED}\\"`,
  ],
  // password=… in query strings and form bodies.
  [new RegExp(`(^|[?&;\\s])(${SECRET_KEYS})=[^&\\s'"#;]+`, "gi"), `$1$2=${REDACTED}`],
  // Bearer <token> anywhere.
  [new RegExp(`\\b(Bearer)(\\s+)(?!${BEARER_PROSE})[A-Za-z0-9\\-._~+/]+=*`, "gi"), `$1$2${REDACTED}`],
  // https://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:'"]+):[^\s/?#@'"]+@/gi, `$1$2:${REDACTED}@`],
];

/**
 * An environment-variable placeholder after a scheme word (`Bearer $SCIM_TOKEN`, `Bearer $my_token`,
 * `Bearer ${my_token}` in curl lines) is not a credential and is kept, for any valid shell variable name
 * (POSIX: letters, digits, `_`, not starting with a digit), whatever its case (`--token-env my_token`).
 * Why any name and not only the run's variables: `$` is outside the RFC 6750 §2.1 b64token (and RFC 9110
 * §11.2 token68) alphabet, so `Bearer $name` cannot be a bearer credential; and every configured secret is
 * replaced before this test runs, so a token equal to a variable name, or one starting with `$`, is already
 * `[REDACTED]` here (`Bearer $[REDACTED]` does not match and is redacted whole).
 */
const SHELL_PLACEHOLDER = /^\s*[A-Za-z][\w-]*\s+\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\})\s*$/;

/** `Bearer abc` → `Bearer [REDACTED]`; a value without a scheme word becomes `[REDACTED]`. */
function redactCredential(value: string): string {
  if (SHELL_PLACEHOLDER.test(value)) return value;
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
  return match?.[1] === undefined ? REDACTED : `${match[1]} ${REDACTED}`;
}

/** Literal forms of each configured secret to look for: raw, JSON-escaped and URL-encoded. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

function redactString(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  for (const [pattern, replacement] of STRING_RULES) {
    out =
      typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

type Memo = WeakMap<object, unknown>;

function redactHeaderValue(value: unknown, forms: readonly string[], memo: Memo): unknown {
  if (typeof value === "string") return redactCredential(redactString(value, forms));
  if (Array.isArray(value)) return value.map((item) => redactHeaderValue(item, forms, memo));
  return value === null || value === undefined ? value : REDACTED;
}

function redactNode(value: unknown, forms: readonly string[], memo: Memo): unknown {
  if (typeof value === "string") return redactString(value, forms);
  if (typeof value !== "object" || value === null) return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (value instanceof Date) return new Date(value.getTime());

  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    memo.set(value, copy);
    for (const item of value) copy.push(redactNode(item, forms, memo));
    return copy;
  }

  const copy: Record<string, unknown> = {};
  memo.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    const name = redactString(key, forms);
    if (SCHEME_HEADER_NAME.test(key)) copy[name] = redactHeaderValue(item, forms, memo);
    else if (OPAQUE_HEADER_NAME.test(key) || SECRET_KEY_NAME.test(key)) {
      copy[name] = item === null || item === undefined ? item : REDACTED;
    } else copy[name] = redactNode(item, forms, memo);
  }
  return copy;
}

/**
 * Returns a deep copy of `value` with credentials replaced by `[REDACTED]`:
 * - values of `Authorization` / `Proxy-Authorization` keys keep their scheme (`Bearer [REDACTED]`);
 *   `Cookie`, `Set-Cookie`, `X-Api-Key`-like keys and `password` / `token` / `access_token` /
 *   `client_secret` / `secret` (and similar) keys are replaced whole (names case-insensitive);
 * - inside every string (bodies, curl lines, messages, URLs): those keys in serialised JSON (also
 *   backslash-escaped JSON), header lines, `password=` form / query fields, `Bearer <token>`, and URL
 *   userinfo passwords;
 * - every occurrence of each configured secret of at least 4 characters (also JSON-escaped and
 *   URL-encoded), in any string and any object key.
 *
 * Plain objects and arrays are copied (class instances become plain objects; `Date`s are cloned); a
 * cycle in the input becomes the same cycle in the copy, so cyclic input cannot hang it.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  return redactNode(value, secretForms(secrets), new WeakMap()) as T;
}
