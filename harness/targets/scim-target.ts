/**
 * Targets: where the SCIM service provider under test lives. A `ScimTarget` is a description that
 * `start()`s into a `StartedScimTarget` (testcontainers style), which is disposed after the run.
 */
import type { TargetKind } from "../../reports/index.ts";

/** Token control, for targets that can expire and issue tokens (the fake SP; an SP with an admin API). */
export interface TokenControls {
  /** Make the token the harness is using invalid on the SP (expired). */
  expireToken(token: string): Promise<void>;
  /** Issue a new valid token on the SP. */
  issueToken(): Promise<string>;
}

export interface StartedScimTarget extends AsyncDisposable {
  readonly kind: TargetKind;
  /** Base URL of the SCIM API, e.g. `http://127.0.0.1:41234/scim/v2`, without credentials. */
  readonly baseUrl: string;
  /** The bearer token the IdP is configured with, if any. */
  readonly token: string | undefined;
  /** Extra report facts: profile, quirks, image. */
  readonly details: { profile?: string; quirks?: string[]; image?: string };
  readonly tokenControls?: TokenControls;
  /** Time from start() to ready, when the harness started the target. */
  readonly startupMs?: number;
  /** The last log lines of a target the harness started (containers, commands). */
  logs(): string[];
  stop(): Promise<void>;
}

export interface ScimTarget {
  start(): Promise<StartedScimTarget>;
}
