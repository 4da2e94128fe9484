import { expect, it } from "vitest";
import { expandVariants } from "./expand-variants.ts";
import type { Scenario } from "./scenario-schema.ts";

const base: Scenario = { id: "x/y", title: "t", idp: "entra", steps: [{ do: "testConnection" }] };

it("gives a single default variant when no option varies", () => {
  const variants = expandVariants({ ...base, options: { matching: "userName" } });
  expect(variants.map((v) => [v.name, v.options])).toEqual([["default", { matching: "userName" }]]);
});

it("expands every array-valued option into the cartesian product, in declaration order", () => {
  const variants = expandVariants({
    ...base,
    options: { aadOptscim062020: [false, true], matching: "userName", disableVariant: ["a", "c"] },
  });
  expect(variants.map((v) => v.name)).toEqual([
    "aadOptscim062020=false,disableVariant=a",
    "aadOptscim062020=false,disableVariant=c",
    "aadOptscim062020=true,disableVariant=a",
    "aadOptscim062020=true,disableVariant=c",
  ]);
  expect(variants[3]!.options).toEqual({ aadOptscim062020: true, matching: "userName", disableVariant: "c" });
});

it("treats a one-element array as a fixed option, not a variant", () => {
  expect(expandVariants({ ...base, options: { aadOptscim062020: [true] } }).map((v) => v.name)).toEqual([
    "default",
  ]);
});
