/**
 * Turns Entra provisioning log entries into scenario steps for the Entra model: cycle by cycle, in time
 * order, each user and group entry becomes the steps that reproduce it (`entra-plan-users.ts`,
 * `entra-plan-groups.ts`; dossier §1.11, §1.13 E2–E8). Steps assert what SHOULD happen on the SP; what
 * the log observed goes into the comments.
 */
import type { FixtureGroup, FixtureUser } from "../scenario/scenario-schema.ts";
import type { EntraLogEntry } from "./entra-log-entry.ts";
import { PlanContext } from "./entra-plan-context.ts";
import { planGroupEntry } from "./entra-plan-groups.ts";
import { planUserEntry } from "./entra-plan-users.ts";
import type { SkippedEntry } from "./import-error.ts";
import type { PlannedStep } from "./planned-step.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";

/** Users and groups the scenario declares, the steps, and what could not be used. */
export interface EntraPlan {
  users: Record<string, FixtureUser>;
  groups: Record<string, FixtureGroup>;
  steps: PlannedStep[];
  skipped: SkippedEntry[];
  warnings: string[];
  /** One line per object: `u1 = Name (source id …): create, disable`. */
  objects: string[];
  cycles: number;
}

/**
 * Orders entries by `activityDateTime`; at equal times users come before groups (a member must exist
 * before it is added), then the export's order.
 */
export function sortEntries(entries: readonly EntraLogEntry[]): EntraLogEntry[] {
  return [...entries].sort(
    (a, b) =>
      a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === "user" ? -1 : 1) || a.index - b.index,
  );
}

/** Plans the scenario from entries (sorted here); a new cycle id starts a new comment section. */
export function planEntraLog(entries: readonly EntraLogEntry[], pii: Pseudonymizer): EntraPlan {
  const ctx = new PlanContext(pii);
  const sorted = sortEntries(entries);
  ctx.registerPii(sorted);
  let cycles = 0;
  let cycle: string | undefined | null = null;
  for (const e of sorted) {
    if (e.cycleId !== cycle) {
      cycles++;
      cycle = e.cycleId;
      ctx.pending.push(`── cycle ${cycles}${e.cycleId ? ` (${e.cycleId.slice(0, 8)})` : ""} ──`);
    }
    if (e.status === "skipped") {
      const why = e.reason ? `: ${pii.scrub(e.reason).slice(0, 200)}` : "";
      ctx.skipped.push({ entry: e.ref, reason: `Entra skipped this change${why}` });
    } else if (e.action === "other") {
      ctx.skipped.push({ entry: e.ref, reason: "action Other: nothing to replay" });
    } else if (e.kind === "user") planUserEntry(ctx, e);
    else planGroupEntry(ctx, e);
  }
  const line = (rec: { label: string; actions: string[] }) =>
    `${rec.label}: ${rec.actions.join(", ") || "group member only"}`;
  return {
    users: ctx.userFixtures,
    groups: ctx.groupFixtures,
    steps: ctx.steps,
    skipped: ctx.skipped,
    warnings: ctx.warnings,
    objects: [...[...ctx.users.values()].map(line), ...[...ctx.groups.values()].map(line)],
    cycles,
  };
}
