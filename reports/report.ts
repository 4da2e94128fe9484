/**
 * The run report: the one data structure every writer renders and `report.schema.json` describes.
 *
 * `reports/` owns these types; the harness builds a `RunReport` and hands it to the writers. Reports are
 * trees of plain JSON values (no cycles, no class instances, no `Date` objects: times are ISO 8601
 * strings).
 *
 * The zod schemas below are the one source: the TypeScript types are inferred from them and
 * `report.schema.json` is generated from them (`npm run gen:report-schema`, see write-report-schema.ts).
 * Doc comments live in `.describe()` / `.meta()` so they reach the JSON Schema.
 */
import { z } from "zod";
import { CoverageSchema } from "./coverage-schema.ts";
import { LoadSchema } from "./load-schema.ts";

/** Version of the report format; bumped on any incompatible change to `RunReport`. */
export const REPORT_SCHEMA_VERSION = 2;

/** The RFC 2119 keywords a requirement is catalogued for, strongest first (a sentence with two gets the first). */
export const NORMATIVE_KEYWORDS = [
  "MUST NOT",
  "MUST",
  "SHALL NOT",
  "SHALL",
  "REQUIRED",
  "SHOULD NOT",
  "SHOULD",
  "RECOMMENDED",
  "MAY",
] as const;

const count = z.int().min(0).meta({ id: "count" });
const duration = z.number().min(0).meta({ id: "duration", description: "Milliseconds." });
const strings = z.array(z.string()).meta({ id: "strings" });
const headers = z.record(z.string(), z.string()).meta({ id: "headers" });
const dateTime = z.iso.datetime({ offset: true });

/** Adds the JSON Schema `if`/`then` and the matching zod check: `reason` is required for these statuses. */
function reasonRequiredFor(statuses: readonly string[]) {
  return {
    refine: (value: { status: string; reason?: string | undefined }, ctx: z.RefinementCtx) => {
      if (statuses.includes(value.status) && !value.reason) {
        ctx.addIssue({
          code: "custom",
          path: ["reason"],
          message: `a ${value.status} result needs a reason`,
        });
      }
    },
    meta: {
      if: { properties: { status: { enum: [...statuses] } }, required: ["status"] },
      then: { properties: { reason: { type: "string", minLength: 1 } }, required: ["reason"] },
    },
  };
}

export const SeveritySchema = z.enum(["error", "warning", "info"]).meta({
  id: "severity",
  description:
    "How bad a finding is; `error` fails the run by default, `warning` only with `--fail-on warning`.",
});
/** How bad a finding is; `error` fails the run by default, `warning` only with `--fail-on warning`. */
export type Severity = z.infer<typeof SeveritySchema>;

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = SeveritySchema.options;

export const BaselineStatusSchema = z
  .enum(["new", "known", "waived"])
  .describe(
    "How a finding relates to a baseline report and the waiver file (set by --baseline / the waiver file); `known` and `waived` do not fail a run.",
  );
/** How a finding relates to a baseline report and the waiver file; `known` and `waived` do not fail a run. */
export type BaselineStatus = z.infer<typeof BaselineStatusSchema>;

export const WaiverRefSchema = z
  .object({
    rule: z.string().describe("Rule id or glob (`entra.*`), or a root-cause id (`rc-…`, see `rootCauses`)."),
    scenario: z.string().optional().describe("Scenario id or glob; absent: every scenario."),
    reason: z.string(),
    expires: z.iso.date().optional().describe("Last day the waiver applies, `YYYY-MM-DD` (UTC)."),
    expired: z
      .boolean()
      .optional()
      .describe("The waiver matched but its date has passed, so the finding counts again."),
  })
  .strict()
  .meta({
    id: "waiver",
    description: "A waiver as the report records it: which rule and scenario it covers, why, and until when.",
  });
/** A waiver as the report records it: which rule and scenario it covers, why, and until when. */
export type WaiverRef = z.infer<typeof WaiverRefSchema>;

export const FindingSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    severity: SeveritySchema,
    title: z.string(),
    message: z.string(),
    expected: z.unknown().optional(),
    actual: z.unknown().optional(),
    rfc: z
      .string()
      .optional()
      .meta({ description: "Where the rule comes from.", examples: ["RFC 7644 §3.4.2"] }),
    evidence: strings
      .optional()
      .meta({ description: "Dossier evidence tags and bug ids.", examples: [["[S1]", "[C12]", "B7"]] }),
    scenarioId: z.string().optional(),
    variant: z.string().optional(),
    stepIndex: count.optional(),
    exchangeIds: strings.describe(
      "Ids of the exchanges this finding cites; each is in the same report (a scenario's `exchanges` or the run-level `exchanges`).",
    ),
    curl: z.string().optional(),
    inferred: z
      .boolean()
      .optional()
      .describe("The step this came from is inferred, not observed IdP behaviour."),
    baseline: BaselineStatusSchema.optional().describe(
      "Set by `applyBaseline`: new since the baseline, already known, or accepted by a waiver.",
    ),
    waiver: WaiverRefSchema.optional().describe(
      "The waiver that matched (an expired one is kept with `expired: true` and no longer applies).",
    ),
  })
  .strict()
  .meta({ id: "finding", description: "One thing a check noticed about the target." });
/** One thing a check noticed about the target. */
export type Finding = z.infer<typeof FindingSchema>;

export const BaselineSummarySchema = z
  .object({
    file: z.string().optional().describe("The baseline report file, when one was given."),
    waiverFile: z.string().optional().describe("The waiver file, when one was given."),
    new: count,
    known: count,
    waived: count,
    fixed: z.array(FindingSchema).describe("Findings of the baseline that this run no longer produces."),
    expiredWaivers: z
      .array(WaiverRefSchema)
      .describe("Waivers whose date has passed and that matched a finding of this run."),
  })
  .strict()
  .describe(
    "What `applyBaseline` did to a run: counts by status, findings fixed since the baseline, expired waivers.",
  );
/** What `applyBaseline` did to a run: counts by status, findings fixed since the baseline, expired waivers. */
export type BaselineSummary = z.infer<typeof BaselineSummarySchema>;

export const ExchangeErrorKindSchema = z
  .enum([
    "timeout",
    "connectionReset",
    "connectionRefused",
    "dns",
    "tls",
    "invalidJson",
    "htmlBody",
    "emptyBody",
    "bodyTooLarge",
    "other",
  ])
  .describe(
    [
      "Why an exchange did not yield a usable SCIM response.",
      "timeout: no complete response within the deadline (headers or body phase); Entra's is 60 s [S19].",
      "connectionReset: the peer closed or reset the connection before a complete response.",
      "invalidJson: a non-empty body that should be JSON is not (response still recorded).",
      "htmlBody: like invalidJson, but the body is an HTML page, e.g. a WAF block page [C12] B12.",
      "emptyBody: a 200/201 without a body.",
      "bodyTooLarge: the body exceeded `maxBodyBytes`; `response.body` holds the first `maxBodyBytes` bytes.",
    ].join("\n"),
  );
/** Why an exchange did not yield a usable SCIM response (the schema's description explains each kind). */
export type ExchangeErrorKind = z.infer<typeof ExchangeErrorKindSchema>;

export const ExchangeRecordSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    startedAt: dateTime,
    durationMs: duration,
    request: z.object({ method: z.string(), url: z.string(), headers, body: z.string().optional() }).strict(),
    response: z
      .object({
        status: z.int().min(100).max(599),
        headers,
        body: z.string().optional(),
        truncated: z.boolean().optional(),
      })
      .strict()
      .optional(),
    error: z.object({ kind: ExchangeErrorKindSchema, message: z.string() }).strict().optional(),
    curl: z.string(),
  })
  .strict()
  .meta({ id: "exchange", description: "One HTTP request/response pair sent to the target." });
/** One HTTP request/response pair sent to the target. */
export type ExchangeRecord = z.infer<typeof ExchangeRecordSchema>;

export const StepStatusSchema = z
  .enum(["passed", "failed", "errored", "skipped"])
  .describe("Outcome of a single scenario step.");
/** Outcome of a single scenario step. */
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const StepResultSchema = z
  .object({
    index: count,
    action: z.string(),
    title: z.string().optional(),
    inferred: z.boolean(),
    evidence: strings.optional(),
    status: StepStatusSchema,
    reason: z.string().optional(),
    durationMs: duration,
    exchangeIds: strings,
    findings: z.array(FindingSchema),
  })
  .strict()
  .meta({ id: "step", description: "One executed (or skipped) step of a scenario." });
/** One executed (or skipped) step of a scenario. */
export type StepResult = z.infer<typeof StepResultSchema>;

export const ScenarioStatusSchema = z
  .enum(["passed", "failed", "errored", "notApplicable"])
  .describe("Outcome of one scenario variant.");
/** Outcome of one scenario variant. */
export type ScenarioStatus = z.infer<typeof ScenarioStatusSchema>;

export const ScenarioResultSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    file: z.string().optional(),
    idp: z.string(),
    variant: z.string().meta({
      description: "Flag combination, or `default`.",
      examples: ["aadOptscim062020=true", "default"],
    }),
    tags: strings,
    actions: strings
      .optional()
      .describe("The step actions of the scenario, also when it did not run (coverage by area)."),
    status: ScenarioStatusSchema,
    reason: z.string().optional(),
    durationMs: duration,
    steps: z.array(StepResultSchema),
    exchanges: z.array(ExchangeRecordSchema),
    findings: z
      .array(FindingSchema)
      .describe("Scenario-level findings, not tied to a step (step findings live in `steps[].findings`)."),
    cleanup: z.object({ attempted: count, deleted: count, failures: strings }).strict().optional(),
  })
  .strict()
  .meta({ id: "scenario", description: "One scenario run under one variant (flag combination)." });
/** One scenario run under one variant (flag combination). */
export type ScenarioResult = z.infer<typeof ScenarioResultSchema>;

const propertyReason = reasonRequiredFor(["notApplicable"]);
export const PropertyResultSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z
      .enum(["passed", "failed", "errored", "notApplicable"])
      .describe(
        "`notApplicable`: the property could not run against this target (see `reason`); never `passed`.",
      ),
    reason: z.string().optional().describe("Why the property is not applicable (required then) or errored."),
    seed: z.int(),
    path: z.string().optional(),
    numRuns: count.describe("Cases run (fast-check `numRuns` of the run details): runs done."),
    numRunsRequested: count.describe("Cases asked for (`--num-runs` or the property's default)."),
    timeLimitMs: duration.optional().describe("Time limit of the property; it stops early when reached."),
    counterexample: z.unknown().optional(),
    findings: z.array(FindingSchema),
  })
  .strict()
  .superRefine(propertyReason.refine)
  .meta({
    id: "property",
    description:
      "Outcome of one property-based test: runs done (`numRuns`) of runs asked (`numRunsRequested`).",
    ...propertyReason.meta,
  });
/** Outcome of one property-based test. */
export type PropertyResult = z.infer<typeof PropertyResultSchema>;

const contractReason = reasonRequiredFor(["notApplicable", "errored"]);
export const ContractCheckResultSchema = z
  .object({
    id: z.string().meta({ examples: ["rfc7644.filter.eq-case-insensitive-userName"] }),
    title: z.string(),
    rfc: z.string().meta({ description: "The RFC section of the check.", examples: ["RFC 7644 §3.4.2.2"] }),
    keyword: z.enum(["MUST", "SHOULD"]).describe("The RFC 2119 keyword of the requirement."),
    status: z
      .enum(["passed", "failed", "notApplicable", "errored"])
      .describe("`notApplicable` and `errored` carry a `reason`."),
    reason: z
      .string()
      .optional()
      .describe("Why the check is not applicable or could not run; required for those statuses."),
    durationMs: duration,
    findingIds: strings.describe("Ids of the run-level findings this check produced."),
  })
  .strict()
  .superRefine(contractReason.refine)
  .meta({
    id: "contractCheck",
    description: "Outcome of one RFC 7643/7644 contract check.",
    ...contractReason.meta,
  });
/** Outcome of one RFC 7643/7644 contract check. */
export type ContractCheckResult = z.infer<typeof ContractCheckResultSchema>;

export const RequirementResultSchema = z
  .object({
    id: z.string().meta({
      description: "Requirement id: RFC, section, ordinal of the normative statement in its section.",
      examples: ["rfc7644-3.4.2-9"],
    }),
    rfc: z.enum(["RFC 7643", "RFC 7644"]),
    section: z.string().meta({ examples: ["3.4.2"] }),
    keyword: z.enum(NORMATIVE_KEYWORDS).describe("The RFC 2119 keyword of the statement."),
    status: z
      .enum(["passed", "failed", "errored", "notApplicable", "notRun", "uncovered", "notTestable"])
      .describe(
        "From the checks that cover it: `failed` if one failed, else `errored`, else `passed` if one passed, else `notApplicable`; `notRun` when none of them ran; `uncovered` (testable, no check yet) and `notTestable` (from outside) come from the catalogue.",
      ),
    checks: strings.describe("Rule ids (contract checks, property suites, harness rules) that cover it."),
  })
  .strict()
  .meta({
    id: "requirement",
    description: "One normative statement of RFC 7643/7644 and what the run showed about it.",
  });
/** One normative statement of RFC 7643/7644 and what the run showed about it. */
export type RequirementResult = z.infer<typeof RequirementResultSchema>;

export const TargetKindSchema = z
  .enum(["fake", "url", "app", "container", "command"])
  .describe("What was tested.");
/** What was tested. */
export type TargetKind = z.infer<typeof TargetKindSchema>;

export const RunSummarySchema = z
  .object({
    scenarios: z
      .object({ total: count, passed: count, failed: count, errored: count, notApplicable: count })
      .strict(),
    findings: z.object({ error: count, warning: count, info: count }).strict(),
    exchanges: count.describe("Exchanges recorded: every scenario's plus the run-level ones."),
    properties: z
      .object({ total: count, passed: count, failed: count, notApplicable: count })
      .strict()
      .optional()
      .describe("`failed` counts failed and errored properties; `notApplicable` ones are not `passed`."),
    contracts: z
      .object({ total: count, passed: count, failed: count, notApplicable: count, errored: count })
      .strict()
      .optional(),
  })
  .strict()
  .describe("Counts over a run, as computed by `summarize`.");
/** Counts over a run, as computed by `summarize`. */
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RootCauseSchema = z
  .object({
    id: z.string().meta({
      description: "Stable id (a hash of rule, request shape and answer class); waivers may name it.",
      examples: ["rc-1a2b3c4d"],
    }),
    ruleId: z.string(),
    title: z.string(),
    severity: SeveritySchema,
    rfc: z.string().optional(),
    evidence: strings.optional().describe("Dossier evidence tags and bug ids of its findings."),
    request: z
      .object({
        method: z.string().optional(),
        path: z
          .string()
          .optional()
          .describe("Path template below the SCIM base, ids replaced: `/Users/{id}`."),
        operation: z.string().optional().describe("PATCH operation form, e.g. `replace active=string`."),
        answer: z
          .string()
          .describe("Answer class: the HTTP status, `error:<kind>`, or `-` without an exchange."),
      })
      .strict()
      .describe("The request shape and answer class every finding of the root cause shares."),
    repro: z.string().optional().describe("One short line: the representative request and its answer."),
    findings: count.describe("Findings grouped here (follow-ons not counted)."),
    followOns: count.describe("Follow-on findings of the same step attached here, not counted again."),
    findingIds: strings.describe("Ids of the grouped findings, then of the follow-ons."),
    scenarios: strings.describe("Scenario ids it covers."),
    variants: strings.describe("Scenario variants it covers, as `<scenario> [<variant>]`."),
    checks: strings.describe("Contract checks and properties it covers."),
    idps: strings.describe("IdPs of the scenarios it covers."),
    exchangeId: z.string().optional().describe("One representative exchange (resolves in the report)."),
    idpImpact: z
      .enum(["fails", "degrades"])
      .optional()
      .describe("From the rule catalogue: what an IdP does when the target breaks the rule."),
    idpAction: z
      .string()
      .optional()
      .describe("What an IdP does about it, in words, from the rule catalogue."),
    baseline: BaselineStatusSchema.optional().describe(
      "Set by `applyBaseline`: `new` when any of its findings is new, else `known` or `waived`.",
    ),
  })
  .strict()
  .meta({
    id: "rootCause",
    description:
      "Findings that share a rule, a request shape and an answer class: one bug, however many scenarios show it.",
  });
/** Findings that share a rule, a request shape and an answer class. */
export type RootCause = z.infer<typeof RootCauseSchema>;

export const CompatibilityCellSchema = z
  .object({
    behaviour: z.string().meta({ examples: ["test connection", "create", "disable", "token expiry"] }),
    status: z.enum(["passed", "failed", "notApplicable"]),
    reason: z
      .string()
      .optional()
      .describe("Why it is not applicable (required then), or what else a failed cell saw."),
    rootCauses: strings.describe("Ids of the root causes of a failed cell (`rootCauses[].id`)."),
    passedSteps: count,
    failedSteps: count,
  })
  .strict()
  .superRefine(reasonRequiredFor(["notApplicable"]).refine)
  .meta({
    id: "compatibilityCell",
    description: "One behaviour of one IdP and dialect.",
    ...reasonRequiredFor(["notApplicable"]).meta,
  });
/** One behaviour of one IdP and dialect. */
export type CompatibilityCell = z.infer<typeof CompatibilityCellSchema>;

export const CompatibilitySchema = z
  .object({
    behaviours: strings.describe("The behaviours, in column order."),
    idps: z.array(
      z
        .object({
          idp: z.string(),
          dialect: z.string().meta({ examples: ["default", "aadOptscim062020"] }),
          label: z.string().meta({ examples: ["Entra", "Entra aadOptscim062020", "JumpCloud"] }),
          status: z.enum(["passed", "failed", "notApplicable"]),
          behaviours: z.array(CompatibilityCellSchema),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({
    id: "compatibility",
    description:
      "Per IdP and dialect × behaviour: passed, failed (with root causes) or not applicable (with the reason); derived from the scenario steps.",
  });
/** The compatibility matrix. */
export type Compatibility = z.infer<typeof CompatibilitySchema>;

export const RunReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z
      .object({
        name: z.literal("scim-harness"),
        version: z.string(),
        scenarioLibraryVersion: z
          .string()
          .optional()
          .describe(
            "The version of the shipped scenario library the run used (a new or stricter scenario can turn a green build red).",
          ),
      })
      .strict(),
    run: z
      .object({
        id: z.string(),
        startedAt: dateTime,
        durationMs: duration,
        seed: z.int(),
        incomplete: z.boolean(),
        incompleteReason: z.string().optional(),
        gitSha: z.string().optional(),
        command: z.string().optional(),
      })
      .strict(),
    target: z
      .object({
        kind: TargetKindSchema,
        url: z.string().optional().describe("Never with credentials."),
        profile: z.string().optional(),
        quirks: strings.optional(),
        image: z.string().optional(),
        startupMs: duration.optional(),
        logs: strings.optional().describe("Tail of the target's logs."),
      })
      .strict(),
    summary: RunSummarySchema,
    scenarios: z.array(ScenarioResultSchema),
    properties: z.array(PropertyResultSchema).optional(),
    contracts: z
      .array(ContractCheckResultSchema)
      .optional()
      .describe("Every contract check that was selected, with its status."),
    requirements: z
      .array(RequirementResultSchema)
      .optional()
      .describe(
        "Every catalogued RFC 7643/7644 requirement with its status in this run (runs with contract or property suites).",
      ),
    findings: z.array(FindingSchema).describe("Run-level findings, e.g. contract checks and discovery."),
    exchanges: z
      .array(ExchangeRecordSchema)
      .optional()
      .describe(
        "Run-level exchanges (discovery, contract checks, property cases) that findings cite; scenario exchanges stay in `scenarios[].exchanges`.",
      ),
    rootCauses: z
      .array(RootCauseSchema)
      .optional()
      .describe(
        "Findings of every suite grouped into root causes, worst and broadest first (`groupRootCauses`).",
      ),
    compatibility: CompatibilitySchema.optional(),
    baseline: BaselineSummarySchema.optional().describe(
      "Present when the run was compared with a baseline report or a waiver file (`applyBaseline`).",
    ),
    coverage: CoverageSchema.optional(),
    load: LoadSchema.optional().describe("Present for `scim-harness load` runs."),
  })
  .strict()
  .meta({
    title: `scim-harness RunReport (schemaVersion ${REPORT_SCHEMA_VERSION})`,
    description:
      "The report.json written by scim-harness: one run of scenarios, contract checks and properties against one SCIM target. Generated from reports/report.ts.",
  });
/** The whole run: what `report.json` holds. */
export type RunReport = z.infer<typeof RunReportSchema>;

/** The JSON Schema of `report.json` (`report.schema.json`), generated from `RunReportSchema`. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RunReportSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
  const { $schema, title, description, ...rest } = schema;
  return {
    $schema,
    $id: `urn:scim-harness:schema:report:${REPORT_SCHEMA_VERSION}`,
    title,
    description,
    ...rest,
  };
}

/** Numeric rank of a severity: 0 for `error`, 1 for `warning`, 2 for `info` (lower is worse). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Every finding of a scenario: its steps' findings in step order, then the scenario-level ones. */
export function scenarioFindings(scenario: ScenarioResult): Finding[] {
  return [...scenario.steps.flatMap((step) => step.findings), ...scenario.findings];
}

function collectFindings(
  scenarios: readonly ScenarioResult[],
  properties: readonly PropertyResult[],
  findings: readonly Finding[],
): Finding[] {
  return [
    ...findings,
    ...scenarios.flatMap(scenarioFindings),
    ...properties.flatMap((property) => property.findings),
  ];
}

/** Every finding of a report: run-level, then each scenario's (steps first), then each property's. */
export function allFindings(report: RunReport): Finding[] {
  return collectFindings(report.scenarios, report.properties ?? [], report.findings);
}

/** Every exchange of a report: the run-level ones, then each scenario's. */
export function allExchanges(report: RunReport): ExchangeRecord[] {
  return [...(report.exchanges ?? []), ...report.scenarios.flatMap((scenario) => scenario.exchanges)];
}

/**
 * Computes the `summary` block from the results. Findings are counted from all levels (run, scenario,
 * step, property); `summary.properties` is present only when `properties` is given, `summary.contracts`
 * only when `contracts` is. `exchanges` counts the scenarios' exchanges plus `runExchanges` (the
 * report's run-level `exchanges`).
 */
export function summarize(
  scenarios: readonly ScenarioResult[],
  properties?: readonly PropertyResult[],
  findings: readonly Finding[] = [],
  contracts?: readonly ContractCheckResult[],
  runExchanges: readonly ExchangeRecord[] = [],
): RunSummary {
  const counts = { total: scenarios.length, passed: 0, failed: 0, errored: 0, notApplicable: 0 };
  for (const scenario of scenarios) counts[scenario.status] += 1;

  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const finding of collectFindings(scenarios, properties ?? [], findings)) {
    bySeverity[finding.severity] += 1;
  }

  const summary: RunSummary = {
    scenarios: counts,
    findings: bySeverity,
    exchanges: scenarios.reduce((sum, scenario) => sum + scenario.exchanges.length, runExchanges.length),
  };
  if (properties !== undefined) {
    const passed = properties.filter((property) => property.status === "passed").length;
    const notApplicable = properties.filter((property) => property.status === "notApplicable").length;
    summary.properties = {
      total: properties.length,
      passed,
      failed: properties.length - passed - notApplicable,
      notApplicable,
    };
  }
  if (contracts !== undefined) {
    const byStatus = { total: contracts.length, passed: 0, failed: 0, notApplicable: 0, errored: 0 };
    for (const check of contracts) byStatus[check.status] += 1;
    summary.contracts = byStatus;
  }
  return summary;
}

/** A finding that does not fail the run: already in the baseline, or accepted by a valid waiver. */
export function isSuppressed(finding: Finding): boolean {
  return finding.baseline === "known" || finding.baseline === "waived";
}

/**
 * Whether a failed or errored result is excused by the baseline: it has at least one suppressed finding
 * and no unsuppressed `error` finding, i.e. it fails only the way the baseline (or a waiver) says it does.
 */
export function isExcused(findings: readonly Finding[]): boolean {
  return findings.some(isSuppressed) && !findings.some((f) => f.severity === "error" && !isSuppressed(f));
}

/**
 * Process exit code for a finished run: 1 if any finding (at any level) not suppressed by the baseline
 * or a waiver is at or above `failOn`, or any scenario or property failed or errored without being
 * excused by the baseline (`isExcused`); otherwise 0. A not-applicable property does not fail the run
 * (it is reported with its reason). Contract checks count through their findings (a failed MUST check
 * has an `error` finding, an errored check a `warning`). An incomplete run with nothing failing exits 0
 * here; the CLI decides separately how to treat interruption.
 */
export function exitCodeFor(report: RunReport, failOn: "error" | "warning"): 0 | 1 {
  const threshold = severityRank(failOn);
  const counts = (f: Finding) => !isSuppressed(f) && severityRank(f.severity) <= threshold;
  if (allFindings(report).some(counts)) return 1;
  const broken = (status: string) => status === "failed" || status === "errored";
  if (report.scenarios.some((s) => broken(s.status) && !isExcused(scenarioFindings(s)))) return 1;
  if ((report.properties ?? []).some((p) => broken(p.status) && !isExcused(p.findings))) return 1;
  return 0;
}
