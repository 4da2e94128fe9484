/**
 * Spellings of one filter AST that RFC 7644 §3.4.2.2 makes equivalent: the same filter a target must
 * answer the same way however it is written.
 *
 * - `names`: attribute names and comparison operators in any case ("Attribute names and attribute
 *   operators used in filters are case insensitive", §3.4.2.2). `and`/`or`/`not` stay lower-case: the RFC
 *   speaks of attribute operators only.
 * - `escapes`: string literals are JSON strings (`compValue = … / string ; Rules from JSON`, §3.4.2.2
 *   Figure 1, RFC 8259 §7): `json` as `JSON.stringify` writes them (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 *   `\t`, `\u00XX` for other controls, the rest raw), `unicode` also writes `/` as `\/` and every
 *   character outside printable ASCII as `\uXXXX` (a surrogate pair as two escapes), `all` writes every
 *   character as `\uXXXX`.
 * - `parens`: every operand of `and`/`or` in its own parentheses (`"(" FILTER ")"` is a FILTER).
 * - `numbers`: a number literal with a fraction is a JSON number (RFC 8259 §6), written as JavaScript
 *   prints it (`plain`, 1.5), with a trailing zero (`padded`, 1.50) or in exponent form (`exponent`,
 *   1.5e+0); each is the same number. Whole numbers stay plain (an integer attribute has "no fractional
 *   digits", RFC 7643 §2.3.4, so 1.0e+1 against one would be a question of its own).
 */
import type { AttrPath, FilterNode } from "../../harness/scim/filter-ast.ts";
import { printAttrPath, printLiteral } from "../../harness/scim/filter-print.ts";

export interface Spelling {
  names: "as-is" | "lower" | "upper";
  escapes: "json" | "unicode" | "all";
  parens: boolean;
  /** Absent: `plain`. */
  numbers?: "plain" | "padded" | "exponent";
}

/** The canonical spelling, as `printFilter` writes it. */
export const CANONICAL: Spelling = { names: "as-is", escapes: "json", parens: false };

const hex = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;

/**
 * A JSON string literal for `value` in the given escape style; `JSON.parse` reads it back to `value`.
 * Occurrences of `raw` (the run prefix, plain ASCII) are written as they are, so that a recorded scenario's
 * prefix substitution still finds them.
 */
export function spellString(value: string, escapes: Spelling["escapes"], raw?: string): string {
  if (escapes === "json") return JSON.stringify(value);
  if (raw !== undefined && raw !== "" && value.includes(raw)) {
    return value
      .split(raw)
      .map((part) => spellString(part, escapes).slice(1, -1))
      .join(JSON.stringify(raw).slice(1, -1))
      .replace(/^/, '"')
      .concat('"');
  }
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const c = value[i]!;
    if (escapes === "all") out += hex(code);
    else if (c === "/") out += "\\/";
    else if (c === '"' || c === "\\") out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += hex(code);
    else out += c;
  }
  return `${out}"`;
}

const recase = (text: string, how: Spelling["names"]) =>
  how === "upper" ? text.toUpperCase() : how === "lower" ? text.toLowerCase() : text;

/** The attribute path with its names re-cased; a schema URI keeps its case. */
function spellPath(node: { path: AttrPath }, how: Spelling["names"]): string {
  const { uri, name, subAttr } = node.path;
  return printAttrPath({
    ...(uri === undefined ? {} : { uri }),
    name: name.startsWith("$") ? name : recase(name, how),
    ...(subAttr === undefined ? {} : { subAttr: subAttr.startsWith("$") ? subAttr : recase(subAttr, how) }),
  });
}

/** A number literal in the `numbers` style; `JSON.parse` reads each back to `value`. */
export function spellNumber(value: number, how: Spelling["numbers"]): string {
  const plain = printLiteral(value);
  if (how === undefined || how === "plain" || Number.isInteger(value)) return plain;
  if (how === "exponent") return value.toExponential();
  return plain.includes("e") ? plain : `${plain}0`;
}

function spell(node: FilterNode, s: Spelling, raw: string | undefined): string {
  switch (node.kind) {
    case "compare": {
      const value =
        typeof node.value === "string"
          ? spellString(node.value, s.escapes, raw)
          : typeof node.value === "number"
            ? spellNumber(node.value, s.numbers)
            : printLiteral(node.value);
      return `${spellPath(node, s.names)} ${recase(node.op, s.names)} ${value}`;
    }
    case "present":
      return `${spellPath(node, s.names)} ${recase("pr", s.names)}`;
    case "not":
      return `not (${spell(node.filter, s, raw)})`;
    case "valuePath":
      return `${spellPath(node, s.names)}[${spell(node.filter, s, raw)}]`;
    case "and":
    case "or": {
      const left = spell(node.left, s, raw);
      const right = spell(node.right, s, raw);
      if (s.parens) return `(${left}) ${node.kind} (${right})`;
      // As printFilter: `and` binds tighter than `or`, both left-associative.
      const l = node.kind === "and" && node.left.kind === "or" ? `(${left})` : left;
      const r =
        node.right.kind === "or" || (node.kind === "and" && node.right.kind === "and") ? `(${right})` : right;
      return `${l} ${node.kind} ${r}`;
    }
  }
}

/**
 * Writes `node` in spelling `s`; `parseFilter` reads it back to `node` (up to the case of names). `raw`:
 * a substring of string literals left unescaped (see `spellString`).
 */
export function spellFilter(node: FilterNode, s: Spelling, raw?: string): string {
  return spell(node, s, raw);
}
