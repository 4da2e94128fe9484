/**
 * The builder options shared by the targets the harness launches itself (container, Dockerfile,
 * command): base path, token, environment, startup timeout, run id, token controls.
 */
import { ConfigurationError } from "../errors.ts";
import { defaultRunId } from "./docker/harness-labels.ts";
import type { ScimTarget, StartedScimTarget, TokenControls } from "./scim-target.ts";

/** Default startup timeout: a vendor image on a cold CI machine may take a while. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;

export interface LaunchOptions {
  /** Path of the SCIM API on the server, e.g. `/scim/v2`; "" for the root. */
  basePath: string;
  token: string | undefined;
  /** Environment handed to the server (how it learns its token). */
  env: Record<string, string>;
  startupTimeoutMs: number;
  /** Run id in the labels of what is created (default: this process's id). */
  runId: string;
  /** Token control for a server with an admin API (e.g. the fake SP image's `/_admin`). */
  tokenControls?: (origin: string, token: string | undefined) => TokenControls;
}

/** `/scim/v2/` → `/scim/v2`, `scim` → `/scim`, `/` → "". */
export function normalizeBasePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, "");
  return trimmed === "" || trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** A target that the harness starts, waits for, and removes: the shared `with…` builder methods. */
export abstract class LaunchedTarget implements ScimTarget {
  protected readonly launch: LaunchOptions = {
    basePath: "",
    token: undefined,
    env: {},
    startupTimeoutMs: DEFAULT_STARTUP_TIMEOUT_MS,
    runId: defaultRunId(),
  };

  /** Path of the SCIM API on the server, e.g. `/scim/v2`. */
  withBasePath(basePath: string): this {
    this.launch.basePath = normalizeBasePath(basePath);
    return this;
  }

  /** The bearer token the harness sends (hand it to the server with `withEnv`). */
  withToken(token: string | undefined): this {
    this.launch.token = token;
    return this;
  }

  /** Adds environment variables for the server. */
  withEnv(env: Record<string, string>): this {
    Object.assign(this.launch.env, env);
    return this;
  }

  /** How long to wait for SCIM discovery to answer (default 60 s). */
  withStartupTimeout(ms: number): this {
    if (!Number.isFinite(ms) || ms <= 0)
      throw new ConfigurationError(`startup timeout must be a positive number of ms, got ${ms}`);
    this.launch.startupTimeoutMs = ms;
    return this;
  }

  /** The run id in the `scim-harness.run` label. */
  withRunId(runId: string): this {
    this.launch.runId = runId;
    return this;
  }

  /** Token control (expire/issue) for the started server, built from its origin and the token. */
  withTokenControls(factory: (origin: string, token: string | undefined) => TokenControls): this {
    this.launch.tokenControls = factory;
    return this;
  }

  abstract start(): Promise<StartedScimTarget>;
}
