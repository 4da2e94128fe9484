/**
 * What a load run concludes: the real initial-cycle time projected from Entra's documented pacing, and the
 * verdict against the thresholds the user set (`--p99-max`, `--error-rate-max`).
 *
 * Entra's initial cycle (Sync assigned only) takes 0.01 min × N at best and 0.08 min × N at worst, N being
 * users + groups + group members (dossier §1.10 [S5]). A target slower than that makes the real cycle
 * slower still: the projection is the larger of Entra's figure and the cycle measured against the target.
 */
import type { LoadResult } from "../../reports/load-schema.ts";

/** Minutes per object of Entra's initial cycle, fastest and slowest ([S5]). */
export const ENTRA_MIN_PER_OBJECT = { min: 0.01, max: 0.08 } as const;

const minutes = (n: number): number => Math.round(n * 100) / 100;

/** The projection block: Entra's documented range for this size, against the slowest measured tenant. */
export function loadProjection(
  size: { users: number; groups: number; memberships: number },
  slowestCycleMs: number,
): LoadResult["projection"] {
  const objects = size.users + size.groups + size.memberships;
  const entraMin = ENTRA_MIN_PER_OBJECT.min * objects;
  const entraMax = ENTRA_MIN_PER_OBJECT.max * objects;
  const measured = slowestCycleMs / 60_000;
  const targetBound = measured > entraMax;
  return {
    objectsPerTenant: objects,
    entraMinMinutes: minutes(entraMin),
    entraMaxMinutes: minutes(entraMax),
    measuredMinutes: minutes(measured),
    projectedMinMinutes: minutes(Math.max(entraMin, measured)),
    projectedMaxMinutes: minutes(Math.max(entraMax, measured)),
    targetBound,
    note: targetBound
      ? `This target alone needed ${minutes(measured)} min per tenant, more than Entra's slowest documented pace for ${objects} objects (0.08 min each, ${minutes(entraMax)} min [S5]): the target, not Entra, sets the cycle time.`
      : `Entra's documented pace for ${objects} objects is 0.01–0.08 min each, ${minutes(entraMin)}–${minutes(entraMax)} min [S5]; this target served the cycle in ${minutes(measured)} min per tenant, so Entra's own pace sets the cycle time.`,
  };
}

/**
 * The verdict: failed when the overall p99 or the error rate is above the user's threshold, or when the IdP
 * would have stopped the job (quarantine): a cycle that did not run is never a pass.
 */
export function loadVerdict(
  measured: {
    latencyMs: { p99: number };
    errorRate: number;
    requests: number;
    tenantResults: readonly { tenant: string; quarantined?: string }[];
  },
  thresholds: { p99MaxMs?: number; errorRateMax?: number },
): LoadResult["verdict"] {
  const reasons: string[] = [];
  const { p99MaxMs, errorRateMax } = thresholds;
  if (measured.requests === 0) reasons.push("no request was sent");
  for (const t of measured.tenantResults)
    if (t.quarantined !== undefined) reasons.push(`tenant ${t.tenant} was quarantined: ${t.quarantined}`);
  if (p99MaxMs !== undefined && measured.latencyMs.p99 > p99MaxMs)
    reasons.push(`p99 ${measured.latencyMs.p99} ms is above --p99-max ${p99MaxMs} ms`);
  if (errorRateMax !== undefined && measured.errorRate > errorRateMax)
    reasons.push(`error rate ${measured.errorRate} is above --error-rate-max ${errorRateMax}`);
  return {
    status: reasons.length === 0 ? "passed" : "failed",
    ...(p99MaxMs !== undefined ? { p99MaxMs } : {}),
    ...(errorRateMax !== undefined ? { errorRateMax } : {}),
    reasons,
  };
}
