/** Errors of `scim-harness import`: a file that is not, or no longer, readable as the format it claims. */
import { HarnessError } from "../errors.ts";

/** An input entry that could not be imported, and why (listed, never fatal on its own). */
export interface SkippedEntry {
  /** Which entry: `entry 7`, `entry 7 (change 1a2b3c4d)`, `line 12`, `entries[3]`. */
  entry: string;
  reason: string;
}

/**
 * An import input that cannot be used at all: unreadable, truncated before the first entry, foreign (not
 * a HAR / not an Entra provisioning log) or without a single importable entry. Exit code 2.
 */
export class ImportError extends HarnessError {
  readonly code = "SCIM_HARNESS_IMPORT_INVALID";
  constructor(
    readonly file: string,
    readonly reason: string,
    /** Entries that were read but could not be imported, when that is why nothing was left. */
    readonly skipped: SkippedEntry[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
    this.name = "ImportError";
  }
}
