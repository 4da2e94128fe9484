/**
 * Canonical printing of SCIM filters and paths (RFC 7644 §3.4.2.2, §3.5.2, §3.10).
 *
 * The output uses lower-case keywords, single spaces, `JSON.stringify` for strings and only the
 * parentheses the left-associative precedence `not > and > or` requires, so that
 * `parseFilter(printFilter(ast))` deep-equals `ast`. Input that has no textual form (an invalid name
 * or URI, a non-finite number, a value path nested in a value path) throws `TypeError`.
 */
import { COMPARE_OPERATORS } from "./filter-ast.ts";
import type { AttrPath, FilterLiteral, FilterNode, PatchPath } from "./filter-ast.ts";
import { ATTRNAME_PATTERN, SCHEMA_URI_PATTERN } from "./filter-parser.ts";

const OPERATORS: ReadonlySet<string> = new Set(COMPARE_OPERATORS);

function checkName(name: unknown, what: string): string {
  if (typeof name !== "string" || !ATTRNAME_PATTERN.test(name)) {
    throw new TypeError(`printFilter: invalid ${what} ${JSON.stringify(name)}`);
  }
  return name;
}

/** Prints `[URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.10). */
export function printAttrPath(path: AttrPath): string {
  let out = checkName(path.name, "attribute name");
  if (path.uri !== undefined) {
    if (typeof path.uri !== "string" || !SCHEMA_URI_PATTERN.test(path.uri)) {
      throw new TypeError(`printFilter: invalid schema URI ${JSON.stringify(path.uri)}`);
    }
    out = `${path.uri}:${out}`;
  }
  if (path.subAttr !== undefined) out += `.${checkName(path.subAttr, "sub-attribute name")}`;
  return out;
}

/** Prints a comparison value as a JSON literal; `-0` prints as `-0` so that it reparses as `-0`. */
export function printLiteral(value: FilterLiteral): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`printFilter: ${value} is not a valid SCIM number`);
      return Object.is(value, -0) ? "-0" : String(value);
    default:
      throw new TypeError(`printFilter: invalid comparison value of type ${typeof value}`);
  }
}

function valuePathAttr(path: AttrPath): string {
  if (path.subAttr !== undefined) {
    throw new TypeError(
      `printFilter: a value path's attribute cannot have a sub-attribute (${path.subAttr})`,
    );
  }
  return printAttrPath(path);
}

function print(node: FilterNode, inValuePath: boolean): string {
  switch (node.kind) {
    case "compare":
      if (!OPERATORS.has(node.op))
        throw new TypeError(`printFilter: invalid operator ${JSON.stringify(node.op)}`);
      return `${printAttrPath(node.path)} ${node.op} ${printLiteral(node.value)}`;
    case "present":
      return `${printAttrPath(node.path)} pr`;
    case "not":
      return `not (${print(node.filter, inValuePath)})`;
    case "valuePath":
      if (inValuePath) throw new TypeError("printFilter: value paths cannot be nested (RFC 7644 §3.4.2.2)");
      return `${valuePathAttr(node.path)}[${print(node.filter, true)}]`;
    case "and": {
      // `and` binds tighter than `or`; a right-hand `and` needs parentheses to stay on the right.
      const left = print(node.left, inValuePath);
      const right = print(node.right, inValuePath);
      const l = node.left.kind === "or" ? `(${left})` : left;
      const r = node.right.kind === "or" || node.right.kind === "and" ? `(${right})` : right;
      return `${l} and ${r}`;
    }
    case "or": {
      const right = print(node.right, inValuePath);
      const r = node.right.kind === "or" ? `(${right})` : right;
      return `${print(node.left, inValuePath)} or ${r}`;
    }
    default:
      throw new TypeError(
        `printFilter: unknown node kind ${JSON.stringify((node as { kind?: unknown }).kind)}`,
      );
  }
}

/** Prints a filter in canonical form (RFC 7644 §3.4.2.2); `parseFilter` reads it back to an equal AST. */
export function printFilter(node: FilterNode): string {
  return print(node, false);
}

/** Prints a PATCH path (RFC 7644 §3.5.2): `attrPath` or `valuePath [subAttr]`. */
export function printPatchPath(path: PatchPath): string {
  if (path.filter === undefined) {
    if (path.subAttr !== undefined) {
      throw new TypeError("printPatchPath: subAttr is only allowed with a filter; put it in attr.subAttr");
    }
    return printAttrPath(path.attr);
  }
  const head = `${valuePathAttr(path.attr)}[${print(path.filter, true)}]`;
  return path.subAttr === undefined ? head : `${head}.${checkName(path.subAttr, "sub-attribute name")}`;
}
