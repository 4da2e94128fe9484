/**
 * What every contract check runs against: a SCIM client of the run's session, the target's discovery
 * documents (read once per run by the session, RFC 7644 §4), a run-unique name prefix, and the session's
 * cleanup registry, which deletes what the checks created.
 */
import { createHash } from "node:crypto";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import type { CleanupRegistry } from "../../harness/session/cleanup-registry.ts";
import type { RefusedCredential } from "../../harness/session/refused-credential.ts";
import type { TargetDiscovery } from "../../harness/session/discovery.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";

export { resourcesOf } from "../../harness/session/discovery.ts";
export type { Feature } from "../../harness/session/discovery.ts";
export type { CleanupSummary } from "../../harness/session/cleanup-registry.ts";
export { CleanupRegistry } from "../../harness/session/cleanup-registry.ts";

/** The target's discovery documents and what follows from them (the session's, read once per run). */
export type Discovery = TargetDiscovery;

/** The suite-wide context of a contract run. */
export interface ContractContext {
  readonly client: ScimClient;
  readonly target: StartedScimTarget;
  readonly discovery: Discovery;
  /** Run-unique name prefix, `scimh-<runId>-`; every resource a check creates starts with it. */
  readonly prefix: string;
  readonly cleanup: CleanupRegistry;
  /** A credential the target must refuse (the session's: `--expired-token-env` or token controls), if any. */
  readonly refusedCredential?: RefusedCredential;
  /** This check's own prefix, `scimh-<runId>-c<n>-`: `userName sw checkPrefix` scopes a query to its users. */
  readonly checkPrefix: string;
  /** A fresh name under the check prefix, `scimh-<runId>-c<n>-<label>` (a repeated label gets a counter). */
  uniqueName(label: string): string;
  /**
   * A UUID-shaped value derived from the check prefix and the label (a repeated label gets a counter):
   * the same run id gives the same requests, and no two checks or labels share one.
   */
  uniqueId(label: string): string;
}

/** `uniqueId` for one check: SHA-256 of `<check prefix><label>#<n>`, shaped as an RFC 9562 version-4 UUID. */
export function uniqueIds(checkPrefix: string): (label: string) => string {
  const seen = new Map<string, number>();
  return (label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    const hex = createHash("sha256").update(`${checkPrefix}${label}#${n}`).digest("hex");
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}
