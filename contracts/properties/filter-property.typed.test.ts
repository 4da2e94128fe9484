/**
 * Issue #23 item 4: filters over integer, decimal, caseExact true string and dateTime attributes, on the
 * fake with its opt-in typed User extension (`typedExtension`). Each type catches a server broken in
 * exactly that comparison (RFC 7644 §3.4.2.2: numbers order numerically; RFC 7643 §2.2: caseExact), and the
 * clean typed fake passes.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { genericProfile, TYPED_USER_EXTENSION } from "../../fakes/index.ts";
import { caseExactIgnored, numberAsText } from "../test-support/broken-filters.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { runFiltersOn, shrunk } from "./filter-run.test-support.ts";
import { filterTemplate } from "./filter-template.ts";
import type { Template } from "./filter-template.ts";
import { typedAttrs, typedFilterAttrs } from "./filter-typed.ts";

const TYPED = genericProfile({ typedExtension: true });

const run = (breakage: Omit<Breakage, "profile">, seed: number, numRuns = 100) =>
  runFiltersOn({ ...breakage, profile: TYPED }, seed, numRuns);

it("finds one attribute of each type in the typed extension, none in the default User", () => {
  expect(typedAttrs(TYPED.userType).map((t) => [t.key, t.uri, t.name])).toEqual([
    ["typedInteger", TYPED_USER_EXTENSION, "level"],
    ["typedDecimal", TYPED_USER_EXTENSION, "score"],
    ["typedExact", TYPED_USER_EXTENSION, "code"],
    ["typedDateTime", TYPED_USER_EXTENSION, "validFrom"],
  ]);
  expect(typedAttrs(genericProfile().userType)).toEqual([]);
  // Every operator is generated on each typed attribute.
  const leaves = (t: Template): Template[] =>
    t.kind === "and" || t.kind === "or"
      ? [...leaves(t.left), ...leaves(t.right)]
      : t.kind === "not" || t.kind === "emails"
        ? leaves(t.filter)
        : [t];
  const arb = filterTemplate(
    () => true,
    () => true,
    typedFilterAttrs(typedAttrs(TYPED.userType)),
  );
  const seen = new Set(
    fc
      .sample(arb, { numRuns: 3000, seed: 1 })
      .flatMap(leaves)
      .flatMap((l) => (l.kind === "compare" && l.attr.startsWith("typed") ? [`${l.attr} ${l.op}`] : [])),
  );
  expect(seen.size).toBe(4 * 9);
});

it("passes on the clean fake with the typed extension", async () => {
  const result = await run({ broken: "nothing" }, 1, 40);
  expect([result.status, result.findings.filter((f) => f.severity !== "info")]).toEqual(["passed", []]);
}, 60_000);

it('integer: fails a server that compares an integer attribute as text ("10" lt "9")', async () => {
  const found = shrunk(
    await run(
      { broken: "integer as text", hooks: numberAsText(TYPED.userType, TYPED_USER_EXTENSION, "level") },
      1,
    ),
  );
  expect(found.case).toMatch(/"attr":"typedInteger"/);
  expect(found.message).toContain(`${TYPED_USER_EXTENSION}:level`);
}, 60_000);

it("decimal: fails a server that compares a decimal attribute as text", async () => {
  const found = shrunk(
    await run(
      { broken: "decimal as text", hooks: numberAsText(TYPED.userType, TYPED_USER_EXTENSION, "score") },
      1,
    ),
  );
  expect(found.case).toMatch(/"attr":"typedDecimal"/);
  expect(found.message).toContain(`${TYPED_USER_EXTENSION}:score`);
}, 60_000);

it("caseExact true: fails a server that compares a caseExact extension string without case", async () => {
  const found = shrunk(
    await run({ broken: "caseExact ignored", hooks: caseExactIgnored(TYPED.userType, "code") }, 1),
  );
  expect(found.case).toMatch(/"attr":"typedExact"/);
  expect(found.message).toContain("unexpected u");
}, 60_000);
