/**
 * Test support: a reviewed list of expected failures of an independent SCIM server (the SCIMMY run in
 * contracts/scimmy.test.ts), compared with a run report. Every failing finding of the run must be
 * covered by an entry, and every entry must still cover something: an unlisted failure is a new
 * deviation or a harness regression, an entry that no longer matches is stale (fixed upstream, or
 * fixed in the harness) and must be deleted.
 *
 * The file has two lists with the same entry shape: `deviations` (what the server really does wrong,
 * with the RFC or IdP reason) and `harnessFaults` (false failures of scim-harness itself that another
 * change fixes; each is deleted once that change is in, which the stale check enforces).
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { globMatch, locatedFindings, normaliseMessage, type RunReport } from "../../reports/index.ts";

const entrySchema = z
  .object({
    /** Rule ids (or globs) the cause shows up under, e.g. the IdP requirement and the step expectations. */
    rules: z.array(z.string().min(1)).min(1),
    /**
     * Where: `<scenario id>` (any variant), `<scenario id> [<variant>]`, `contracts` (the contract suite)
     * or a property id (`property.patch`); `*` and `?` globs allowed.
     */
    in: z.array(z.string().min(1)).min(1),
    /** Part of the finding's message (run-specific ids normalised away), to pin the cause. */
    message: z.string().min(1).optional(),
    /**
     * A regular expression the normalised message must match, where one substring cannot pin the cause
     * (a property's counterexample, which varies with the seed).
     */
    matches: z
      .string()
      .min(1)
      .refine((r) => {
        try {
          new RegExp(r);
          return true;
        } catch {
          return false;
        }
      }, "not a regular expression")
      .optional(),
    /** What the server does. */
    does: z.string().min(1),
    /** Why it is a real deviation: the RFC sentence (section) or the IdP evidence (dossier tag, bug id). */
    reason: z.string().min(1),
    /**
     * Set when only some seeds generate the cases that meet it (a property's random cases): why. The
     * fixed-seed run does not report such an entry stale; any-seed runs (harness/cli/gate-seeds.test.ts)
     * rely on it.
     */
    someSeeds: z.string().min(1).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    server: z.string().min(1),
    deviations: z.array(entrySchema),
    harnessFaults: z.array(
      entrySchema.extend({
        /** The change that removes the false failure (so the lead knows when to delete the entry). */
        fixedBy: z.string().min(1),
      }),
    ),
  })
  .strict();

type DeviationEntry = z.infer<typeof entrySchema>;
export type DeviationFile = z.infer<typeof fileSchema>;

/** One failure of a run: a failing finding, or a step/scenario/property that errored without one. */
export interface Failure {
  rule: string;
  /** `scenario [variant]`, `contracts` or the property id. */
  where: string;
  /** The message with run-specific parts normalised (see `normaliseMessage`). */
  message: string;
}

export function parseDeviationFile(text: string): DeviationFile {
  return fileSchema.parse(parse(text));
}

export async function loadDeviationFile(file: string): Promise<DeviationFile> {
  return parseDeviationFile(await readFile(file, "utf8"));
}

/**
 * The failures of a report: findings of severity error or warning (a warning fails a `--fail-on warning`
 * run and marks a contract check that could not run), and errored steps, scenarios and properties (their
 * reason), plus a failed scenario that carries no failing finding.
 */
export function failuresOf(report: RunReport): Failure[] {
  const failures: Failure[] = [];
  const add = (rule: string, where: string, message: string) =>
    failures.push({ rule, where, message: normaliseMessage(message) });
  for (const located of locatedFindings(report)) {
    const { finding } = located;
    if (finding.severity === "info") continue;
    const where =
      located.scenarioId !== undefined
        ? `${located.scenarioId} [${located.variant}]`
        : located.where.startsWith("property ")
          ? located.where.slice("property ".length)
          : "contracts";
    add(finding.ruleId, where, finding.message);
  }
  for (const scenario of report.scenarios) {
    const where = `${scenario.id} [${scenario.variant}]`;
    for (const step of scenario.steps)
      if (step.status === "errored") add("step.errored", where, `step ${step.index}: ${step.reason ?? ""}`);
    if (scenario.status === "errored") add("scenario.errored", where, scenario.reason ?? "");
    if (scenario.status === "failed" && !failures.some((f) => f.where === where))
      add("scenario.failed", where, scenario.reason ?? "failed without a failing finding");
  }
  for (const property of report.properties ?? [])
    if (property.status === "errored")
      add("property.errored", property.id, property.findings[0]?.message ?? "errored");
  return failures;
}

/** Whether the entry selector `in` names the place `where` (a scenario id alone covers every variant). */
function placeMatches(selector: string, where: string): boolean {
  if (globMatch(selector, where)) return true;
  const bracket = where.indexOf(" [");
  return !selector.includes("[") && bracket > 0 && globMatch(selector, where.slice(0, bracket));
}

function covers(entry: DeviationEntry, failure: Failure, selector?: string, rule?: string): boolean {
  return (
    (rule !== undefined ? [rule] : entry.rules).some((r) => globMatch(r, failure.rule)) &&
    (selector !== undefined ? [selector] : entry.in).some((s) => placeMatches(s, failure.where)) &&
    (entry.message === undefined || failure.message.includes(entry.message)) &&
    (entry.matches === undefined || new RegExp(entry.matches).test(failure.message))
  );
}

export interface Comparison {
  /** Failures no entry covers. */
  unlisted: Failure[];
  /** Entries, or a rule or place of an entry, that cover no failure of this run. */
  stale: string[];
  /** How many failures each list covers. */
  covered: { deviations: number; harnessFaults: number };
}

/** Compares a run's failures with the reviewed file; see the module comment. */
export function compareWithDeviations(failures: readonly Failure[], file: DeviationFile): Comparison {
  // Harness faults first: they name a false failure precisely, and must not be hidden by a broader
  // deviation entry of the same scenario.
  const lists = [
    ["harnessFaults", file.harnessFaults],
    ["deviations", file.deviations],
  ] as const;
  const covered = { deviations: 0, harnessFaults: 0 };
  const unlisted: Failure[] = [];
  for (const failure of failures) {
    const list = lists.find(([, entries]) => entries.some((e) => covers(e, failure)));
    if (list === undefined) unlisted.push(failure);
    else covered[list[0]]++;
  }
  const stale: string[] = [];
  for (const [name, entries] of lists) {
    entries.forEach((entry, i) => {
      if (entry.someSeeds !== undefined) return;
      const label = `${name}[${i}] (${entry.rules.join(", ")}${entry.message !== undefined ? ` "${entry.message}"` : ""})`;
      if (!failures.some((f) => covers(entry, f))) {
        stale.push(`${label}: matches no failure any more`);
        return;
      }
      for (const selector of entry.in)
        if (!failures.some((f) => covers(entry, f, selector)))
          stale.push(`${label}: nothing fails in ${selector} any more`);
      for (const rule of entry.rules)
        if (!failures.some((f) => covers(entry, f, undefined, rule)))
          stale.push(`${label}: rule ${rule} no longer fails`);
    });
  }
  return { unlisted, stale, covered };
}

/** One line per failure, for the test's failure message. */
export function describeFailure(f: Failure): string {
  return `${f.rule} in ${f.where}: ${f.message.length > 240 ? `${f.message.slice(0, 240)}…` : f.message}`;
}
