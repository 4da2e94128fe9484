import fc from "fast-check";
import { expect, it } from "vitest";
import { printFilter } from "../../harness/scim/filter-print.ts";
import { filterTemplate, resolveTemplate } from "./filter-template.ts";
import type { Template } from "./filter-template.ts";

const P = "scimh-ab-f1-";
const population = [
  {
    id: "1",
    userName: `${P}Alice.0@example.com`,
    displayName: "Zoë",
    emails: [{ value: "x.y@mail.test", type: "work" }],
  },
  { id: "2", userName: `${P}bob.1@example.com` },
];
const resolve = (t: Template) => printFilter(resolveTemplate(t, population, P));
const ref = (user: number, transform: "same" | "upper" | "lower" | "head" | "tail" | "middle") => ({
  kind: "ref" as const,
  user,
  transform,
});

it("resolves references against the population, transforming only the part after the prefix", () => {
  expect(resolve({ kind: "compare", attr: "userName", op: "eq", lit: ref(0, "upper") })).toBe(
    `userName eq "${P}ALICE.0@EXAMPLE.COM"`,
  );
  expect(resolve({ kind: "compare", attr: "userName", op: "eq", lit: ref(2, "lower") })).toBe(
    `userName eq "${P}alice.0@example.com"`,
  );
  expect(resolve({ kind: "compare", attr: "userName", op: "sw", lit: ref(1, "head") })).toBe(
    `userName sw "${P}bob.1@exa"`,
  );
  expect(resolve({ kind: "compare", attr: "userName", op: "ew", lit: ref(1, "tail") })).toBe(
    `userName ew "ample.com"`,
  );
  expect(resolve({ kind: "compare", attr: "displayName", op: "co", lit: ref(0, "middle") })).toBe(
    `displayName co "o"`,
  );
});

it("falls back to a constant that matches nothing when the referenced user lacks the attribute", () => {
  expect(resolve({ kind: "compare", attr: "displayName", op: "eq", lit: ref(1, "same") })).toBe(
    `displayName eq "zz"`,
  );
});

it("resolves value paths against the first email, and logical nodes structurally", () => {
  const t: Template = {
    kind: "or",
    left: { kind: "not", filter: { kind: "present", attr: "title" } },
    right: { kind: "emails", filter: { kind: "compare", attr: "value", op: "eq", lit: ref(0, "same") } },
  };
  expect(resolve(t)).toBe(`not (title pr) or emails[value eq "x.y@mail.test"]`);
});

it("generates only attributes the target declares", () => {
  const onlyUserName = (name: string) => name === "username";
  const samples = fc.sample(
    filterTemplate(onlyUserName, () => false),
    { seed: 1, numRuns: 200 },
  );
  const attrs = new Set<string>();
  const walk = (t: Template): void => {
    if (t.kind === "compare" || t.kind === "present") attrs.add(t.attr);
    else if (t.kind === "and" || t.kind === "or") {
      walk(t.left);
      walk(t.right);
    } else if (t.kind === "not" || t.kind === "emails") walk(t.filter);
  };

  samples.forEach(walk);
  // The common attributes (RFC 7643 §3.1) and the deliberately undeclared one are always there.
  expect([...attrs].sort()).toEqual([
    "created",
    "externalId",
    "id",
    "lastModified",
    "undeclared",
    "userName",
  ]);
});
