/**
 * The `load` block of report.json (zod, one source with reports/report.ts): what `scim-harness load`
 * measured while it replayed an IdP's initial cycle at scale: per request kind the sustained throughput,
 * latency percentiles, answers by class, 429s and the Retry-After they asked for; latency over time and a
 * latency histogram (the charts), the projected real initial-cycle time, and the verdict against the
 * thresholds the user set.
 */
import { z } from "zod";

const count = z.int().min(0);
const ms = z.number().min(0).describe("Milliseconds.");

export const LoadLatencySchema = z
  .object({
    p50: ms,
    p95: ms,
    p99: ms,
    max: ms,
  })
  .strict()
  .describe("Exact percentiles (nearest rank) over every recorded request.");

export const LoadKindSchema = z
  .object({
    kind: z.string().meta({ examples: ["lookup Users", "create Users", "membership Groups"] }),
    requests: count.describe("Requests sent, each retry after a 429 included."),
    perSecond: z.number().min(0).describe("Sustained throughput: requests over the kind's active time."),
    latencyMs: LoadLatencySchema,
    errors: count.describe("Requests whose final answer was not 2xx/3xx (after the 429 retries)."),
    byClass: z.record(z.string(), count).describe("Answers by class: 2xx, 4xx, 5xx, 429, timeout, reset, …"),
    rateLimited: count.describe("429 answers."),
  })
  .strict();

export const LoadTimeBucketSchema = z
  .object({
    tMs: ms.describe("Start of the bucket, from the start of the cycle."),
    requests: count,
    errors: count,
    p50: ms,
    p99: ms,
    max: ms,
  })
  .strict();

export const LoadHistogramBucketSchema = z
  .object({
    upToMs: z.number().min(0).nullable().describe("Upper bound (inclusive); null: above the last bound."),
    count,
  })
  .strict();

export const LoadTenantSchema = z
  .object({
    tenant: z.string(),
    credential: z
      .enum(["own", "shared"])
      .describe("own: a token the target issued for this tenant; shared: the run's token."),
    cycleMs: ms.describe("Wall time of this tenant's initial cycle, Retry-After waits included."),
    requests: count,
    errors: count,
    rateLimited: count,
    retryAfterWaitMs: ms,
    quarantined: z
      .string()
      .optional()
      .describe(
        "The IdP model quarantined this job (e.g. Entra on a 404 to a filter [S4]): why; the rest was not sent.",
      ),
  })
  .strict();

export const LoadSchema = z
  .object({
    idp: z.string(),
    model: z
      .string()
      .describe("The request mix, phase by phase, as the IdP model sends it, with its evidence."),
    users: count,
    groups: count,
    memberships: count,
    tenants: count,
    pacing: z
      .object({
        mode: z.enum(["paced", "open-loop"]),
        perTenantPerSecond: z.number().min(0).optional(),
        concurrencyPerTenant: count,
      })
      .strict(),
    durationMs: ms,
    stoppedEarly: z.string().optional().describe("Why the cycle stopped before its end (--max-duration)."),
    requests: count,
    perSecond: z.number().min(0),
    errors: count,
    errorRate: z.number().min(0).max(1),
    latencyMs: LoadLatencySchema,
    kinds: z.array(LoadKindSchema),
    rateLimit: z
      .object({
        responses: count.describe("429 answers."),
        withRetryAfter: count,
        retryAfterAskedMs: ms.describe("Sum of the Retry-After the target asked for."),
        retryAfterMaxMs: ms,
        waitedMs: ms.describe("Sum over tenants of the time a tenant paused for Retry-After."),
        policy: z.string().describe("What the harness did on a 429, with the evidence."),
      })
      .strict(),
    tenantResults: z.array(LoadTenantSchema),
    timeline: z.array(LoadTimeBucketSchema).describe("Latency over time (the first chart)."),
    histogram: z.array(LoadHistogramBucketSchema).describe("Latency histogram (the second chart)."),
    projection: z
      .object({
        objectsPerTenant: count.describe("Users + groups + memberships: Entra's N [S5]."),
        entraMinMinutes: z.number().min(0).describe("0.01 min × N [S5]."),
        entraMaxMinutes: z.number().min(0).describe("0.08 min × N [S5]."),
        measuredMinutes: z.number().min(0).describe("The slowest tenant's cycle against this target."),
        projectedMinMinutes: z.number().min(0),
        projectedMaxMinutes: z.number().min(0),
        targetBound: z.boolean().describe("The target alone takes longer than Entra's documented maximum."),
        note: z.string(),
      })
      .strict(),
    modelFindings: z
      .array(z.object({ ruleId: z.string(), count, example: z.string() }).strict())
      .describe("What the IdP model reported about the answers, by rule (counted, one example each)."),
    cleanup: z
      .object({ attempted: count, deleted: count, failures: z.array(z.string()) })
      .strict()
      .describe("What the load run created and deleted again."),
    verdict: z
      .object({
        status: z.enum(["passed", "failed"]),
        p99MaxMs: ms.optional(),
        errorRateMax: z.number().min(0).max(1).optional(),
        reasons: z.array(z.string()).describe("Each threshold broken; empty when passed."),
      })
      .strict(),
  })
  .strict()
  .meta({
    id: "load",
    description:
      "scim-harness load: an IdP's initial cycle replayed at scale, with throughput, latency and errors per request kind, charts data, the projected real cycle time and the verdict against --p99-max / --error-rate-max.",
  });

export type LoadResult = z.infer<typeof LoadSchema>;
