/**
 * The Entra portal's CSV download: three files joined by change id (dossier §1.11 [S8]) —
 * `ProvisioningLogs` (one row per entry), `ProvisioningLogs_ProvisioningSteps` and
 * `ProvisioningLogs_ModifiedProperties`. Microsoft does not document the column headers, so columns are
 * matched loosely (case, spaces and punctuation ignored, common synonyms accepted) and each file is
 * recognised by its columns. Rows become Graph-shaped objects for `entryFromGraph`.
 */
import { csvRecords } from "./csv-parse.ts";
import type { JsonEntry } from "./json-entries.ts";

/** One CSV file of the download. */
export interface CsvInput {
  name?: string;
  text: string;
}

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

const MAIN = {
  id: ["id", "activityid"],
  changeId: ["changeid"],
  cycleId: ["cycleid"],
  jobId: ["jobid"],
  at: ["activitydatetime", "date", "dateutc", "datetime", "activitydate", "timegenerated"],
  action: ["provisioningaction", "action"],
  status: ["status", "provisioningstatus", "provisioningstatusinfostatus", "resulttype"],
  errorCode: ["errorcode", "statuserrorcode", "resultsignature"],
  reason: [
    "reason",
    "errorreason",
    "statusreason",
    "failurereason",
    "errorinformationreason",
    "resultdescription",
  ],
  sourceId: ["sourceidentityid", "sourceid", "sourceobjectid"],
  sourceType: ["sourceidentitytype", "sourcetype", "identitytype", "objecttype"],
  sourceName: [
    "sourceidentitydisplayname",
    "sourceidentityname",
    "sourcedisplayname",
    "sourcename",
    "identity",
  ],
  targetId: ["targetidentityid", "targetid"],
  targetType: ["targetidentitytype", "targettype"],
  targetName: ["targetidentitydisplayname", "targetidentityname", "targetdisplayname", "targetname"],
} as const;
const PROPERTY = {
  changeId: ["changeid"],
  name: ["name", "displayname", "property", "propertyname", "attribute", "attributename"],
  oldValue: ["oldvalue"],
  newValue: ["newvalue"],
} as const;
const STEP = {
  changeId: ["changeid"],
  name: ["name", "stepname", "step"],
  description: ["description", "details", "stepdescription"],
} as const;

type Columns<T extends Record<string, readonly string[]>> = { [K in keyof T]?: string };

function columns<T extends Record<string, readonly string[]>>(header: string[], spec: T): Columns<T> {
  const out: Columns<T> = {};
  for (const key of Object.keys(spec) as (keyof T)[]) {
    const found = spec[key]!.map((syn) => header.find((h) => norm(h) === syn)).find(Boolean);
    if (found !== undefined) out[key] = found;
  }
  return out;
}

type Kind = "main" | "properties" | "steps";

function kindOf(header: string[]): Kind | undefined {
  const cols = new Set(header.map(norm));
  if (cols.has("oldvalue") || cols.has("newvalue")) return "properties";
  if ([...MAIN.action].some((c) => cols.has(c))) return "main";
  if (
    cols.has("changeid") &&
    (cols.has("description") || cols.has("steptype") || cols.has("provisioningsteptype"))
  )
    return "steps";
  return undefined;
}

/** Graph-shaped entries from the CSV files, plus notes on files and rows that could not be used. */
export function graphEntriesFromCsv(files: readonly CsvInput[]): {
  entries: JsonEntry[];
  warnings: string[];
  problems: { entry: string; reason: string }[];
  /** Set when no file has the main log's columns. */
  noMain?: string;
} {
  const warnings: string[] = [];
  const problems: { entry: string; reason: string }[] = [];
  const parsed = files.map((f, i) => ({ name: f.name ?? `file ${i + 1}`, ...csvRecords(f.text) }));
  const byKind = new Map<Kind, (typeof parsed)[number]>();
  for (const p of parsed) {
    const kind = kindOf(p.header);
    if (kind === undefined)
      warnings.push(`${p.name}: columns not recognised (${p.header.slice(0, 6).join(", ")}): ignored`);
    else if (byKind.has(kind)) warnings.push(`${p.name}: a second ${kind} file: ignored`);
    else byKind.set(kind, p);
    for (const problem of p.problems)
      problems.push({ entry: `${p.name} line ${problem.line}`, reason: problem.reason });
  }
  const main = byKind.get("main");
  if (main === undefined) {
    const seen = parsed.map((p) => `${p.name}: ${p.header.slice(0, 5).join(", ") || "no header"}`).join("; ");
    return {
      entries: [],
      warnings,
      problems,
      noMain: `no CSV file has the provisioning log columns (Action, Change ID, …): ${seen}`,
    };
  }
  const joined = <T extends Record<string, readonly string[]>>(kind: Kind, spec: T) => {
    const file = byKind.get(kind);
    const map = new Map<string, Record<string, string>[]>();
    if (file === undefined) return map;
    const cols = columns(file.header, spec) as Record<string, string | undefined>;
    if (cols.changeId === undefined) {
      warnings.push(`${file.name}: no Change ID column, cannot join it to the log: ignored`);
      return map;
    }
    for (const { values } of file.records) {
      const row = Object.fromEntries(
        Object.entries(cols).map(([k, h]) => [k, h === undefined ? "" : (values[h] ?? "")]),
      );
      const list = map.get(row.changeId!) ?? [];
      list.push(row);
      map.set(row.changeId!, list);
    }
    return map;
  };
  const properties = joined("properties", PROPERTY);
  const steps = joined("steps", STEP);
  if (!byKind.has("properties"))
    warnings.push(
      "no ProvisioningLogs_ModifiedProperties file: updates carry no attributes and group memberships are unknown",
    );
  const cols = columns(main.header, MAIN) as Record<string, string | undefined>;
  const get = (values: Record<string, string>, key: keyof typeof MAIN) => {
    const h = cols[key];
    const v = h === undefined ? "" : (values[h] ?? "");
    return v === "" ? undefined : v;
  };
  const entries = main.records.map(({ values, line }, index): JsonEntry => {
    const changeId = get(values, "changeId");
    const identity = (p: "source" | "target") => ({
      id: get(values, `${p}Id`),
      identityType: get(values, `${p}Type`),
      displayName: get(values, `${p}Name`),
    });
    const code = get(values, "errorCode");
    const reason = get(values, "reason");
    const value = {
      id: get(values, "id"),
      changeId,
      cycleId: get(values, "cycleId"),
      jobId: get(values, "jobId"),
      activityDateTime: get(values, "at"),
      provisioningAction: get(values, "action"),
      provisioningStatusInfo: {
        status: get(values, "status"),
        errorInformation: code === undefined && reason === undefined ? null : { errorCode: code, reason },
      },
      sourceIdentity: identity("source"),
      targetIdentity: identity("target"),
      modifiedProperties: (changeId === undefined ? [] : (properties.get(changeId) ?? [])).map((p) => ({
        displayName: p.name,
        oldValue: p.oldValue === "" ? null : p.oldValue,
        newValue: p.newValue === "" ? null : p.newValue,
      })),
      provisioningSteps: (changeId === undefined ? [] : (steps.get(changeId) ?? [])).map((s) => ({
        name: s.name,
        description: s.description,
      })),
      csvLine: line,
    };
    return { index, value };
  });
  return { entries, warnings, problems };
}
