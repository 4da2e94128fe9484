/**
 * The `coverage` block of report.json (zod, one source with reports/report.ts): per area what ran, what was
 * not applicable and why, what could not run and why, and which areas ran too little to look clean.
 * Derived from the report by `deriveCoverage` (reports/coverage.ts).
 */
import { z } from "zod";

const count = z.int().min(0);

export const CoverageReasonSchema = z
  .object({
    status: z.enum(["notApplicable", "couldNotRun"]),
    reason: z.string(),
    items: z.array(z.string()).describe("Scenario variants, contract checks or properties with this reason."),
  })
  .strict();

export const CoverageAreaSchema = z
  .object({
    area: z.string().meta({ examples: ["users", "groups", "membership", "filters", "idp:entra"] }),
    total: count.describe("Scenario variants, contract checks and properties that touch the area."),
    ran: count.describe("Those that ran to a verdict (passed or failed)."),
    notApplicable: count,
    couldNotRun: count.describe("Errored: a prerequisite failed, the harness or the target broke."),
    low: z.boolean().describe("More than `threshold` of the area was not applicable or could not run."),
    reasons: z.array(CoverageReasonSchema),
  })
  .strict();

export const CoverageSchema = z
  .object({
    threshold: z.number().min(0).max(1).describe("Share not run above which an area is `low`."),
    areas: z.array(CoverageAreaSchema),
    low: z.array(z.string()).describe("Areas with `low` set, in area order; empty when coverage is full."),
  })
  .strict()
  .meta({
    id: "coverage",
    description:
      "Per area (users, groups, membership, filters, PATCH forms, paging, auth, errors, discovery, optional features, each IdP): what ran, what was not applicable and why, what could not run and why.",
  });
/** Per-area coverage of a run. */
export type Coverage = z.infer<typeof CoverageSchema>;
/** One area of `Coverage`. */
export type CoverageArea = z.infer<typeof CoverageAreaSchema>;
