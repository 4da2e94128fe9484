/**
 * Parsers for SCIM filters (RFC 7644 §3.4.2.2, Figure 1), attribute paths (RFC 7644 §3.10) and PATCH
 * paths (RFC 7644 §3.5.2).
 *
 * Every malformed input throws `ScimError(400, "invalidFilter" | "invalidPath")` whose detail names a
 * 0-based position (a UTF-16 code-unit offset) and what was expected there. Nothing else escapes for any
 * string input: inputs longer than {@link MAX_FILTER_LENGTH}, nested deeper than {@link MAX_FILTER_NESTING}
 * or with more than {@link MAX_LOGICAL_OPERATORS} `and`/`or` are rejected the same way, which also bounds
 * the depth of the returned AST for recursive consumers.
 *
 * Leniency beyond the ABNF: keywords (`and`, `or`, `not`, operators, `true`/`false`/`null`) are
 * case-insensitive; runs of spaces, tabs, CR and LF count as one SP, and SP may be omitted next to
 * punctuation (`not(`, `eq"x"`, `) and(`), but never between two words (`title prand` is an error);
 * whitespace is also tolerated before a value path's `[` (not before a PATCH path's `.subAttr`).
 * Numbers are JSON numbers read into JS doubles (integers beyond 2^53 lose precision; overflow is an error).
 */
import { COMPARE_OPERATORS } from "./filter-ast.ts";
import type { AttrPath, CompareOperator, FilterLiteral, FilterNode, PatchPath } from "./filter-ast.ts";
import { readJsonNumber, readJsonString } from "./filter-literal.ts";
import { ScimError, isScimError } from "./scim-error.ts";

/** Longest filter or path accepted, in UTF-16 code units (64 KiB). */
export const MAX_FILTER_LENGTH = 65_536;
/** Deepest nesting of `(…)`, `not (…)` and `[…]` accepted. */
export const MAX_FILTER_NESTING = 64;
/** Most `and`/`or` operators in one filter (a left-associative chain nests the AST that deep). */
export const MAX_LOGICAL_OPERATORS = 1000;

/** `ATTRNAME = ALPHA *(nameChar)` (RFC 7644 §3.10), plus `$ref` (RFC 7643 §2.3.7). */
export const ATTRNAME_PATTERN = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$[Rr][Ee][Ff])$/;
/** A schema URI prefix: a scheme and one or more non-empty `:`-separated segments (`urn:…:2.0:User`). */
export const SCHEMA_URI_PATTERN = /^[A-Za-z][A-Za-z0-9.-]*(?::[A-Za-z0-9._-]+)+$/;

const WORD = /[A-Za-z0-9_.:$-]*/y;
const WHITESPACE: ReadonlySet<string> = new Set([" ", "\t", "\n", "\r"]);
const OPERATORS: ReadonlySet<string> = new Set(COMPARE_OPERATORS);
const LITERAL_WORDS: ReadonlyMap<string, FilterLiteral> = new Map<string, FilterLiteral>(
  Object.entries({ true: true, false: false, null: null }),
);
const PATH_START = "Expected an attribute path, '(' or 'not'";

type ParseError = "invalidFilter" | "invalidPath";

class Parser {
  pos = 0;
  private depth = 0;
  private logical = 0;
  private keywordAt = 0;

  constructor(
    readonly src: string,
    private readonly scimType: ParseError,
    private readonly noun: "filter" | "path",
  ) {}

  fail(what: string, at: number = this.pos): never {
    const end = at >= this.src.length ? " (end of input)" : "";
    const shown = this.src.length > 200 ? `${this.src.slice(0, 200)}…` : this.src;
    throw new ScimError(400, this.scimType, `${what} at position ${at}${end} in ${this.noun} '${shown}'`);
  }

  skipWs(): void {
    while (WHITESPACE.has(this.src[this.pos] ?? "")) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** Reads a maximal run of path characters at the cursor (possibly empty). */
  readWord(): string {
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.src)?.[0] ?? "";
    this.pos += word.length;
    return word;
  }

  /** Consumes `keyword` (case-insensitive) after optional whitespace, or leaves the cursor untouched. */
  acceptKeyword(keyword: string): boolean {
    const save = this.pos;
    this.skipWs();
    this.keywordAt = this.pos;
    if (this.readWord().toLowerCase() === keyword) return true;
    this.pos = save;
    return false;
  }

  expect(char: string, what: string): void {
    this.skipWs();
    if (this.src[this.pos] !== char) this.fail(what);
    this.pos++;
  }

  enter(): void {
    if (++this.depth > MAX_FILTER_NESTING) this.fail(`Nesting deeper than ${MAX_FILTER_NESTING} levels`);
  }

  leave(): void {
    this.depth--;
  }

  /** `FILTER` with `or` < `and` < `not`, both binary operators left-associative (RFC 7644 §3.4.2.2). */
  parseOr(inValuePath: boolean): FilterNode {
    let left = this.parseAnd(inValuePath);
    while (this.acceptKeyword("or")) {
      this.countLogical();
      left = { kind: "or", left, right: this.parseAnd(inValuePath) };
    }
    return left;
  }

  private parseAnd(inValuePath: boolean): FilterNode {
    let left = this.parseUnary(inValuePath);
    while (this.acceptKeyword("and")) {
      this.countLogical();
      left = { kind: "and", left, right: this.parseUnary(inValuePath) };
    }
    return left;
  }

  private countLogical(): void {
    if (++this.logical > MAX_LOGICAL_OPERATORS) {
      this.fail(`More than ${MAX_LOGICAL_OPERATORS} 'and'/'or' operators`, this.keywordAt);
    }
  }

  private parseGroup(inValuePath: boolean): FilterNode {
    this.enter();
    this.pos++; // "("
    const inner = this.parseOr(inValuePath);
    this.expect(")", "Expected ')', 'and' or 'or'");
    this.leave();
    return inner;
  }

  private parseUnary(inValuePath: boolean): FilterNode {
    this.skipWs();
    const start = this.pos;
    if (this.src[start] === "(") return this.parseGroup(inValuePath);
    const word = this.readWord();
    if (word === "") this.fail(PATH_START, start);
    if (word.toLowerCase() === "not") {
      this.skipWs();
      if (this.src[this.pos] === "(") return { kind: "not", filter: this.parseGroup(inValuePath) };
      // `not` is also a valid ATTRNAME: `not eq 1`, `not pr`, `not[…]`.
      const after = this.pos;
      const next = this.readWord().toLowerCase();
      if (this.src[after] !== "[" && next !== "pr" && !OPERATORS.has(next))
        this.fail("Expected '(' after 'not'", after);
      this.pos = start + word.length;
    }
    const path = this.toAttrPath(word, start);
    this.skipWs();
    if (this.src[this.pos] === "[") {
      if (inValuePath) this.fail("Unexpected '[': value paths cannot be nested (RFC 7644 §3.4.2.2)");
      return { kind: "valuePath", path: this.checkValuePathAttr(path, start), filter: this.parseBracket() };
    }
    const opStart = this.pos;
    const op = this.readWord().toLowerCase();
    if (op === "pr") {
      this.rejectValueAfterPr();
      return { kind: "present", path };
    }
    if (!OPERATORS.has(op)) this.fail("Expected an operator", opStart);
    this.skipWs();
    return { kind: "compare", path, op: op as CompareOperator, value: this.parseValue() };
  }

  checkValuePathAttr(path: AttrPath, start: number): AttrPath {
    if (path.subAttr !== undefined) {
      this.fail("A value path's attribute cannot have a sub-attribute before '['", start);
    }
    return path;
  }

  /** `"[" valFilter "]"`, cursor on `[`. */
  parseBracket(): FilterNode {
    this.enter();
    this.pos++;
    const filter = this.parseOr(true);
    this.expect("]", "Expected ']', 'and' or 'or'");
    this.leave();
    return filter;
  }

  private rejectValueAfterPr(): void {
    const save = this.pos;
    this.skipWs();
    const at = this.pos;
    const c = this.src[at] ?? "";
    const isValue =
      c === '"' || c === "-" || (c >= "0" && c <= "9") || LITERAL_WORDS.has(this.readWord().toLowerCase());
    if (isValue) this.fail("Unexpected value after 'pr' (the presence operator takes no value)", at);
    this.pos = save;
  }

  /** `compValue = false / null / true / number / string` (RFC 7644 §3.4.2.2). */
  private parseValue(): FilterLiteral {
    const start = this.pos;
    const c = this.src[start];
    const fail = (what: string, at: number): never => this.fail(what, at);
    if (c === '"' || c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      const { value, end } = (c === '"' ? readJsonString : readJsonNumber)(this.src, start, fail);
      this.pos = end;
      return value;
    }
    const word = this.readWord().toLowerCase();
    const literal = LITERAL_WORDS.get(word);
    if (literal === undefined) this.fail("Expected a value (a string, number, true, false or null)", start);
    return literal;
  }

  /** `attrPath = [URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.10); `start` is the word's offset. */
  toAttrPath(word: string, start: number): AttrPath {
    if (word === "") this.fail("Expected an attribute path", start);
    const colon = word.lastIndexOf(":");
    const uri = colon >= 0 ? word.slice(0, colon) : undefined;
    if (uri !== undefined && !SCHEMA_URI_PATTERN.test(uri)) this.fail(`Invalid schema URI '${uri}'`, start);
    const nameStart = colon + 1;
    const [name = "", subAttr, extra] = word.slice(nameStart).split(".");
    if (!ATTRNAME_PATTERN.test(name)) this.fail("Expected an attribute name", start + nameStart);
    const path: AttrPath = uri === undefined ? { name } : { uri, name };
    if (subAttr !== undefined) {
      const subStart = start + nameStart + name.length + 1;
      if (!ATTRNAME_PATTERN.test(subAttr)) this.fail("Expected a sub-attribute name", subStart);
      path.subAttr = subAttr;
    }
    if (extra !== undefined) {
      const at = start + nameStart + name.length + 1 + (subAttr ?? "").length;
      this.fail("Unexpected '.': an attribute path has at most one sub-attribute", at);
    }
    return path;
  }
}

function run<T>(input: string, scimType: ParseError, noun: "filter" | "path", body: (p: Parser) => T): T {
  if (typeof input !== "string") throw new TypeError(`Expected the ${noun} as a string, got ${typeof input}`);
  if (input.length > MAX_FILTER_LENGTH) {
    const detail = `The ${noun} is ${input.length} characters long; the limit is ${MAX_FILTER_LENGTH}`;
    throw new ScimError(400, scimType, detail);
  }
  const parser = new Parser(input, scimType, noun);
  try {
    const result = body(parser);
    parser.skipWs();
    if (!parser.atEnd()) {
      const c = parser.src[parser.pos];
      if (c === ")" || c === "]") parser.fail(`Unexpected '${c}' without a matching opening bracket`);
      parser.fail(noun === "filter" ? "Expected 'and', 'or' or end of filter" : "Expected end of path");
    }
    return result;
  } catch (error) {
    if (isScimError(error)) throw error;
    // Defensive: a bug in this parser must still surface as a 400, not as a 500.
    const message = error instanceof Error ? error.message : String(error);
    throw new ScimError(400, scimType, `Internal error while parsing ${noun}: ${message}`, { cause: error });
  }
}

/** Parses a `filter` query parameter (RFC 7644 §3.4.2.2); throws `ScimError(400, "invalidFilter")`. */
export function parseFilter(input: string): FilterNode {
  return run(input, "invalidFilter", "filter", (p) => p.parseOr(false));
}

/** Parses `[URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.10), e.g. for `sortBy`; throws `ScimError(400, "invalidPath")`. */
export function parseAttrPath(input: string): AttrPath {
  return run(input, "invalidPath", "path", (p) => {
    p.skipWs();
    const start = p.pos;
    return p.toAttrPath(p.readWord(), start);
  });
}

/** Parses a PATCH `path`: `attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2); throws `ScimError(400, "invalidPath")`. */
export function parsePatchPath(input: string): PatchPath {
  return run(input, "invalidPath", "path", (p) => {
    p.skipWs();
    const start = p.pos;
    const attr = p.toAttrPath(p.readWord(), start);
    p.skipWs();
    if (p.src[p.pos] !== "[") return { attr };
    p.checkValuePathAttr(attr, start);
    const filter = p.parseBracket();
    if (p.src[p.pos] !== ".") return { attr, filter };
    const subStart = ++p.pos;
    const subAttr = p.readWord();
    if (!ATTRNAME_PATTERN.test(subAttr)) p.fail("Expected a sub-attribute name", subStart);
    return { attr, filter, subAttr };
  });
}
