/**
 * Coverage of a run, derived from the report alone: each scenario variant, contract check and property is
 * sorted into the areas it exercises (scenario step actions and IdP, check id segments, property ids), and
 * each area counts what ran to a verdict, what was not applicable and what could not run, with reasons. An
 * area where more than `COVERAGE_THRESHOLD` did not run is `low`, and the verdict line says so.
 */
import type { Coverage, CoverageArea } from "./coverage-schema.ts";
import type { RunReport, ScenarioResult } from "./report.ts";

export type { Coverage, CoverageArea } from "./coverage-schema.ts";

/** Share of an area not run (not applicable or could not run) above which the area is `low`. */
export const COVERAGE_THRESHOLD = 0.2;

/** Areas in display order; `idp:<name>` areas follow, one per IdP of the run. */
export const COVERAGE_AREAS = [
  "users",
  "groups",
  "membership",
  "filters",
  "patch",
  "paging",
  "auth",
  "errors",
  "discovery",
  "optional features",
] as const;

type Outcome = "ran" | "notApplicable" | "couldNotRun";

interface Item {
  name: string;
  areas: string[];
  outcome: Outcome;
  reason?: string;
}

const USER_ACTIONS = new Set([
  "assignUser",
  "updateUser",
  "disableUser",
  "enableUser",
  "unassignUser",
  "deleteUser",
  "runCycle",
  "testConnection",
]);
const GROUP_ACTIONS = new Set(["assignGroup", "renameGroup", "deleteGroup", "disassociateGroup"]);
const MEMBER_ACTIONS = new Set(["addMembers", "removeMembers"]);
const TOKEN_ACTIONS = new Set(["expireToken", "rotateToken"]);

/** The areas of a scenario variant: from its step actions (run or planned), its tags and its IdP. */
export function scenarioAreas(scenario: ScenarioResult): string[] {
  const actions = new Set([...(scenario.actions ?? []), ...scenario.steps.map((s) => s.action)]);
  const areas = new Set<string>();
  for (const action of actions) {
    if (USER_ACTIONS.has(action)) areas.add("users");
    if (GROUP_ACTIONS.has(action)) areas.add("groups");
    if (MEMBER_ACTIONS.has(action)) areas.add("groups").add("membership");
    if (TOKEN_ACTIONS.has(action)) areas.add("auth");
  }
  const text = [scenario.id, ...scenario.tags].join(" ").toLowerCase();
  if (text.includes("filter")) areas.add("filters");
  if (text.includes("token")) areas.add("auth");
  if (areas.size === 0) areas.add("users");
  areas.add(`idp:${scenario.idp}`);
  return [...areas];
}

/** The area of RFC 7644's optional features: not applicable there (not advertised) never makes it low. */
const OPTIONAL_AREA = "optional features";

/** Optional features of RFC 7644 (§3.7 bulk, §3.4.2.3 sort, §3.14 ETags, change password): MAY. */
const OPTIONAL = /^rfc764[34]\.(bulk|sort|etag|change-password)\./;
/** Ids of checks that provoke an error answer (a status ≥ 400 or an error schema). */
const ERROR_ID = /\.errors?\.|-[45]\d\d(-|$)|invalid|no-target/;

/** The areas of a contract check, from the segments of its id (`rfc7644.<area>.<rule>`). */
export function contractAreas(id: string): string[] {
  if (OPTIONAL.test(id)) return ["optional features"];
  const [, segment = "", rule = ""] = id.split(".");
  const areas = new Set<string>();
  if (segment === "filter") areas.add("filters");
  else if (segment === "patch") areas.add("patch");
  else if (segment === "list") areas.add("paging");
  else if (segment === "auth") areas.add("auth");
  else if (segment === "discovery" || segment === "http") areas.add("discovery");
  else if (segment === "errors" || segment === "error") areas.add("errors");
  if (/group/.test(rule)) areas.add("groups");
  if (/member/.test(rule)) areas.add("membership");
  if (ERROR_ID.test(id)) areas.add("errors");
  if (
    areas.size === 0 ||
    ["create", "get", "put", "delete", "resource", "user", "attributes"].includes(segment)
  )
    areas.add(/group/.test(rule) ? "groups" : "users");
  return [...areas];
}

/** The areas of a property suite (`property.<area>`). */
export function propertyAreas(id: string): string[] {
  if (id === "property.filters") return ["filters"];
  if (id === "property.patch") return ["patch"];
  return ["users"];
}

function items(report: RunReport): Item[] {
  const list: Item[] = [];
  const reasoned = (outcome: Outcome, reason: string | undefined) =>
    outcome === "ran" ? {} : { reason: reason ?? "no reason given" };
  for (const s of report.scenarios) {
    const outcome: Outcome =
      s.status === "notApplicable" ? "notApplicable" : s.status === "errored" ? "couldNotRun" : "ran";
    const erroredStep = s.steps.find((step) => step.status === "errored");
    const reason =
      s.reason ??
      (erroredStep !== undefined
        ? `step ${erroredStep.index} (${erroredStep.action}) errored${erroredStep.reason !== undefined ? `: ${erroredStep.reason}` : ""}`
        : undefined);
    list.push({
      name: `${s.id} [${s.variant}]`,
      areas: scenarioAreas(s),
      outcome,
      ...reasoned(outcome, reason),
    });
  }
  for (const c of report.contracts ?? []) {
    const outcome: Outcome =
      c.status === "notApplicable" ? "notApplicable" : c.status === "errored" ? "couldNotRun" : "ran";
    list.push({ name: c.id, areas: contractAreas(c.id), outcome, ...reasoned(outcome, c.reason) });
  }
  for (const p of report.properties ?? []) {
    const outcome: Outcome =
      p.status === "notApplicable" ? "notApplicable" : p.status === "errored" ? "couldNotRun" : "ran";
    list.push({ name: p.id, areas: propertyAreas(p.id), outcome, ...reasoned(outcome, p.reason) });
  }
  return list;
}

/** A long reason (a harness stack, a target's body) cut to its first line, so equal causes group. */
const shortReason = (reason: string): string => {
  const line = reason.split("\n")[0] ?? reason;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

/** The coverage of a report, per area: a pure function of the report. */
export function deriveCoverage(report: RunReport, threshold = COVERAGE_THRESHOLD): Coverage {
  const all = items(report);
  const idps = [...new Set(report.scenarios.map((s) => `idp:${s.idp}`))].sort();
  const areas: CoverageArea[] = [];
  for (const area of [...COVERAGE_AREAS, ...idps]) {
    const inArea = all.filter((item) => item.areas.includes(area));
    if (inArea.length === 0) continue;
    const tally = (o: Outcome) => inArea.filter((item) => item.outcome === o).length;
    const [ran, notApplicable, couldNotRun] = [tally("ran"), tally("notApplicable"), tally("couldNotRun")];
    const reasons = new Map<string, CoverageArea["reasons"][number]>();
    for (const item of inArea) {
      if (item.outcome === "ran") continue;
      const reason = shortReason(item.reason ?? "no reason given");
      const key = `${item.outcome}\u0000${reason}`;
      const entry = reasons.get(key) ?? { status: item.outcome, reason, items: [] };
      entry.items.push(item.name);
      reasons.set(key, entry);
    }
    areas.push({
      area,
      total: inArea.length,
      ran,
      notApplicable,
      couldNotRun,
      // Optional features (MAY) a target does not advertise are not a gap in coverage; errors there are.
      low: (area === OPTIONAL_AREA ? couldNotRun : notApplicable + couldNotRun) / inArea.length > threshold,
      reasons: [...reasons.values()].sort((a, b) => b.items.length - a.items.length),
    });
  }
  return { threshold, areas, low: areas.filter((a) => a.low).map((a) => a.area) };
}

/** One area in a line: `groups 2/8 ran (6 not applicable)`. */
export function coverageAreaText(area: CoverageArea): string {
  const missing = [
    area.notApplicable > 0 ? `${area.notApplicable} not applicable` : "",
    area.couldNotRun > 0 ? `${area.couldNotRun} could not run` : "",
  ].filter(Boolean);
  return `${area.area} ${area.ran}/${area.total} ran${missing.length > 0 ? ` (${missing.join(", ")})` : ""}`;
}

/**
 * The verdict on coverage, or undefined when every area ran enough: names each low area and its most
 * frequent reason, so a run that mostly could not run does not look clean.
 */
export function coverageVerdict(coverage: Coverage | undefined): string | undefined {
  if (coverage === undefined || coverage.low.length === 0) return undefined;
  const parts = coverage.areas
    .filter((a) => a.low)
    .map((a) => {
      const top = a.reasons[0];
      return `${coverageAreaText(a)}${top !== undefined ? `: ${top.reason}` : ""}`;
    });
  return `low coverage (over ${Math.round(coverage.threshold * 100)}% of an area did not run): ${parts.join("; ")}`;
}
