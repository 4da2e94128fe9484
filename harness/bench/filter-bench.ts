/**
 * Filter parse + evaluate throughput over 100k generated users, side by side with scim2-parse-filter
 * (a widely used SCIM filter library) on the same data and filters. Figures, not assertions.
 */
import { Faker, en } from "@faker-js/faker";
import { filter as baselineFilter, parse as baselineParse } from "scim2-parse-filter";
import { compileFilter } from "../scim/filter-evaluate.ts";
import { parseFilter } from "../scim/filter-parser.ts";
import { USER_RESOURCE_TYPE } from "../scim/schemas.ts";

export interface BenchRow {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
}

/** Users with realistic shapes: emails with types, names, an enterprise extension, active flags. */
export function generateUsers(count: number, seed = 42): Record<string, unknown>[] {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  return Array.from({ length: count }, (_, i) => {
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    return {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: `u${i}`,
      userName: `${givenName}.${familyName}${i}@example.com`,
      name: { givenName, familyName },
      title: faker.person.jobTitle(),
      active: i % 7 !== 0,
      emails: [
        { value: `${givenName}.${familyName}${i}@work.example`, type: "work", primary: true },
        { value: `${familyName}${i}@home.example`, type: "home" },
      ],
      meta: { lastModified: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() },
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        department: faker.commerce.department(),
      },
    };
  });
}

export const BENCH_FILTERS = [
  'userName eq "Alice.Smith123@example.com"',
  'emails[type eq "work" and value co "@work"]',
  'name.familyName sw "Mc" or title co "Engineer"',
  "active eq true and not (title pr)",
];

const time = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

/** Runs the benchmark; returns rows of operations per second. */
export function runFilterBench(users: readonly Record<string, unknown>[]): BenchRow[] {
  const parseIterations = 200_000;
  const rows: BenchRow[] = [];
  const parseOurs = time(() => {
    for (let i = 0; i < parseIterations; i++) parseFilter(BENCH_FILTERS[i % BENCH_FILTERS.length]!);
  });
  const parseBase = time(() => {
    for (let i = 0; i < parseIterations; i++) baselineParse(BENCH_FILTERS[i % BENCH_FILTERS.length]!);
  });
  rows.push({
    name: "parse (4 filters mixed)",
    ours: parseIterations / (parseOurs / 1000),
    baseline: parseIterations / (parseBase / 1000),
    unit: "filters/s",
  });
  for (const text of BENCH_FILTERS) {
    const matches = compileFilter(parseFilter(text), USER_RESOURCE_TYPE);
    const predicate = baselineFilter(baselineParse(text));
    let matchedOurs = 0;
    let matchedBase = 0;
    const ours = time(() => {
      for (const u of users) if (matches(u)) matchedOurs++;
    });
    const base = time(() => {
      for (const u of users) if (predicate(u)) matchedBase++;
    });
    rows.push({
      name: `evaluate ${text} (matches: ours ${matchedOurs}, baseline ${matchedBase})`,
      ours: users.length / (ours / 1000),
      baseline: users.length / (base / 1000),
      unit: "users/s",
    });
  }
  return rows;
}

export function formatRows(title: string, rows: readonly BenchRow[]): string {
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(13);
  const lines = rows.map(
    (r) =>
      `${fmt(r.ours)} ${fmt(r.baseline)} ${(r.ours / r.baseline).toFixed(2).padStart(6)}x  ${r.unit.padEnd(10)} ${r.name}`,
  );
  return [
    title,
    `${"scim-harness".padStart(13)} ${"baseline".padStart(13)}  ratio  unit       case`,
    ...lines,
  ].join("\n");
}
