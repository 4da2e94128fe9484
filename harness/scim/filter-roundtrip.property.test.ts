import fc from "fast-check";
import { expect, it } from "vitest";
import { scimFilter, scimPatchPath } from "./filter-arbitrary.test-support.ts";
import type { FilterNode } from "./filter-ast.ts";
import { parseFilter, parsePatchPath } from "./filter-parser.ts";
import { printFilter, printPatchPath } from "./filter-print.ts";
import { isScimError } from "./scim-error.ts";

/** Runs `parse`; it must return a value or throw ScimError(400, scimType) with a positioned detail. */
function parsesOrRejects<T>(parse: (s: string) => T, input: string, scimType: string): T | undefined {
  try {
    return parse(input);
  } catch (error) {
    if (!isScimError(error)) throw error;
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toMatch(/ at position \d+|the limit is/);
    expect(error.detail).not.toMatch(/^Internal error/);
    return undefined;
  }
}

/** Whatever parses must print to text that reparses to the same AST. */
function checkFilter(input: string): void {
  const ast = parsesOrRejects(parseFilter, input, "invalidFilter");
  if (ast !== undefined) expect(parseFilter(printFilter(ast))).toEqual(ast);
}

const tokenSoup = fc
  .array(
    fc.constantFrom(
      ...[" ", "  ", "\t", "(", ")", "[", "]", '"', "\\", "\\u", "\\ud83d", "not", "NOT", "and", "or", "pr"],
      ...[
        "eq",
        "Gt",
        "true",
        "null",
        "-",
        "0",
        "1",
        ".",
        "5e3",
        "e",
        ":",
        "urn:x:y:",
        "emails",
        "name.first",
      ],
      ...['"a"', "é", "😀", "$ref", "$", "_", "\u0000"],
    ),
    { maxLength: 30 },
  )
  .map((tokens) => tokens.join(""));

type Mutation = { at: number; kind: "delete" | "insert" | "duplicate"; len: number; text: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("delete", "insert", "duplicate"),
  len: fc.integer({ min: 1, max: 6 }),
  text: fc.constantFrom(
    "(",
    ")",
    "[",
    "]",
    '"',
    "\\",
    " ",
    "not ",
    " and ",
    " or",
    "pr",
    "eq",
    "1",
    "-",
    ".",
    ":",
  ),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === "delete") out = out.slice(0, at) + out.slice(at + m.len);
    else if (m.kind === "insert") out = out.slice(0, at) + m.text + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + m.len) + out.slice(at);
  }
  return out;
}

it("parseFilter(printFilter(ast)) deep-equals ast for generated filters", () => {
  fc.assert(
    fc.property(scimFilter(), (ast: FilterNode) => {
      expect(parseFilter(printFilter(ast))).toEqual(ast);
    }),
    { numRuns: 2000 },
  );
});

it("printing is stable: the canonical text of a reparsed filter is unchanged", () => {
  fc.assert(
    fc.property(scimFilter({ maxDepth: 3 }), (ast) => {
      const text = printFilter(ast);
      expect(printFilter(parseFilter(text))).toBe(text);
    }),
    { numRuns: 500 },
  );
});

it("parsePatchPath(printPatchPath(path)) deep-equals path for generated PATCH paths", () => {
  fc.assert(
    fc.property(scimPatchPath(), (path) => {
      expect(parsePatchPath(printPatchPath(path))).toEqual(path);
    }),
    { numRuns: 1000 },
  );
});

it("parseFilter on arbitrary strings returns an AST or throws ScimError 400 invalidFilter", () => {
  const strings = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: "binary" }),
    fc.string({ unit: "binary-ascii" }),
    tokenSoup,
  );
  fc.assert(fc.property(strings, checkFilter), { numRuns: 2000 });
});

it("parseFilter on mutated printed filters returns an AST or throws ScimError 400 invalidFilter", () => {
  const mutated = fc
    .tuple(scimFilter({ maxDepth: 3 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([ast, mutations]) => mutate(printFilter(ast), mutations));
  fc.assert(fc.property(mutated, checkFilter), { numRuns: 2000 });
});

it("parsePatchPath on mutated and arbitrary paths returns a path or throws ScimError 400 invalidPath", () => {
  const inputs = fc.oneof(
    fc.string({ unit: "binary-ascii" }),
    tokenSoup,
    fc
      .tuple(scimPatchPath({ maxDepth: 2 }), fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([path, mutations]) => mutate(printPatchPath(path), mutations)),
  );
  fc.assert(
    fc.property(inputs, (input) => {
      const path = parsesOrRejects(parsePatchPath, input, "invalidPath");
      if (path !== undefined) expect(parsePatchPath(printPatchPath(path))).toEqual(path);
    }),
    { numRuns: 1500 },
  );
});
