/**
 * Filter checks added from the requirement catalogue (contracts/requirements/): statements of RFC 7644
 * §3.4.2.2 that no hand-picked check covered.
 *
 * Nested grouping: the filter ABNF lets a grouped expression hold another grouped expression
 * (`"(" valFilter ")"` with `valFilter = attrExp / logExp / *1"not" "(" valFilter ")"`), so
 * `((a or b) and c) and d` and `(not (x)) and y` are valid filters. A target may decline an operator or
 * attribute it does not support (400 invalidFilter, RFC 7644 §3.12), but not the grammar: each case
 * carries the same filter with one level of grouping, and declining the nested spelling is only allowed
 * when the target declines that one too.
 */
import { filterCheck } from "./filter-check-factory.ts";
import type { ContractCheck } from "./contract-check.ts";

export const nestedGrouping: ContractCheck = filterCheck({
  id: "rfc7644.filter.nested-grouping",
  title: "Grouped expressions nest: ((a or b) and c) and d, (not (x)) and y",
  requires: ["filter", "attr:title", "attr:active"],
  cases: [
    {
      filter: (p) =>
        `((title eq "Manager" or userName eq "${p.userName.bob}") and active eq true) and userName sw "${p.prefix}"`,
      canonical: (p) =>
        `(title eq "Manager" or userName eq "${p.userName.bob}") and active eq true and userName sw "${p.prefix}"`,
      expect: ["carol"],
      scoped: false,
    },
    {
      filter: (p) => `(not (title eq "Engineer")) and active eq true and userName sw "${p.prefix}"`,
      canonical: (p) => `not (title eq "Engineer") and active eq true and userName sw "${p.prefix}"`,
      expect: ["carol"],
      scoped: false,
    },
    {
      filter: (p) => `userName sw "${p.prefix}" and ((active eq false))`,
      canonical: (p) => `userName sw "${p.prefix}" and (active eq false)`,
      expect: ["bob"],
      scoped: false,
    },
  ],
});

/** The filter checks of the requirement catalogue, in catalogue order. */
export const REQUIREMENT_FILTER_CHECKS: readonly ContractCheck[] = [nestedGrouping];
