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
  readonly code = "SCIM_HARNESS_TARGET_START";
  constructor(
    message: string,
    readonly logs: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TargetStartError";
  }
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
