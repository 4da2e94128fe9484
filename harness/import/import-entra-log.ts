/**
 * `scim-harness import entra-log`: an Entra provisioning log export (Graph `provisioningObjectSummary` JSON
 * as a `{ value: [...] }` page or the portal's minified array, or the portal's CSV download; dossier §1.11)
 * → a scenario for the Entra model that replays the customer's sequence and asserts the correct outcome.
 */
import type { Scenario } from "../scenario/scenario-schema.ts";
import type { CsvInput } from "./entra-log-csv.ts";
import { graphEntriesFromCsv } from "./entra-log-csv.ts";
import type { EntraLogEntry } from "./entra-log-entry.ts";
import { entryFromGraph } from "./entra-log-entry.ts";
import { planEntraLog } from "./entra-log-plan.ts";
import type { SkippedEntry } from "./import-error.ts";
import { ImportError } from "./import-error.ts";
import type { JsonEntry } from "./json-entries.ts";
import { readJsonEntries } from "./json-entries.ts";
import type { ImportOptions, ImportResult } from "./planned-step.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";
import { assembleScenario, renderScenarioYaml } from "./scenario-yaml.ts";

/** One file, several files (the three CSV files of a download), or named texts. */
export type EntraLogInput =
  string | Buffer | readonly (string | Buffer | { name?: string; text: string | Buffer })[];

/** Options of `importEntraLog`. */
export interface EntraLogImportOptions extends ImportOptions {
  /** Input format; detected from the first character when absent (`{` / `[`: JSON, else CSV). */
  format?: "json" | "csv";
}

const text = (t: string | Buffer) => (typeof t === "string" ? t : t.toString("utf8"));

/** A scenario id part from a file name: `ProvisioningLogs 2025-11-18.json` → `provisioninglogs-2025-11-18`. */
export function slugOf(fileName: string | undefined, fallback: string): string {
  const base =
    (fileName ?? "")
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.[^.]+$/, "") ?? "";
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || fallback;
}

function readEntries(files: CsvInput[], format: "json" | "csv", label: string) {
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  const all: { entry: JsonEntry; file: string }[] = [];
  if (format === "csv") {
    const csv = graphEntriesFromCsv(files);
    if (csv.noMain !== undefined) throw new ImportError(label, csv.noMain);
    warnings.push(...csv.warnings);
    skipped.push(...csv.problems);
    all.push(...csv.entries.map((entry) => ({ entry, file: files[0]?.name ?? label })));
    return { all, skipped, warnings };
  }
  for (const f of files) {
    const name = f.name ?? label;
    if (f.text.includes("\u0000"))
      throw new ImportError(name, "not a text file (binary content): not an Entra log export");
    const read = readJsonEntries(f.text, [["value"]]);
    if (read === undefined) {
      let why = "neither a Graph page ({ value: [...] }) nor a JSON array";
      try {
        JSON.parse(f.text);
      } catch (e) {
        why = `not JSON (${(e as Error).message}) and no entry array to salvage`;
      }
      throw new ImportError(name, `not an Entra provisioning log export: ${why}`);
    }
    if (!read.complete)
      warnings.push(`${name}: damaged (${read.damage}); the entries before the damage were imported`);
    all.push(...read.entries.map((entry) => ({ entry, file: name })));
  }
  return { all, skipped, warnings };
}

/**
 * Imports an Entra provisioning log. Entries that cannot be read are listed in `skipped` (by index and
 * change id); an input that is not a provisioning log at all, or holds no importable entry, throws
 * `ImportError`. Personal data is replaced by consistent fakes unless `keepPii`.
 */
export function importEntraLog(input: EntraLogInput, options: EntraLogImportOptions = {}): ImportResult {
  const label = options.fileName ?? "entra-log";
  const files: CsvInput[] = (Array.isArray(input) ? input : [input]).map((f, i) =>
    typeof f === "string" || Buffer.isBuffer(f)
      ? { name: i === 0 ? label : `${label} (file ${i + 1})`, text: text(f) }
      : { ...(f.name !== undefined ? { name: f.name } : {}), text: text(f.text) },
  );
  const first = files[0]?.text.replace(/^\uFEFF/, "").trimStart() ?? "";
  const format = options.format ?? (first.startsWith("{") || first.startsWith("[") ? "json" : "csv");
  const { all, skipped, warnings } = readEntries(files, format, label);

  const entries: EntraLogEntry[] = [];
  let foreign = 0;
  for (const { entry, file } of all) {
    const ref = `${files.length > 1 ? `${file} ` : ""}entry ${entry.index}`;
    if (entry.error !== undefined) {
      skipped.push({ entry: ref, reason: entry.error });
      continue;
    }
    const read = entryFromGraph(entry.value, entry.index);
    if (typeof read === "string") {
      if (read.startsWith("no provisioningAction")) foreign++;
      const change = (entry.value as { changeId?: unknown } | null)?.changeId;
      skipped.push({
        entry: typeof change === "string" ? `${ref} (change ${change.slice(0, 8)})` : ref,
        reason: read,
      });
    } else entries.push(read);
  }
  if (entries.length === 0) {
    const reason =
      foreign > 0 && foreign === all.length
        ? "not an Entra provisioning log: no entry has provisioningAction (a HAR or another export?)"
        : `no importable entry (${skipped.length} skipped)`;
    throw new ImportError(label, reason, skipped);
  }

  const seed = options.seed ?? 1;
  const pii = createPseudonymizer({ seed, keep: options.keepPii ?? false });
  const plan = planEntraLog(entries, pii);
  skipped.push(...plan.skipped);
  warnings.push(...plan.warnings);
  if (plan.steps.length === 0) throw new ImportError(label, "no entry maps to a scenario step", skipped);

  const failures = entries.filter((e) => e.status === "failure").length;
  const span = `${entries.map((e) => e.at).sort()[0]} … ${entries
    .map((e) => e.at)
    .sort()
    .at(-1)}`;
  const base: Omit<Scenario, "steps"> = {
    id: `imported/entra-${slugOf(options.fileName, "log").replace(/^(entra|provisioninglogs)-/, "")}`,
    title: `Replay of an Entra provisioning log (${entries.length} entries, ${plan.cycles} cycle(s))`,
    description:
      `Imported from ${label} (${format.toUpperCase()}), ${span}. ${failures} entr${failures === 1 ? "y" : "ies"} failed in the log. ` +
      "Each step asserts the outcome a correct SCIM service provider gives; the observed result is in the comments.",
    idp: "entra",
    options: { aadOptscim062020: [false, true] },
    tags: ["imported", "entra-log"],
    seed,
    given: {
      ...(Object.keys(plan.users).length > 0 ? { users: plan.users } : {}),
      ...(Object.keys(plan.groups).length > 0 ? { groups: plan.groups } : {}),
    },
  };
  const scenario = assembleScenario(base, plan.steps);
  const header = [
    `Imported by scim-harness from an Entra provisioning log: ${label}`,
    `${entries.length} entries imported, ${skipped.length} skipped, ${plan.cycles} cycle(s), ${failures} failure(s) observed.`,
    pii.keep
      ? "Personal data kept as exported (--keep-pii): do not commit this file."
      : `Personal data replaced by consistent fake values (seed ${seed}); ids are pseudonymous too.`,
    "The log does not say whether the job uses the aadOptscim062020 flag: both dialects are replayed.",
    "",
    "Objects:",
    ...plan.objects.map((o) => `  ${o}`),
  ];
  const yaml = renderScenarioYaml(scenario, {
    header,
    steps: plan.steps,
    ...(options.schemaRef ? { schemaRef: options.schemaRef } : {}),
    file: label,
  });
  return { scenario, yaml, skipped, warnings };
}
