/**
 * Proof that every scenario can pass and can fail: (a) the whole library passes on the clean fake's
 * generic profile, and on each seed-app profile where it applies (the rest report not applicable);
 * (b) every catalogued quirk makes a scenario tagged with its bug (or a listed scenario or contract check)
 * fail with the rule that names it, and the checks it runs fail nothing unrelated at error; an RFC-correct
 * trait fails nothing at error;
 * (c) every scenario file fails under at least one quirk or hand-broken server, and every bug tag is proven.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { QUIRKS } from "../fakes/quirks/catalogue.ts";
import type { Quirk } from "../fakes/quirks/quirk.ts";
import type { FakeSetup, LibraryRun } from "./library.test-support.ts";
import { COVERAGE_EXCEPTIONS, HAND_BROKEN, QUIRK_CHECKS } from "./quirk-checks.ts";
import {
  bugTags,
  checksOnFake,
  limiter,
  loadLibrary,
  ruleIds,
  runOnFake,
  variantsOf,
} from "./library.test-support.ts";
import type { ContractSuiteResult } from "../contracts/checks/run-contract-suite.ts";

const library = await loadLibrary();
const byId = new Map(library.map((l) => [l.scenario.id, l]));
const limit = limiter(3);
const memo = new Map<string, Promise<LibraryRun>>();
const run = (key: string, setup: FakeSetup, ids: readonly string[], timeoutMs?: number) => {
  let pending = memo.get(key);
  if (pending === undefined) {
    const scenarios = ids.map((id) => byId.get(id)).filter((s) => s !== undefined);
    pending = limit(() => runOnFake(setup, variantsOf(scenarios), timeoutMs));
    memo.set(key, pending);
  }
  return pending;
};
const allIds = library.map((l) => l.scenario.id);
const clean = (profile: NonNullable<FakeSetup["profile"]>) => run(`clean:${profile}`, { profile }, allIds);
const taggedWith = (bugs: readonly string[]) =>
  library.filter((l) => bugTags(l.scenario).some((b) => bugs.includes(b))).map((l) => l.scenario.id);

function quirkRun(quirk: Quirk): Promise<LibraryRun> | undefined {
  const check = QUIRK_CHECKS[quirk.id];
  if (check === undefined || check.provenBy !== undefined) return undefined;
  const ids = check.scenarios ?? taggedWith(quirk.bugIds);
  if (ids.length === 0) return undefined;
  const spec = check.spec ?? quirk.id;
  const setup: FakeSetup = check.afterDiscovery ? { afterDiscovery: [spec] } : { quirks: [spec] };
  return run(`quirk:${quirk.id}`, setup, ids, check.timeoutMs);
}

const checkMemo = new Map<string, Promise<ContractSuiteResult>>();
/** The contract checks `only` on a fake set up as asked (memoised by `key`). */
const checkRun = (key: string, setup: FakeSetup, only: readonly string[]) => {
  let pending = checkMemo.get(key);
  if (pending === undefined) {
    pending = limit(() => checksOnFake(setup, only));
    checkMemo.set(key, pending);
  }
  return pending;
};
/** Findings at error, and at warning when asked, as `ruleId: message`. */
const failing = (result: ContractSuiteResult, withWarnings: boolean) =>
  result.findings.filter((f) => f.severity === "error" || (withWarnings && f.severity === "warning"));
const handRun = (h: (typeof HAND_BROKEN)[number]) =>
  run(`hand:${h.quirk.id}`, { quirks: [h.quirk] }, h.scenarios);

/** Scenario ids that failed in a run, with their error (and warning) rule ids. */
function failures(result: LibraryRun, withWarnings = false): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, results] of result.byScenario) {
    const rules = results.flatMap((r) => ruleIds(r, withWarnings));
    const failed = results.some((r) => r.status === "failed" || r.status === "errored");
    if (failed || (withWarnings && rules.length > 0)) out.set(id, rules);
  }
  return out;
}

const SLOW = 120_000;

it.concurrent(
  "the whole library passes on the clean generic profile",
  async () => {
    const { report } = await clean("generic");
    const bad = report.scenarios.filter((s) => s.status !== "passed");
    expect(bad.map((s) => `${s.id} [${s.variant}] ${s.status} ${s.reason ?? ruleIds(s).join(",")}`)).toEqual(
      [],
    );
    expect(report.scenarios.length).toBe(variantsOf(library).length);
  },
  SLOW,
);

for (const profile of ["cinode", "cerby", "kintone"] as const) {
  it.concurrent(
    `on the ${profile} profile every scenario passes or is not applicable, and the ${profile} scenarios pass`,
    async () => {
      const { report } = await clean(profile);
      const bad = report.scenarios.filter((s) => s.status !== "passed" && s.status !== "notApplicable");
      expect(bad.map((s) => `${s.id} [${s.variant}] ${s.status} ${ruleIds(s).join(",")}`)).toEqual([]);
      for (const s of report.scenarios.filter((r) => r.status === "notApplicable")) {
        expect(s.reason, `${s.id} is not applicable without a reason`).toMatch(/\w/);
      }
      const own = report.scenarios.filter((s) => s.tags.includes(profile));
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((s) => s.status !== "passed").map((s) => `${s.id} ${s.reason}`)).toEqual([]);
    },
    SLOW,
  );
}

for (const quirk of QUIRKS.filter((q) => QUIRK_CHECKS[q.id]?.provenBy !== undefined)) {
  const check = QUIRK_CHECKS[quirk.id]!;
  it(`quirk ${quirk.id} is caught by ${check.rules.join(" or ")}, proven in ${check.provenBy}`, () => {
    const proof = readFileSync(new URL(`../${check.provenBy}`, import.meta.url), "utf8");
    expect(proof, `${check.provenBy} does not name the quirk ${quirk.id}`).toContain(`"${quirk.id}"`);
    for (const rule of check.rules)
      expect(proof, `${check.provenBy} does not assert ${rule}`).toContain(`"${rule}"`);
  });
}

for (const quirk of QUIRKS.filter((q) => QUIRK_CHECKS[q.id]?.provenBy === undefined)) {
  it.concurrent(
    `quirk ${quirk.id} [${quirk.bugIds.join(", ") || "no bug id"}] is caught by a scenario or check with its rule`,
    async () => {
      const check = QUIRK_CHECKS[quirk.id];
      expect(
        check,
        `quirk "${quirk.id}" has no entry: add an entry to QUIRK_CHECKS in scenarios/quirk-checks.ts`,
      ).toBeDefined();
      if (check === undefined) return;
      const ids = check.scenarios ?? taggedWith(quirk.bugIds);
      const checks = check.checks ?? [];
      expect(
        ids.length + checks.length,
        `no scenario is tagged ${quirk.bugIds.join("/")} or listed, and no check is listed`,
      ).toBeGreaterThan(0);
      const caught: string[] = [];
      const pending = quirkRun(quirk);
      if (pending !== undefined) {
        const failed = failures(await pending, check.warning === true);
        for (const [id, rules] of failed)
          caught.push(...rules.filter((r) => check.rules.includes(r)).map((r) => `scenario ${id} ${r}`));
      }
      if (checks.length > 0) {
        const setup: FakeSetup = {
          quirks: [check.spec ?? quirk.id],
          ...(check.maxResults !== undefined ? { maxResults: check.maxResults } : {}),
        };
        const result = await checkRun(`quirk:${quirk.id}`, setup, checks);
        const found = failing(result, check.warning === true);
        caught.push(...found.filter((f) => check.rules.includes(f.ruleId)).map((f) => `check ${f.ruleId}`));
        const unrelated = found.filter((f) => f.severity === "error" && !check.rules.includes(f.ruleId));
        expect(
          unrelated.map((f) => `${f.ruleId}: ${f.message}`),
          "checks failing at error with a rule unrelated to the quirk",
        ).toEqual([]);
        for (const id of check.notApplicable?.checks ?? []) {
          const status = result.checks.find((c) => c.id === id);
          expect(status?.status, id).toBe("notApplicable");
          expect(status?.reason, id).toMatch(check.notApplicable!.reason);
        }
        const cleanChecks = await checkRun(
          `clean:${check.maxResults ?? ""}:${checks.join(",")}`,
          check.maxResults !== undefined ? { maxResults: check.maxResults } : {},
          checks,
        );
        expect(
          failing(cleanChecks, true).map((f) => `${f.ruleId}: ${f.message}`),
          `${checks.join(", ")} must pass on the clean fake`,
        ).toEqual([]);
      }
      if (check.every === true) {
        const missed = check.rules.filter((r) => !caught.some((c) => c.endsWith(` ${r}`)));
        expect(missed, "rules the quirk must each make fail").toEqual([]);
      }
      if (check.rules.length > 0)
        expect(
          caught.length,
          `no scenario of ${ids.join(", ") || "(none)"} and no check of ${checks.join(", ") || "(none)"} failed with ${check.rules.join(" or ")}`,
        ).toBeGreaterThan(0);
      else expect(check.notApplicable, "an entry without rules is an RFC-correct trait").toBeDefined();
      const cleanRun = await clean("generic");
      for (const id of ids) {
        const results = cleanRun.byScenario.get(id) ?? [];
        expect(
          results.every((r) => r.status === "passed"),
          `${id} must pass on the clean fake`,
        ).toBe(true);
      }
    },
    SLOW,
  );
}

for (const hand of HAND_BROKEN) {
  it.concurrent(
    `hand-broken server ${hand.quirk.id} makes ${hand.scenarios.length} scenarios fail`,
    async () => {
      const failed = failures(await handRun(hand));
      for (const id of hand.scenarios) {
        expect(failed.get(id), `${id} passed on ${hand.quirk.id}`).toEqual(
          expect.arrayContaining([expect.stringMatching(new RegExp(hand.rules.join("|")))]),
        );
      }
    },
    SLOW,
  );
}

it.concurrent(
  "every scenario file fails under at least one quirk or hand-broken server (exceptions listed with a reason)",
  async () => {
    const covered = new Set<string>();
    for (const quirk of QUIRKS) {
      const pending = quirkRun(quirk);
      if (pending !== undefined) for (const id of failures(await pending).keys()) covered.add(id);
    }
    for (const hand of HAND_BROKEN) for (const id of failures(await handRun(hand)).keys()) covered.add(id);
    const uncovered = allIds.filter((id) => !covered.has(id) && COVERAGE_EXCEPTIONS[id] === undefined);
    expect(uncovered, "scenarios no quirk can make fail: tag them or list them with a reason").toEqual([]);
    const stale = Object.keys(COVERAGE_EXCEPTIONS).filter((id) => covered.has(id) || !byId.has(id));
    expect(stale, "exceptions that are covered or gone").toEqual([]);
  },
  SLOW,
);

it.concurrent(
  "every bug tag is proven: a scenario tagged Bn fails under at least one quirk of Bn",
  async () => {
    const unproven: string[] = [];
    for (const { scenario } of library) {
      for (const bug of bugTags(scenario)) {
        const quirks = QUIRKS.filter((q) => q.bugIds.includes(bug));
        let proven = false;
        for (const quirk of quirks) {
          const pending = quirkRun(quirk);
          if (pending !== undefined && failures(await pending, true).has(scenario.id)) proven = true;
        }
        if (!proven) unproven.push(`${scenario.id} ${bug}`);
      }
    }
    expect(unproven).toEqual([]);
  },
  SLOW,
);

it("every bug B1–B25 has a regression scenario that names it in its title, a step title and its sources", () => {
  const regressions = library.filter((l) => l.scenario.id.startsWith("regressions/"));
  for (let n = 1; n <= 25; n++) {
    const bug = `B${n}`;
    const own = regressions.filter((l) => bugTags(l.scenario).includes(bug));
    expect(own.length, `no regression scenario tagged ${bug}`).toBeGreaterThan(0);
    for (const { scenario } of own) {
      expect(scenario.title.startsWith(`${bug}:`), scenario.id).toBe(true);
      expect(
        scenario.steps.some((s) => s.title?.startsWith(`${bug}:`)),
        scenario.id,
      ).toBe(true);
      expect(scenario.description ?? "", scenario.id).toMatch(new RegExp(`${bug}\\b`));
      expect(scenario.description ?? "", scenario.id).toMatch(/https:\/\/|\[S\d+\]|\[J\d+\]|\[C\d+\]/);
    }
  }
});

it("every seed-app scenario names its seed in its tags and its description", () => {
  for (const { scenario } of library.filter((l) => /^(cinode|cerby|kintone)\//.test(l.scenario.id))) {
    const seeds = (scenario.tags ?? []).filter((t) => /^seed:00[0-4]$/.test(t));
    expect(seeds.length, scenario.id).toBeGreaterThan(0);
    for (const seed of seeds) {
      expect(scenario.description ?? "", scenario.id).toMatch(new RegExp(`seed ${seed.slice(5)}`, "i"));
    }
  }
});
