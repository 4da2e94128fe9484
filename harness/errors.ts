/**
 * Errors that mean "scim-harness was used wrongly or could not run", as opposed to findings, which mean
 * "the target is wrong". Each has a stable `code`.
 */

export abstract class HarnessError extends Error {
  abstract readonly code: string;
  /** The CLI exit code this error maps to (2: usage, config, scenario file or unreachable target). */
  readonly exitCode: number = 2;
}

/** A scenario file that cannot be read, parsed or validated. */
export class ScenarioFileError extends HarnessError {
  readonly code = "SCIM_HARNESS_SCENARIO_INVALID";
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly reason: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ""}: ${pointer || "/"}: ${reason}`, options);
    this.name = "ScenarioFileError";
  }
}

/** A target that could not be started or reached. */
export class TargetStartError extends HarnessError {
  readonly code: string = "SCIM_HARNESS_TARGET_START";
  constructor(
    message: string,
    readonly logs: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TargetStartError";
  }
}

/** Why a target did not pass preflight. */
export type PreflightProblem =
  "noToken" | "tokenRefused" | "wrongBasePath" | "notScim" | "tls" | "unreachable";

/**
 * The target did not pass preflight: it is misconfigured or not a SCIM server, and nothing was graded. A kind
 * of TargetStartError (the target could not be used), with its own code and a hint that names the fix.
 */
export class PreflightError extends TargetStartError {
  override readonly code: string = "SCIM_HARNESS_PREFLIGHT";
  constructor(
    readonly problem: PreflightProblem,
    /** What went wrong, with the URL tried. */
    readonly reason: string,
    /** The fix. */
    readonly hint: string,
    options: {
      /** A base URL where SCIM answers, when one was found near the one given. */
      suggestedBaseUrl?: string;
      logs?: string[];
    } = {},
  ) {
    super(`preflight: ${reason}\n  hint: ${hint}`, options.logs ?? []);
    this.name = "PreflightError";
    this.suggestedBaseUrl = options.suggestedBaseUrl;
  }
  readonly suggestedBaseUrl: string | undefined;
}

/** Wrong options, flags or configuration. */
export class ConfigurationError extends HarnessError {
  readonly code = "SCIM_HARNESS_CONFIG";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigurationError";
  }
}

/** Detects a HarnessError by its code, so two loaded copies of this module still agree. */
export function isHarnessError(e: unknown): e is HarnessError {
  return (
    typeof e === "object" && e !== null && String((e as { code?: unknown }).code).startsWith("SCIM_HARNESS_")
  );
}
