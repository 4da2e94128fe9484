/**
 * JSON literals in SCIM filters: `compValue = false / null / true / number / string` (RFC 7644 §3.4.2.2),
 * where string and number are the JSON productions of RFC 8259 §7 and §6.
 */

/** Reports a syntax error at a 0-based offset; never returns. */
export type FailAt = (what: string, at: number) => never;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD_CHAR = /[A-Za-z0-9_.:$-]/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const ESCAPES: ReadonlyMap<string, string> = new Map(
  Object.entries({ '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }),
);

/**
 * Reads the JSON string whose opening quote is at `start`: all escapes, `\uXXXX` as UTF-16 code units
 * (so surrogate pairs combine and lone surrogates survive, as with `JSON.parse`), no raw control characters.
 */
export function readJsonString(src: string, start: number, fail: FailAt): { value: string; end: number } {
  let value = "";
  let pos = start + 1;
  let chunk = pos;
  for (;;) {
    if (pos >= src.length) fail("Unterminated string", start);
    const code = src.charCodeAt(pos);
    if (code === 0x22) return { value: value + src.slice(chunk, pos), end: pos + 1 };
    if (code < 0x20) fail("Unescaped control character in string", pos);
    if (code !== 0x5c) {
      pos++;
      continue;
    }
    value += src.slice(chunk, pos);
    const escape = src[pos + 1] ?? "";
    const simple = ESCAPES.get(escape);
    const hex = src.slice(pos + 2, pos + 6);
    if (simple !== undefined) {
      value += simple;
      pos += 2;
    } else if (escape === "u" && HEX4.test(hex)) {
      value += String.fromCharCode(Number.parseInt(hex, 16));
      pos += 6;
    } else {
      fail("Invalid escape sequence in string", pos);
    }
    chunk = pos;
  }
}

/** Reads the JSON number at `start` into a finite double; it must not run into a word character (`01`, `1.`, `2x`). */
export function readJsonNumber(src: string, start: number, fail: FailAt): { value: number; end: number } {
  NUMBER.lastIndex = start;
  const text = NUMBER.exec(src)?.[0] ?? "";
  const end = start + text.length;
  const next = src[end];
  if (text === "" || (next !== undefined && WORD_CHAR.test(next))) fail("Invalid number", start);
  const value = Number(text);
  if (!Number.isFinite(value)) fail("Number out of range", start);
  return { value, end };
}
